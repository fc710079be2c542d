from django.apps import AppConfig


class HelpfinderConfig(AppConfig):
    name = "beistand.helpfinder"
    label = "helpfinder"
    verbose_name = "Help finder"
