from django.apps import AppConfig


class KeysConfig(AppConfig):
    name = "beistand.keys"
    label = "keys"
    verbose_name = "Keys"

    def ready(self) -> None:
        from beistand.keys import checks  # noqa: F401
