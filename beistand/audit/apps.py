from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "beistand.audit"
    label = "audit"
    verbose_name = "Audit"
