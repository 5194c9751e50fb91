from django.apps import AppConfig


class EpicImportsConfig(AppConfig):
    """Spreadsheet import: a use case above the clients, contracts and events apps (no models)."""

    name = "epic_imports_app"
    verbose_name = "Spreadsheet import"
