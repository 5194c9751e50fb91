from django.contrib.auth.base_user import BaseUserManager
from django.db import IntegrityError, transaction

NUMBER_PREFIX = "EE"


class EmployeeManager(BaseUserManager):
    """Low-level storage of employee rows: lookup by login and numbering.

    Hiring (who may hire, validation of every field, hashing, the audit record) is
    ``epic_auth_app.services``; ``createsuperuser`` is this app's own command, which
    calls that service. The manager imports nothing above the models.
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
