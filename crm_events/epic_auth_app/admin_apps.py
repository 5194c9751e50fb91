from django.contrib.admin.apps import AdminConfig


class CrmAdminConfig(AdminConfig):
    """Django admin with the CRM's site: administrators (active superusers) only."""

    default_site = "epic_auth_app.admin_site.CrmAdminSite"
