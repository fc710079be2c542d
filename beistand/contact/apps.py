from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "beistand.contact"
    label = "contact"
    verbose_name = "Anonymous conversations"

    def ready(self) -> None:
        # Registers the retention category of inactive conversations.
        from beistand.contact import retention  # noqa: F401
