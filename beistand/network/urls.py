"""Staff URLs of the network directory (under /<lang>/staff/network/). Objects by slug."""

from django.urls import path

from beistand.network import views

app_name = "network"
urlpatterns = [
    path("", views.centre_list, name="centre_list"),
    path("centres/new/", views.centre_create, name="centre_create"),
    path("centres/<slug:slug>/", views.centre_detail, name="centre_detail"),
    path("centres/<slug:slug>/edit/", views.centre_edit, name="centre_edit"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("networks/", views.network_list, name="network_list"),
    path("networks/new/", views.network_create, name="network_create"),
    path("networks/<slug:slug>/", views.network_detail, name="network_detail"),
    path("networks/<slug:slug>/edit/", views.network_edit, name="network_edit"),
]
