from django.urls import path

from beistand.network import views_public

app_name = "public"
urlpatterns = [
    path("", views_public.home, name="home"),
    path("centres/", views_public.centre_list, name="centres"),
    path("centres/<slug:slug>/", views_public.centre_detail, name="centre"),
]
