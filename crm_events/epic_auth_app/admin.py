"""Admin pages for staff and departments (administrators only, see crm_core.admin_base)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import admin as auth_admin  # noqa: F401 - registers Group, unregistered below
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from crm_core import clock
from crm_core.admin_base import AdministratorsOnly, ServiceModelAdmin, add_refusal
from crm_core.counting import counted
from crm_core.errors import CrmError
from epic_auth_app.admin_forms import ADMINISTRATOR_LABEL, EmployeeAddForm, EmployeeChangeForm, EmployeeRemovalForm
from epic_auth_app.models import AuthSession, Department, Employee
from epic_auth_app.services import employee_clear_lockout, employee_remove, sessions_end

# Access is "administrator or nothing", never Django's per-model permissions, so a
# Groups page would suggest a way of granting access that does not exist. This app is
# listed before django.contrib.auth, whose admin module registers Group: imported above
# so that it has, whatever the order autodiscover imports them in.
if admin.site.is_registered(Group):
    admin.site.unregister(Group)


# Shown read-only: these change only through login, removal and the services. The staff
# flag is not among them: it follows the administrator flag and lets no one in by itself.
ACCOUNT_STATE = (
    "is_active",
    "last_admin_login",
    "failed_logins",
    "locked_until",
    "date_joined",
    "updated_at",
    "deleted_at",
)


class AdministratorFilter(admin.SimpleListFilter):
    title = ADMINISTRATOR_LABEL
    parameter_name = "administrator"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_superuser=self.value() == "yes")
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("locked", "Locked after failed logins"), ("removed", "Removed")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(is_active=True)
        if self.value() == "locked":
            return queryset.filter(locked_until__gt=clock.now())
        if self.value() == "removed":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Employee)
class EmployeeAdmin(ServiceModelAdmin):
    list_display = (
        "full_name",
        "employee_number",
        "email",
        "department",
        "phone",
        "status",
        "administrator",
    )
    list_display_links = ("full_name", "employee_number")
    list_select_related = ("department",)
    list_filter = ("department", StatusFilter, AdministratorFilter)
    search_fields = ("full_name", "email", "employee_number")
    ordering = ("full_name", "id")
    readonly_fields = ("employee_number", "password_status", "open_sessions", *ACCOUNT_STATE)
    actions = ("unlock_accounts", "end_sessions")
    add_fieldsets = (
        (None, {"fields": ("email", "full_name", "phone", "department")}),
        ("Access", {"fields": ("is_superuser", "new_password", "new_password_again")}),
    )
    fieldsets = (
        (None, {"fields": ("employee_number", "email", "full_name", "phone", "department")}),
        ("Access", {"fields": ("is_superuser", "password_status", "new_password", "new_password_again")}),
        ("Account state", {"fields": ("open_sessions", *ACCOUNT_STATE)}),
    )

    @admin.display(description="status")
    def status(self, employee: Employee) -> str:
        if employee.deleted_at is not None:
            return f"Removed {timezone.localtime(employee.deleted_at):%Y-%m-%d}"
        if not employee.is_active:
            return "Disabled"
        if employee.lock_ends_at() is not None:
            return "Locked"
        return "Active"

    # Django sets last_login for admin logins only; CRM logins show as sessions.
    @admin.display(description="last login to this admin site")
    def last_admin_login(self, employee: Employee):
        return employee.last_login

    @admin.display(description="failed logins in a row")
    def failed_logins(self, employee: Employee) -> int:
        return employee.failed_login_count

    @admin.display(description=ADMINISTRATOR_LABEL, boolean=True, ordering="is_superuser")
    def administrator(self, employee: Employee) -> bool:
        return employee.is_superuser

    @admin.display(description="open sessions")
    def open_sessions(self, employee: Employee) -> str:
        count = employee.auth_sessions.filter(revoked_at__isnull=True, expires_at__gt=clock.now()).count()
        url = reverse("admin:epic_auth_app_authsession_changelist") + f"?employee={employee.pk}&state=open"
        return format_html(
            '{} (<a href="{}">see them</a>; end them with the "End every open session" action of the list)',
            count,
            url,
        )

    @admin.action(description="Unlock the selected accounts (after failed logins; passwords stay)")
    def unlock_accounts(self, request, queryset):
        unlocked, refused = [], []
        for employee in queryset.order_by("full_name", "id"):
            try:
                if employee_clear_lockout(actor=request.user, employee_id=employee.pk).was_locked:
                    unlocked.append(employee.full_name)
            except CrmError as error:
                refused.append(error.message)
        if unlocked:
            self.message_user(request, f"Unlocked: {', '.join(unlocked)}; they can log in now.", messages.SUCCESS)
        else:
            self.message_user(request, "None of the selected accounts was locked; nothing changed.", messages.INFO)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description="End every open session of the selected employees (e.g. a stolen laptop)")
    def end_sessions(self, request, queryset):
        ended = sessions_end(actor=request.user, employee_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request, f"{counted(ended, 'open session')} ended; their tokens are refused from now on.", messages.SUCCESS
        )

    @admin.display(description="password")
    def password_status(self, employee: Employee) -> str:
        # Which hasher, never the hash: the hash is all an attacker needs for an offline attack.
        if not employee.has_usable_password():
            return "Not set: this account cannot log in until a password is set."
        try:
            algorithm = identify_hasher(employee.password).algorithm
        except ValueError:
            algorithm = "unknown"
        return f"Set (stored salted and hashed with {algorithm})."

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        if not self.has_change_permission(request, obj):
            # A removed employee's page is read-only: no password inputs to show.
            return tuple(
                (name, {**options, "fields": [f for f in options["fields"] if not f.startswith("new_password")]})
                for name, options in self.fieldsets
            )
        return self.fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = EmployeeChangeForm if obj is not None else EmployeeAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            # Choosing a sales or support contact: only someone who can still do the work.
            queryset = queryset.filter(is_active=True)
        return queryset, may_have_duplicates

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.deleted_at is None)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (obj is None or obj.deleted_at is None)

    def get_actions(self, request):
        # A bulk row delete would bypass the handover; removal is one employee at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """"Delete" means the CLI's removal: handover, disabled account, row kept for history."""
        employee = self.get_object(request, unquote(object_id))
        if employee is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_delete_permission(request, employee):
            raise PermissionDenied
        form = EmployeeRemovalForm(request.POST or None, employee=employee)
        if request.method == "POST" and form.is_valid():
            successor = form.cleaned_data["reassign_to"]
            try:
                removal = employee_remove(
                    actor=request.user, employee_id=employee.pk, reassign_to_id=successor.pk if successor else None
                )
            except CrmError as error:
                add_refusal(form, error, {"reassign_to": "reassign_to"})
            else:
                self.log_change(request, removal.employee, "Removed (account disabled, record kept).")
                text = f"{employee.full_name} was removed and can no longer log in."
                if removal.reassigned_to:
                    text += (
                        f" {counted(removal.clients_moved, 'client')} and"
                        f" {counted(removal.events_moved, 'upcoming event')}"
                        f" went to {removal.reassigned_to.full_name}."
                    )
                self.message_user(request, text, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:epic_auth_app_employee_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Remove {employee.full_name}",
            "opts": self.opts,
            "employee": employee,
            "form": form,
            "clients": employee.clients.count(),
            "upcoming_events": employee.supported_events.filter(end__gt=clock.now()).count(),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/epic_auth_app/employee/remove.html", context)


@admin.register(Department)
class DepartmentAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Read-only: the three departments are fixed, the permission rules rely on their codes."""

    list_display = ("name", "code", "active_employees")
    ordering = ("name",)

    def get_queryset(self, request):
        active = Count("employees", filter=Q(employees__is_active=True))
        return super().get_queryset(request).annotate(active_employee_count=active)

    @admin.display(description="active employees", ordering="active_employee_count")
    def active_employees(self, department: Department) -> int:
        return department.active_employee_count

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class SessionStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("ended", "Ended (logout, new login, password change, removal, ended here)"),
                ("expired", "Expired")]

    def queryset(self, request, queryset):
        now = clock.now()
        if self.value() == "open":
            return queryset.filter(revoked_at__isnull=True, expires_at__gt=now)
        if self.value() == "ended":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(AuthSession)
class AuthSessionAdmin(AdministratorsOnly, admin.ModelAdmin):
    """CRM sessions (one per login), read-only but for ending them: nothing about the device,
    and never the token or its id, which only the employee's machine needs."""

    list_display = ("id", "employee", "started", "expires", "last_used", "state")
    list_select_related = ("employee",)
    list_filter = (SessionStateFilter,)
    search_fields = ("employee__full_name", "employee__email", "employee__employee_number")
    ordering = ("-issued_at", "-id")
    fields = ("id", "employee", "started", "expires", "last_used", "state")
    readonly_fields = fields
    actions = ("end_selected",)
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="started", ordering="issued_at")
    def started(self, session: AuthSession):
        return session.issued_at

    @admin.display(description="expires", ordering="expires_at")
    def expires(self, session: AuthSession):
        return session.expires_at

    @admin.display(description="last used", ordering="last_used_at")
    def last_used(self, session: AuthSession):
        return session.last_used_at or session.issued_at  # not used since login

    @admin.display(description="state")
    def state(self, session: AuthSession) -> str:
        if session.revoked_at is not None:
            return f"Ended {timezone.localtime(session.revoked_at):%Y-%m-%d %H:%M}"
        if session.expires_at <= clock.now():
            return "Expired"
        return "Open"

    @admin.action(description="End the selected sessions (their tokens are refused from now on)")
    def end_selected(self, request, queryset):
        ended = sessions_end(actor=request.user, session_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{counted(ended, 'open session')} ended.", messages.SUCCESS)

    def has_add_permission(self, request) -> bool:
        return False  # a session is opened by logging in, nowhere else

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ended, never deleted: the row says when
