from django.apps import AppConfig


class EpicContractsConfig(AppConfig):
    name = "epic_contracts_app"
    verbose_name = "Contracts"
