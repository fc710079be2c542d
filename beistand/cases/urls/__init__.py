"""The case-work URLs (under /staff/cases/), one module per part of the app.

Every case URL carries the case's public id; views reach it only through
cases.access, so anything outside the user's scope is a 404.
"""

from beistand.cases.urls import care, closure, core, records

app_name = "cases"
urlpatterns = [*core.urlpatterns, *records.urlpatterns, *care.urlpatterns, *closure.urlpatterns]
