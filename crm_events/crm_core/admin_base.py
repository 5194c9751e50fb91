"""What every admin page of the CRM shares: administrators only, and saving through the services.

Django admin is for IT administrators (active superusers). Staff work from the CLI,
where SPEC §3 is enforced per department; giving them admin pages would be a second,
weaker copy of those rules, so a staff flag or a Django permission grants nothing here.

An admin form only parses what the browser sent (types, required fields), then hands
the values to a service function, which validates, writes and audits exactly as it
does for the CLI. A refusal becomes form errors on the fields it names; nothing is
saved. The admin never calls ``Model.save()`` itself.

A record's "History" page shows the CRM's history of that record (``crm_core.history``),
the same entries as every other entry point; deletions made here are recorded with the
administrator as their author.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import Q
from django.utils import formats
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from crm_core.change_history import acting_as
from crm_core.errors import CrmError, InvalidInput, NotFound
from crm_core.history import change_rows, history_page

HISTORY_PAGE_SIZE = 50


def is_administrator(user) -> bool:
    """An IT administrator: an active superuser (the anonymous user is neither)."""
    return bool(user.is_active and user.is_superuser)


def amount(value: Decimal) -> str:
    """An amount as the CLI prints it: 18,500.00 (dates follow config/formats)."""
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


class ActiveStaffFilter(admin.RelatedFieldListFilter):
    """Filter by an employee, offering only active ones: a removed colleague is nobody to pick
    (their past records are still found by search, and shown in every list)."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        limit = field.get_limit_choices_to()  # e.g. the Sales department for a sales contact
        active = (Q(**limit) if isinstance(limit, dict) else limit) & Q(is_active=True)
        return field.get_choices(include_blank=False, ordering=ordering, limit_choices_to=active)


class AdministratorsOnly:
    """Every page of a model admin, for administrators only, whatever permissions a user holds."""

    def has_module_permission(self, request) -> bool:
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)

    def has_add_permission(self, request) -> bool:
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_administrator(request.user)


def add_refusal(form: forms.BaseForm, error: CrmError, field_names: dict[str, str] | None = None) -> None:
    """Show a service's refusal on ``form``: each InvalidInput field on its form field, the rest on top.

    ``field_names`` maps a service's field name to the form's where they differ.
    """
    if not isinstance(error, InvalidInput):
        form.add_error(None, error.message)
        return
    for field, message in error.errors.items():
        name = (field_names or {}).get(field, field)
        form.add_error(name if name in form.fields else None, message)


class ServiceModelForm(forms.ModelForm):
    """A model form whose saving is a service call made once the input is parsed.

    Subclasses implement ``submit(values)``: call the service and return the stored
    record. It runs during validation so that a refusal can still become form errors.
    """

    actor = None  # the administrator; ServiceModelAdmin.get_form sets it for each request
    service_field_names: dict[str, str] = {}

    def _post_clean(self):
        # Replaces ModelForm's own model validation: the service is the one judge of the
        # values, as it is for the CLI, so the admin cannot accept what the CLI refuses.
        if self._errors:
            return  # input that could not even be parsed: nothing to submit
        try:
            self.saved = self.submit(self.cleaned_data)
        except CrmError as error:
            add_refusal(self, error, self.service_field_names)

    def submit(self, values: dict):
        raise NotImplementedError

    def changed_values(self, fields) -> dict:
        """The submitted values that differ from the record, among ``fields``."""
        return {field: self.cleaned_data[field] for field in self.changed_data if field in fields}

    def save(self, commit=True):
        # Already written by the service in submit(); the admin only needs the stored record.
        self.save_m2m = lambda: None
        return self.saved


class ServiceModelAdmin(AdministratorsOnly, admin.ModelAdmin):
    """A model admin whose add and change pages save through ``form.submit``."""

    form = ServiceModelForm
    # Rows edited in the changelist would be saved by ModelForm.save(), past the services.
    list_editable = ()
    # Counting the whole table on every page is what makes a big changelist slow; the
    # filtered count the paginator needs is enough.
    show_full_result_count = False
    list_per_page = 50

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # modelform_factory made this class for this request only
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # No "delete" button next to a choice: deleting the chosen record from
            # another record's form is a surprise, and its own page says what it implies.
            formfield.widget.can_delete_related = False
        return formfield

    def save_model(self, request, obj, form, change):
        """Nothing to do: the form's service call has saved the record already."""

    def delete_model(self, request, obj):
        with acting_as(request.user):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with acting_as(request.user):
            super().delete_queryset(request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        """The record's history, newest first, one row per changed field; also for a deleted record."""
        record = self.get_object(request, unquote(object_id))
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        number = request.GET.get("p", "1")
        number = int(number) if number.isdigit() and len(number) < 5 else 1
        try:
            page = history_page(resource=self.model, record_id=unquote(object_id), page=number, limit=HISTORY_PAGE_SIZE)
        except NotFound:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        except InvalidInput as error:  # an id that is not one, or a page past the last one shown
            context = {**self._history_context(request, record), "error": error}
            return TemplateResponse(request, "admin/crm_core/record_history.html", context)
        context = {
            **self._history_context(request, record),
            "record_id": unquote(object_id),
            "rows": change_rows(page.items),
            "page": page,
            "previous_page": page.number - 1 if page.number > 1 else None,
            "next_page": page.number + 1 if page.has_next else None,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/crm_core/record_history.html", context)

    def _history_context(self, request, record) -> dict:
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "title": f"History: {record}" if record is not None else f"History of a deleted {self.opts.verbose_name}",
            "subtitle": None,
            "object": record,
            "opts": self.opts,
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
        }
