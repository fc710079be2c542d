from django.urls import URLPattern

app_name = "helpfinder_public"
urlpatterns: list[URLPattern] = []
