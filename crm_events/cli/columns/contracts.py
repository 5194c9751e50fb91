from epic_contracts_app.serializers import CONTRACT_SHAPE

from cli.columns import Layout, amount, person, when, yes_no

CONTRACT = Layout(
    "contract",
    "contracts",
    CONTRACT_SHAPE,
    columns=(
        ("ID", lambda c: str(c.pk)),
        ("Client", lambda c: f"{c.client.full_name} (#{c.client_id})"),
        ("Sales contact", lambda c: person(c.client.sales_contact)),
        ("Total", lambda c: amount(c.total_amount)),
        ("Due", lambda c: amount(c.amount_due)),
        ("Signed", lambda c: yes_no(c.is_signed)),
        ("Created", lambda c: when(c.created_at)),
    ),
    details=(
        ("ID", lambda c: str(c.pk)),
        ("Client", lambda c: f"{c.client.full_name} (#{c.client_id}), {c.client.company_name}"),
        ("Sales contact", lambda c: person(c.client.sales_contact)),
        ("Total amount", lambda c: amount(c.total_amount)),
        ("Amount due", lambda c: amount(c.amount_due)),
        ("Signed", lambda c: f"yes, on {when(c.signed_at)}" if c.is_signed else "no"),
        ("Created", lambda c: when(c.created_at)),
        ("Last update", lambda c: when(c.updated_at)),
    ),
)
