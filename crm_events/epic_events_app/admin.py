"""Admin pages for events: saved through the event services (see crm_core.admin_base)."""

from django.contrib import admin

from crm_core import clock
from crm_core.admin_base import ActiveStaffFilter, ServiceModelAdmin, ServiceModelForm
from crm_core.policy import EVENT_DETAIL_FIELDS
from epic_events_app.models import Event
from epic_events_app.services import UPDATABLE_FIELDS, event_save_changes, event_save_new


class EventForm(ServiceModelForm):
    class Meta:
        model = Event
        fields = ("contract", *EVENT_DETAIL_FIELDS, "support_contact")

    def submit(self, values: dict) -> Event:
        support = values.get("support_contact")
        if self.instance.pk is None:
            return event_save_new(
                actor=self.actor,
                contract_id=values["contract"].pk,
                support_contact_id=support.pk if support else None,
                **{field: values[field] for field in EVENT_DETAIL_FIELDS},
            )
        data = self.changed_values((*UPDATABLE_FIELDS, "support_contact"))
        if "support_contact" in data:
            del data["support_contact"]
            data["support_contact_id"] = support.pk if support else None
        if not data:
            return self.instance
        return event_save_changes(actor=self.actor, event_id=self.instance.pk, data=data)


class SupportFilter(admin.SimpleListFilter):
    title = "support"
    parameter_name = "support"

    def lookups(self, request, model_admin):
        return [("none", "Without support"), ("assigned", "With support")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(support_contact__isnull=True)
        if self.value() == "assigned":
            return queryset.filter(support_contact__isnull=False)
        return queryset


class WhenFilter(admin.SimpleListFilter):
    title = "when"
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [("upcoming", "Upcoming (not started yet)"), ("past", "Started or over")]

    def queryset(self, request, queryset):
        # Same meaning as the CLI's --upcoming: not started yet.
        if self.value() == "upcoming":
            return queryset.filter(start__gte=clock.now())
        if self.value() == "past":
            return queryset.filter(start__lt=clock.now())
        return queryset


@admin.register(Event)
class EventAdmin(ServiceModelAdmin):
    form = EventForm
    list_display = (
        "name",
        "client_name",
        "contract_number",
        "start",
        "end",
        "support_contact_name",
        "location",
        "attendees",
    )
    list_select_related = ("contract__client", "support_contact")
    list_filter = (SupportFilter, WhenFilter, ("support_contact", ActiveStaffFilter))
    search_fields = ("name", "location", "contract__client__full_name", "contract__client__company_name")
    date_hierarchy = "start"
    ordering = ("start", "id")
    autocomplete_fields = ("contract", "support_contact")
    readonly_fields = ("client", "sales_contact", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("contract", "name", "reference", "start", "end", "location", "attendees", "notes")}),
        ("Client (through the contract)", {"fields": ("client", "sales_contact")}),
        ("Support", {"fields": ("support_contact",)}),
        ("Record", {"fields": ("created_at", "updated_at")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # the client follows from the contract chosen
            return [(name, options) for name, options in self.fieldsets if "client" not in options["fields"]]
        return self.fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contract__client__sales_contact", "support_contact")

    @admin.display(description="client")
    def client(self, event: Event) -> str:
        client = event.contract.client
        return f"{client.full_name}, {client.company_name} ({client.email}, {client.phone})"

    @admin.display(description="sales contact")
    def sales_contact(self, event: Event) -> str:
        return event.contract.client.sales_contact.full_name

    @admin.display(description="client", ordering="contract__client__full_name")
    def client_name(self, event: Event) -> str:
        return event.contract.client.full_name

    @admin.display(description="contract", ordering="contract_id")
    def contract_number(self, event: Event) -> str:
        return f"Contract {event.contract_id}"

    @admin.display(description="support contact", ordering="support_contact__full_name")
    def support_contact_name(self, event: Event) -> str:
        return event.support_contact.full_name if event.support_contact else "— none —"

    def get_readonly_fields(self, request, obj=None):
        # As in the CLI, an event stays with the contract it was created for.
        return self.readonly_fields if obj is None else ("contract", *self.readonly_fields)
