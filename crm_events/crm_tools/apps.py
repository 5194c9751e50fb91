from django.apps import AppConfig


class CrmToolsConfig(AppConfig):
    """Tooling that stands on every app: demo and volume data, the benchmark, the schema diagram.

    It sits above the four apps and crm_core; nothing of the product imports it at run
    time, except the first-run offer of demo data in the menu.
    """

    name = "crm_tools"
    verbose_name = "CRM tooling"
