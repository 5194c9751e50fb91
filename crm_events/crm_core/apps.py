from django.apps import AppConfig


class CrmCoreConfig(AppConfig):
    """Cross-cutting pieces shared by the CRM apps: errors, validation, policy, audit."""

    name = "crm_core"
    verbose_name = "CRM core"
