"""The first employee of a new installation, created before anyone can log in."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError

from crm_core import audit
from crm_core.errors import RuleViolation
from crm_core.validation import FieldCleaner, clean_email, clean_text
from crm_core.writes import atomic_write
from epic_auth_app.models import Department, DepartmentCode, Employee


def first_manager_create(*, email, full_name, password) -> Employee:
    """Create the very first employee, a manager, on a new installation.

    There is no actor yet, so this is allowed only while no employee exists (checked
    inside the transaction); afterwards managers hire through ``employee_create``.
    """
    cleaner = FieldCleaner()
    employee = Employee(
        email=cleaner.clean("email", clean_email, email),
        full_name=cleaner.clean("full_name", clean_text, full_name, max_length=150),
        department=Department.objects.get(code=DepartmentCode.MANAGEMENT),
    )
    if not isinstance(password, str) or not password:
        cleaner.add("password", "Password: expected a non-empty password.")
    else:
        try:
            validate_password(password, employee)
        except DjangoValidationError as exc:
            cleaner.add("password", "Password: " + " ".join(exc.messages))
    cleaner.raise_if_invalid()
    employee.set_password(password)
    with atomic_write():
        if Employee.objects.exists():
            raise RuleViolation("The CRM already has employees; ask a manager to create your account.")
        Employee.objects.insert_numbered(employee)
    audit.employee_created(actor=None, employee=employee)
    return employee
