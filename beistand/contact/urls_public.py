from django.urls import URLPattern

app_name = "contact_public"
urlpatterns: list[URLPattern] = []
