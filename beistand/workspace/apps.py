from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "beistand.workspace"
    label = "workspace"
    verbose_name = "Staff workspace"

    def ready(self) -> None:
        # Integer `__in` lookups that ignore out-of-range numbers (bad input is never a 500).
        from beistand.lib import lookups  # noqa: F401
