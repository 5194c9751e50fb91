from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

NUMBER_PREFIX = "EE"


class EmployeeManager(BaseUserManager):
    """Low-level creation of employee rows (numbering, hashing).

    Business rules (who may hire, validation of every field) live in
    ``epic_auth_app.services``; this manager is also what ``createsuperuser`` calls.
    """

    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def next_employee_number(self) -> str:
        last = (
            self.filter(employee_number__startswith=NUMBER_PREFIX)
            .order_by("-employee_number")
            .values_list("employee_number", flat=True)
            .first()
        )
        number = int(last[len(NUMBER_PREFIX):]) + 1 if last else 1
        return f"{NUMBER_PREFIX}{number:05d}"

    def insert_numbered(self, employee) -> None:
        """Save a new employee with the next free number, retrying if another process took it."""
        for attempt in range(5):
            employee.employee_number = self.next_employee_number()
            try:
                with transaction.atomic(using=self._db):
                    employee.save(using=self._db)
                return
            except IntegrityError as exc:
                if "employee_number" not in str(exc) or attempt == 4:
                    raise

    def create_user(self, email, password=None, *, department, full_name, phone="", is_superuser=False):
        """Django's entry point for creating accounts, hired through the same service as anyone
        else: the same validation, and the same ``employee.created`` report."""
        from crm_core.errors import InvalidInput
        from epic_auth_app.services import employee_save_new

        try:
            return employee_save_new(
                actor=None,
                email=email,
                full_name=full_name,
                department=getattr(department, "code", department),
                phone=phone,
                password=password,
                is_superuser=is_superuser,
            )
        except InvalidInput as refused:
            raise ValidationError(list(refused.errors.values())) from None

    def create_superuser(self, email, password=None, **extra_fields):
        """What ``createsuperuser`` calls: an IT administrator in Management (SPEC §5 bootstrap).

        The bootstrap command gives just an email, so the name is made from it until a
        manager corrects it.
        """
        from epic_auth_app.models import DepartmentCode

        full_name = extra_fields.get("full_name") or self.normalize_email(email).split("@")[0].replace(".", " ").title()
        return self.create_user(
            email,
            password,
            department=DepartmentCode.MANAGEMENT,
            full_name=full_name,
            phone=extra_fields.get("phone", ""),
            is_superuser=True,
        )
