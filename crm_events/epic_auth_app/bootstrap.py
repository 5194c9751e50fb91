"""The first employee of a new installation, created before anyone can log in."""

from django.db import transaction

from crm_core.errors import InvalidInput, RuleViolation
from epic_auth_app.models import DepartmentCode, Employee
from epic_auth_app.services import employee_save_new


def first_manager_create(*, email, full_name, password, is_administrator=False) -> Employee:
    """Create the very first employee, a manager, on a new installation.

    There is no actor yet, so this is allowed only while no employee exists (checked in
    the same transaction); afterwards managers hire through ``employee_create``. The
    validation, hashing and audit record are those of every hire. ``is_administrator``:
    the installation's owner may also be its first IT administrator (Django admin).
    """
    if not isinstance(password, str) or not password:
        message = "Password: the first manager needs a password to log in."
        raise InvalidInput({"password": message})
    with transaction.atomic():
        if Employee.objects.exists():
            raise RuleViolation("The CRM already has employees; ask a manager to create your account.")
        return employee_save_new(
            actor=None,
            email=email,
            full_name=full_name,
            department=DepartmentCode.MANAGEMENT,
            password=password,
            is_superuser=is_administrator,
        )
