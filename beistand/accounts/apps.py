from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "beistand.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
