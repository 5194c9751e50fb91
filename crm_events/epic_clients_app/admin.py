"""Admin pages for clients: saved through the client services (see crm_core.admin_base)."""

from django.contrib import admin

from crm_core.admin_base import ServiceModelAdmin, ServiceModelForm
from crm_core.policy import CLIENT_DETAIL_FIELDS
from epic_clients_app.models import Client
from epic_clients_app.services import UPDATABLE_FIELDS, client_save_changes, client_save_new


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
    list_display = ("full_name", "company_name", "email", "phone", "sales_contact_name", "created_at", "updated_at")
    list_select_related = ("sales_contact",)
    list_filter = ("sales_contact", "created_at")
    search_fields = ("full_name", "email", "company_name", "phone")
    ordering = ("full_name", "id")
    autocomplete_fields = ("sales_contact",)
    readonly_fields = ("created_at", "updated_at")
    fields = (*CLIENT_DETAIL_FIELDS, "sales_contact", "created_at", "updated_at")

    @admin.display(description="sales contact", ordering="sales_contact__full_name")
    def sales_contact_name(self, client: Client) -> str:
        return client.sales_contact.full_name
