"""The admin site: who may enter it, and how an administrator changes their own password.

Only IT administrators (active superusers) get any admin page; see crm_core.admin_base
for why staff get none. The login goes through EmployeeBackend, so the CLI's lockout
applies to the browser too.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.urls import reverse

from crm_core.admin_base import add_refusal, is_administrator
from crm_core.errors import CrmError
from epic_auth_app.services import employee_save_changes

NOT_AN_ADMINISTRATOR = (
    "This account has no administrator rights: Django admin is for IT administrators. "
    "Staff work with the CRM program (python crm_events/main.py)."
)


class AdministratorLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Please enter the correct email and password of an administrator account.",
        "not_administrator": NOT_AN_ADMINISTRATOR,
    }

    def confirm_login_allowed(self, user):
        # Checked before the session is opened, so staff never get a logged-in admin session.
        if not is_administrator(user):
            raise ValidationError(self.error_messages["not_administrator"], code="not_administrator")


class AdministratorPasswordChangeForm(AdminPasswordChangeForm):
    """The "change password" page: the new password is set by the same service as in the CLI.

    So the validators, the hasher, the end of the employee's CLI sessions and the
    ``employee.updated`` audit record are the same as for any other password change.
    """

    def clean(self):
        cleaned = super().clean()
        if not self._errors:
            try:
                self.saved = employee_save_changes(
                    actor=self.user, employee_id=self.user.pk, data={"password": cleaned["new_password1"]}
                )
            except CrmError as error:
                # Form field names (bandit B105 reads them as passwords).
                add_refusal(self, error, {"password": "new_password1"})  # nosec B105
        return cleaned

    def save(self, commit=True):
        # Keep the browser session valid: its hash is derived from the new password hash.
        self.user.password = self.saved.password
        return self.user


class CrmAdminSite(admin.AdminSite):
    site_header = "Epic Events CRM administration"
    site_title = "Epic Events CRM"
    index_title = "Records"
    site_url = None  # the admin is the only web page: no "view site" link to nowhere
    login_form = AdministratorLoginForm

    def has_permission(self, request) -> bool:
        return is_administrator(request.user)

    def password_change(self, request, extra_context=None):
        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=AdministratorPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)
