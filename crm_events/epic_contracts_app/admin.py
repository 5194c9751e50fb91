"""Admin pages for contracts: saved through the contract services (see crm_core.admin_base).

A signature made here is reported (``contract.signed``) exactly as one made in the CLI.
"""

from django.contrib import admin

from crm_core.admin_base import ServiceModelAdmin, ServiceModelForm, amount
from crm_core.policy import CONTRACT_FIELDS
from epic_contracts_app.models import Contract
from epic_contracts_app.services import contract_save_changes, contract_save_new


class ContractForm(ServiceModelForm):
    class Meta:
        model = Contract
        fields = ("client", "total_amount", "amount_due", "is_signed", "reference")
        labels = {"amount_due": "Amount due", "is_signed": "Signed", "reference": "Number in the spreadsheets"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # As in the CLI, a new contract's amount due defaults to its total.
            self.fields["amount_due"].required = False
            self.fields["amount_due"].help_text = "Amount remaining to pay. Leave empty when nothing is paid yet."

    def submit(self, values: dict) -> Contract:
        if self.instance.pk is None:
            return contract_save_new(
                actor=self.actor,
                client_id=values["client"].pk,
                total_amount=values["total_amount"],
                amount_due=values["amount_due"],
                is_signed=values["is_signed"],
                reference=values.get("reference"),
            )
        data = self.changed_values(CONTRACT_FIELDS)
        if not data:
            return self.instance
        return contract_save_changes(actor=self.actor, contract_id=self.instance.pk, data=data)


class SignatureFilter(admin.SimpleListFilter):
    title = "signature"
    parameter_name = "signed"

    def lookups(self, request, model_admin):
        return [("no", "Not signed"), ("yes", "Signed")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(is_signed=self.value() == "yes")
        return queryset


class PaymentFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [("unpaid", "Not fully paid"), ("paid", "Fully paid")]

    def queryset(self, request, queryset):
        if self.value() == "unpaid":
            return queryset.filter(amount_due__gt=0)
        if self.value() == "paid":
            return queryset.filter(amount_due=0)
        return queryset


@admin.register(Contract)
class ContractAdmin(ServiceModelAdmin):
    form = ContractForm
    list_display = (
        "__str__",
        "client_name",
        "company_name",
        "sales_contact_name",
        "total",
        "due",
        "signed",
        "signed_at",
        "created_at",
    )
    list_select_related = ("client__sales_contact",)
    list_filter = (SignatureFilter, PaymentFilter, "created_at")
    search_fields = ("client__full_name", "client__company_name", "client__email")
    ordering = ("-created_at", "-id")
    autocomplete_fields = ("client",)
    readonly_fields = ("signed_at", "created_at", "updated_at")
    fields = ("client", "total_amount", "amount_due", "is_signed", "reference", "signed_at", "created_at", "updated_at")

    @admin.display(description="total", ordering="total_amount")
    def total(self, contract: Contract) -> str:
        return amount(contract.total_amount)

    @admin.display(description="due", ordering="amount_due")
    def due(self, contract: Contract) -> str:
        return amount(contract.amount_due)

    @admin.display(description="signed", boolean=True, ordering="is_signed")
    def signed(self, contract: Contract) -> bool:
        return contract.is_signed

    @admin.display(description="client", ordering="client__full_name")
    def client_name(self, contract: Contract) -> str:
        return contract.client.full_name

    @admin.display(description="company", ordering="client__company_name")
    def company_name(self, contract: Contract) -> str:
        return contract.client.company_name

    @admin.display(description="sales contact", ordering="client__sales_contact__full_name")
    def sales_contact_name(self, contract: Contract) -> str:
        return contract.client.sales_contact.full_name

    def get_readonly_fields(self, request, obj=None):
        # The CLI cannot move a contract to another client either: its events would follow.
        return self.readonly_fields if obj is None else ("client", *self.readonly_fields)

    def get_search_results(self, request, queryset, search_term):
        matches, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit() and len(term) < 16:
            matches = matches | queryset.filter(pk=int(term))  # "Contract 12" is found by typing 12
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            # Choosing an event's contract: only a signed one can have events.
            matches = matches.filter(is_signed=True)
        return matches, may_have_duplicates
