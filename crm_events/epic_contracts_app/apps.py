from django.apps import AppConfig


class EpicContractsConfig(AppConfig):
    name = "epic_contracts_app"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from crm_core import history
        from crm_core.policy import Action
        from epic_contracts_app.models import Contract
        from epic_contracts_app.serializers import CONTRACT_SHAPE

        # Whoever may show contracts may read their history (SPEC §3).
        history.register(
            "contracts", model=Contract, label="contract", shape=CONTRACT_SHAPE, read_action=Action.VIEW_RECORDS
        )
