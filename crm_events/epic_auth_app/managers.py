from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.password_validation import validate_password
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

    def create_user(self, email, password=None, *, department, full_name="", **extra_fields):
        email = self.normalize_email(email).lower()
        full_name = full_name or email.split("@")[0].replace(".", " ").title()
        employee = self.model(email=email, full_name=full_name, department=department, **extra_fields)
        if password is not None:
            validate_password(password, employee)
        employee.set_password(password)
        self.insert_numbered(employee)
        return employee

    def create_superuser(self, email, password=None, **extra_fields):
        from epic_auth_app.models import Department, DepartmentCode

        extra_fields.setdefault("department", Department.objects.using(self._db).get(code=DepartmentCode.MANAGEMENT))
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self.create_user(email, password, **extra_fields)
