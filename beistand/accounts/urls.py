"""Sign-in, second factor and password pages (django-allauth), without signup.

Staff accounts and their e-mail addresses are managed by administrators, so
allauth's signup and "manage your e-mail addresses" pages answer 404. Their
URL names stay defined (allauth reverses them internally), pointing at a view
that does not exist for anybody.
"""

from django.urls import include, path

from beistand.accounts import views

urlpatterns = [
    path("signup/", views.closed, name="account_signup"),
    path("email/", views.closed, name="account_email"),
    path("", include("allauth.urls")),
]
