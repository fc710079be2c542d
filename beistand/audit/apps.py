from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "beistand.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # Sign-in, second-factor and password events come from Django's and allauth's signals.
        from beistand.audit import signals  # noqa: F401
