from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The HTTPS API under /api/v1/: an entry point over the services, like the CLI and the admin."""

    name = "api"
    label = "api"
    verbose_name = "HTTPS API"

    def ready(self):
        from api.login_failures import forget_account_failures
        from epic_auth_app.signals import lockout_cleared

        lockout_cleared.connect(forget_account_failures, dispatch_uid="api.forget_account_failures")
