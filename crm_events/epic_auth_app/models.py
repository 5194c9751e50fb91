import datetime as dt

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from crm_core import clock
from crm_core.change_history import RecordHistory
from epic_auth_app.managers import EmployeeManager


class DepartmentCode(models.TextChoices):
    MANAGEMENT = "management", "Management"
    SALES = "sales", "Sales"
    SUPPORT = "support", "Support"


class Department(models.Model):
    """One of the three fixed departments; rows are created by a data migration."""

    code = models.CharField(max_length=20, unique=True, choices=DepartmentCode.choices)
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__in=DepartmentCode.values),
                name="department_code_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Employee(AbstractBaseUser, PermissionsMixin):
    """A member of staff. The email is the login; department decides what they may do."""

    employee_number = models.CharField(max_length=12, unique=True, editable=False)
    full_name = models.CharField(max_length=150)
    email = models.EmailField(max_length=254, unique=True)
    phone = models.CharField(max_length=40, blank=True)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="employees")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May log in to Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set when the employee was removed: the row stays so that history stays readable.
    deleted_at = models.DateTimeField(null=True, blank=True)
    failed_login_count = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = EmployeeManager()
    # Never in history: the password hash, and the login bookkeeping that changes at every login.
    history = RecordHistory(excluded_fields=("password", "last_login", "failed_login_count", "locked_until"))

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="employee_email_lowercase"),
            models.CheckConstraint(
                condition=models.Q(deleted_at__isnull=True) | models.Q(is_active=False),
                name="employee_deleted_is_inactive",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "full_name"], name="employee_department_idx"),
            # The staff list, by name: read in index order and stopped after its page, nothing to sort.
            models.Index(fields=["full_name", "id"], name="employee_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_number})"

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def department_code(self) -> str:
        return self.department.code

    def lock_ends_at(self) -> dt.datetime | None:
        """When the lockout after failed logins ends, or None if the account is not locked now."""
        if self.locked_until is not None and self.locked_until > clock.now():
            return self.locked_until
        return None

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def validate_department(employee: Employee | None, code: str, field: str) -> None:
    """Model-level check behind the database trigger: ``employee`` must be in ``code``."""
    if employee is not None and employee.department.code != code:
        raise ValidationError({field: f"{employee.full_name} is not in the {code} department."})


class AuthSession(models.Model):
    """A session token issued at login, so that it can be revoked before it expires."""

    jti = models.CharField(max_length=64, unique=True)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="auth_sessions")
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # For administrators ending a stolen laptop's session; None until first used after login.
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "CRM session"
        indexes = [models.Index(fields=["employee", "revoked_at"], name="authsession_employee_idx")]

    def __str__(self) -> str:
        return f"session {self.pk} of employee {self.employee_id}"
