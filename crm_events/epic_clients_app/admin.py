"""Admin pages for clients: saved through the client services (see crm_core.admin_base)."""

from django.contrib import admin

from crm_core.admin_base import ActiveStaffFilter, ServiceModelAdmin, ServiceModelForm
from crm_core.policy import CLIENT_DETAIL_FIELDS
from epic_clients_app.models import Client
from epic_clients_app.services import UPDATABLE_FIELDS, client_save_changes, client_save_new


class FirstContactFilter(admin.DateFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = "first contact"


class ClientForm(ServiceModelForm):
    class Meta:
        model = Client
        fields = (*CLIENT_DETAIL_FIELDS, "sales_contact")

    def submit(self, values: dict) -> Client:
        if self.instance.pk is None:
            return client_save_new(
                actor=self.actor,
                sales_contact_id=values["sales_contact"].pk,
                **{field: values[field] for field in CLIENT_DETAIL_FIELDS},
            )
        data = self.changed_values(UPDATABLE_FIELDS + ("sales_contact",))
        if "sales_contact" in data:
            data["sales_contact_id"] = data.pop("sales_contact").pk
        if not data:
            return self.instance
        return client_save_changes(actor=self.actor, client_id=self.instance.pk, data=data)


@admin.register(Client)
class ClientAdmin(ServiceModelAdmin):
    form = ClientForm
    list_display = (
        "full_name", "company_name", "email", "phone", "sales_contact_name", "first_contact", "last_contact"
    )
    list_select_related = ("sales_contact",)
    list_filter = (("sales_contact", ActiveStaffFilter), ("created_at", FirstContactFilter))
    search_fields = ("full_name", "email", "company_name", "phone")
    ordering = ("full_name", "id")
    autocomplete_fields = ("sales_contact",)
    readonly_fields = ("first_contact", "last_contact")
    fields = (*CLIENT_DETAIL_FIELDS, "sales_contact", "first_contact", "last_contact")

    @admin.display(description="sales contact", ordering="sales_contact__full_name")
    def sales_contact_name(self, client: Client) -> str:
        return client.sales_contact.full_name

    @admin.display(description="first contact", ordering="created_at")
    def first_contact(self, client: Client):
        return client.created_at

    # The CLI's label: a change of sales contact does not move it (epic_clients_app.services.CONTACT_FIELDS).
    @admin.display(description="last contact", ordering="updated_at")
    def last_contact(self, client: Client):
        return client.updated_at
