from django.apps import AppConfig


class EpicAuthConfig(AppConfig):
    """Employees, departments, and how they prove who they are (sessions)."""

    name = "epic_auth_app"
    verbose_name = "Staff and sessions"
