"""Employee forms of Django admin: hiring, changing and removing go through the staff services.

So the password validators, the bcrypt hasher, the handover on removal and the
``employee.*`` audit records (log line and Sentry) are the same as from the CLI.
The password hash is never a form field: it cannot be shown or posted.
"""

from django import forms
from django.contrib.auth import password_validation

from crm_core.admin_base import ServiceModelForm
from epic_auth_app.models import Employee
from epic_auth_app.services import employee_save_changes, employee_save_new

DETAIL_FIELDS = ("email", "full_name", "phone", "department", "is_superuser")
# The one access flag the admin shows: Django's staff flag follows it and grants nothing alone.
ADMINISTRATOR_LABEL = "IT administrator"
ADMINISTRATOR_HELP = (
    "May log in to this admin site, and see and change every record here. Staff need no admin "
    "rights: they work with the CRM program, where their department decides what they may do."
)


def _password_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=help_text,
    )


class EmployeeForm(ServiceModelForm):
    new_password = _password_field("New password", password_validation.password_validators_help_text_html())
    new_password_again = _password_field("New password again", "The same password, to rule out a typing mistake.")
    # Form field names (bandit B105 reads them as passwords).
    service_field_names = {"password": "new_password"}  # nosec B105

    class Meta:
        model = Employee
        fields = DETAIL_FIELDS
        labels = {"is_superuser": ADMINISTRATOR_LABEL}
        help_texts = {"is_superuser": ADMINISTRATOR_HELP}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_password", "") != cleaned.get("new_password_again", ""):
            self.add_error("new_password_again", "The two passwords do not match; type the same password twice.")
        return cleaned


class EmployeeAddForm(EmployeeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text += " Leave both empty to let a manager set it later: until then, "
        self.fields["new_password"].help_text += "the account cannot log in."

    def submit(self, values: dict) -> Employee:
        return employee_save_new(
            actor=self.actor,
            email=values["email"],
            full_name=values["full_name"],
            phone=values["phone"],
            department=values["department"].code,
            password=values["new_password"] or None,
            is_superuser=values["is_superuser"],
        )


class EmployeeChangeForm(EmployeeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password"].help_text += " Leave both empty to keep the current password."

    def submit(self, values: dict) -> Employee:
        data = self.changed_values(DETAIL_FIELDS)
        if "department" in data:
            data["department"] = data["department"].code
        if values["new_password"]:
            data["password"] = values["new_password"]
        if not data:
            return self.instance
        return employee_save_changes(actor=self.actor, employee_id=self.instance.pk, data=data)


class EmployeeRemovalForm(forms.Form):
    """Who takes over the clients and upcoming events of the employee being removed."""

    reassign_to = forms.ModelChoiceField(
        queryset=Employee.objects.none(),
        required=False,
        label="Hand their clients and upcoming events to",
        help_text="An active colleague of the same department. Needed only when they still own records.",
    )

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"].queryset = (
            Employee.objects.filter(department_id=employee.department_id, is_active=True)
            .exclude(pk=employee.pk)
            .order_by("full_name", "id")
        )
