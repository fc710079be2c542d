from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "beistand.workspace"
    label = "workspace"
    verbose_name = "Staff workspace"
