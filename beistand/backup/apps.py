from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "beistand.backup"
    label = "backup"
    verbose_name = "Backup"
