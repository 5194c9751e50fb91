from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The HTTPS API under /api/v1/: an entry point over the services, like the CLI and the admin."""

    name = "api"
    label = "api"
    verbose_name = "HTTPS API"
