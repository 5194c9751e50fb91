from django.apps import AppConfig


class EpicClientsConfig(AppConfig):
    name = "epic_clients_app"
    verbose_name = "Clients"
