"""The audit viewer in the staff workspace (/<lang>/staff/audit/)."""

from django.urls import path

from beistand.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
]
