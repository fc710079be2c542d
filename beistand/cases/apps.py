from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "beistand.cases"
    label = "cases"
    verbose_name = "Case work"

    def ready(self) -> None:
        # Registers the retention categories of closed cases (and their persons and incidents).
        from beistand.cases import retention  # noqa: F401
