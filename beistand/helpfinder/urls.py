from django.urls import URLPattern

app_name = "helpfinder"
urlpatterns: list[URLPattern] = []
