from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "beistand.contact"
    label = "contact"
    verbose_name = "Anonymous conversations"
