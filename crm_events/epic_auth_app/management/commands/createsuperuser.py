"""``manage.py createsuperuser``: the first IT administrator, hired through the staff service.

Replaces Django's command of the same name (epic_auth_app is listed before
django.contrib.auth) so that the account gets the same validation, hashing and
``employee.created`` report as any hire, without the model's manager having to know
the services. SPEC §5 bootstrap:

    DJANGO_SUPERUSER_PASSWORD=... python crm_events/manage.py createsuperuser --noinput --email boss@example.com

``--full-name`` names the administrator; without it the name is made from the email
(``boss.smith@`` gives "Boss Smith", ``it@`` gives "It"), and the command says how to
correct it. As with Django's command, ``--noinput`` also reads ``DJANGO_SUPERUSER_EMAIL``
and ``DJANGO_SUPERUSER_FULL_NAME`` when the options are not given.
"""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from crm_core.errors import CrmError
from epic_auth_app.models import DepartmentCode

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"  # nosec B105 - the name of the variable, not a password
EMAIL_VARIABLE = "DJANGO_SUPERUSER_EMAIL"
FULL_NAME_VARIABLE = "DJANGO_SUPERUSER_FULL_NAME"


def name_from_email(email: str) -> str:
    local_part = email.strip().split("@")[0]
    return " ".join(word.capitalize() for word in local_part.replace("_", ".").split(".") if word) or email


class Command(BaseCommand):
    help = "Create an IT administrator (a manager who may also use Django admin)."

    def add_arguments(self, parser):
        parser.add_argument("--email", help="the administrator's email, their login")
        parser.add_argument(
            "--full-name",
            help=f"their full name (default: {FULL_NAME_VARIABLE} with --noinput, else made from the email)",
        )
        parser.add_argument("--phone", default="")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"ask nothing: the password comes from {PASSWORD_VARIABLE}",
        )

    def handle(self, *args, email=None, full_name=None, phone="", interactive=True, **options):
        from epic_auth_app.services import employee_save_new

        if interactive:
            email, full_name, password = self._ask(email, full_name)
        else:
            email = email or os.environ.get(EMAIL_VARIABLE, "")
            full_name = full_name or os.environ.get(FULL_NAME_VARIABLE, "")
            if not email:
                raise CommandError(f"Give the administrator's email with --email (or {EMAIL_VARIABLE}).")
            password = os.environ.get(PASSWORD_VARIABLE, "")
            if not password:
                raise CommandError(f"Set {PASSWORD_VARIABLE} to the new administrator's password.")
        named_after_email = not (full_name or "").strip()
        try:
            employee = employee_save_new(
                actor=None,
                email=email,
                full_name=name_from_email(email) if named_after_email else full_name,
                department=DepartmentCode.MANAGEMENT,
                phone=phone,
                password=password,
                is_superuser=True,
            )
        except CrmError as refusal:
            raise CommandError(refusal.message) from None
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                f"Administrator {employee.full_name} ({employee.employee_number}) created; "
                "they can log in to the CRM and to Django admin."
            )
            if named_after_email:
                self.stdout.write(
                    f"The name '{employee.full_name}' was made from the email; give the real one on their page in "
                    "Django admin (or use --full-name next time)."
                )

    def _ask(self, email, full_name):
        try:
            email = email or input("Email: ").strip()
            suggested = name_from_email(email)
            full_name = full_name or input(f"Full name [{suggested}]: ").strip() or suggested
            password = getpass.getpass("Password: ")
            if getpass.getpass("Password (again): ") != password:
                raise CommandError("The two passwords differ; run the command again.")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("Cancelled; nothing was created.") from None
        return email, full_name, password
