"""Account administration in the workspace (/staff/accounts/), for administrators only."""

from django.urls import path

from beistand.accounts import views

app_name = "staff_accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<uuid:public_id>/", views.user_detail, name="user_detail"),
    path("<uuid:public_id>/edit/", views.user_edit, name="user_edit"),
    path("<uuid:public_id>/roles/add/", views.membership_add, name="membership_add"),
    path(
        "<uuid:public_id>/roles/<uuid:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("<uuid:public_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("<uuid:public_id>/activate/", views.user_reactivate, name="user_reactivate"),
    path("<uuid:public_id>/second-factor/reset/", views.user_reset_mfa, name="user_reset_mfa"),
    path("<uuid:public_id>/password-link/", views.user_send_link, name="user_send_link"),
]
