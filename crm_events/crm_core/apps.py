from django.apps import AppConfig


class CrmCoreConfig(AppConfig):
    """Cross-cutting pieces shared by the CRM apps: errors, validation, policy, audit."""

    name = "crm_core"
    verbose_name = "CRM core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from crm_core import sqlite_like

        connection_created.connect(sqlite_like.install, dispatch_uid="crm_core.sqlite_like")
