from django.urls import path

from beistand.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
]
