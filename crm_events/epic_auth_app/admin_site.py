"""The admin site: who may enter it, and how an administrator changes their own password.

Only IT administrators (active superusers) get any admin page; see crm_core.admin_base
for why staff get none. The login goes through EmployeeBackend, so the CLI's lockout
applies to the browser too.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm, AdminPasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from crm_core.admin_base import add_refusal, is_administrator
from crm_core.errors import CrmError
from epic_auth_app.services import employee_save_changes

# The exact command (from the repository's folder on the CRM's host) that makes the first administrator.
CREATE_ADMINISTRATOR = (
    "DJANGO_SUPERUSER_PASSWORD='...' .venv/bin/python crm_events/manage.py createsuperuser --noinput "
    '--email EMAIL --full-name "FULL NAME"'
)
# One sentence for a wrong password, a locked account and the right password of someone who is
# not an administrator, as the CLI answers every refused login alike: telling them apart would
# confirm a password to whoever is guessing. So the next step is given to all three.
LOGIN_REFUSED = (
    "Login refused: wrong email or password, an account locked after repeated failures, or an account "
    "that is not an IT administrator's (staff work with the CRM program, ./crm); an administrator "
    "makes an employee one by ticking \"IT administrator\" on their page here, and the first one is "
    f"made on the CRM's host, in its folder, with: {CREATE_ADMINISTRATOR}"
)


class AdministratorLoginForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": LOGIN_REFUSED,
        "inactive": LOGIN_REFUSED,
    }

    def confirm_login_allowed(self, user):
        # Checked before the session is opened, so staff never get a logged-in admin session.
        if not is_administrator(user):
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


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
    # Six pages fit the index and the breadcrumbs; the sidebar would take a fifth of a 1400 px screen.
    enable_nav_sidebar = False
    login_form = AdministratorLoginForm

    def has_permission(self, request) -> bool:
        return is_administrator(request.user)

    def redirect_to_index(self, request):
        """The site's root (``/``): the admin is its only page for a browser."""
        return HttpResponseRedirect(reverse("admin:index", current_app=self.name))

    def password_change(self, request, extra_context=None):
        request.current_app = self.name
        return PasswordChangeView.as_view(
            form_class=AdministratorPasswordChangeForm,
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)
