from django.apps import AppConfig


class EpicAuthConfig(AppConfig):
    """Employees, departments, and how they prove who they are (sessions)."""

    name = "epic_auth_app"
    verbose_name = "Staff and sessions"

    def ready(self) -> None:
        from crm_core import history
        from crm_core.policy import Action
        from epic_auth_app.models import Employee
        from epic_auth_app.serializers import EMPLOYEE_SHAPE

        # Whoever may show employees may read their history (SPEC §3).
        history.register(
            "employees",
            model=Employee,
            label="employee",
            shape=EMPLOYEE_SHAPE,
            read_action=Action.VIEW_EMPLOYEES,
            removal_field="deleted_at",  # removed employees stay, disabled: their removal is an update
        )
