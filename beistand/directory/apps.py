from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "beistand.directory"
    label = "directory"
    verbose_name = "Referral directory"
