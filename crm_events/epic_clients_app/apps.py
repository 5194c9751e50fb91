from django.apps import AppConfig


class EpicClientsConfig(AppConfig):
    name = "epic_clients_app"
    verbose_name = "Clients"

    def ready(self) -> None:
        from crm_core import history
        from crm_core.policy import Action
        from epic_clients_app.models import Client
        from epic_clients_app.serializers import CLIENT_SHAPE

        # Whoever may show clients may read their history (SPEC §3).
        history.register(
            "clients", model=Client, label="client", shape=CLIENT_SHAPE, read_action=Action.VIEW_RECORDS
        )
