from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "beistand.network"
    label = "network"
    verbose_name = "Network and regions"
