from django.urls import path

from beistand.network import views

app_name = "network"
urlpatterns = [
    path("", views.centre_list, name="centre_list"),
]
