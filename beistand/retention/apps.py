from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "beistand.retention"
    label = "retention"
    verbose_name = "Retention"

    def ready(self) -> None:
        # The categories that exist today register themselves; later apps register theirs
        # in their own ready().
        from beistand.retention import categories  # noqa: F401
