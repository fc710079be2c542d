from django.urls import path

from beistand.accounts import views

app_name = "staff_accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
]
