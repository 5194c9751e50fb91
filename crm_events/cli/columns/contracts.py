from cli.columns import Layout, amount, person, when, yes_no

CONTRACT = Layout(
    "contract",
    "contracts",
    (
        "id",
        "client_id",
        "client_name",
        "company_name",
        "sales_contact_id",
        "sales_contact_name",
        "total_amount",
        "amount_due",
        "is_signed",
        "signed_at",
        "created_at",
        "updated_at",
    ),
    columns=(
        ("ID", lambda c: str(c["id"])),
        ("Client", lambda c: f"{c['client_name']} (#{c['client_id']})"),
        ("Sales contact", lambda c: person(c["sales_contact_id"], c["sales_contact_name"])),
        ("Total", lambda c: amount(c["total_amount"])),
        ("Due", lambda c: amount(c["amount_due"])),
        ("Signed", lambda c: yes_no(c["is_signed"])),
        ("Created", lambda c: when(c["created_at"])),
    ),
    details=(
        ("ID", lambda c: str(c["id"])),
        ("Client", lambda c: f"{c['client_name']} (#{c['client_id']}), {c['company_name']}"),
        ("Sales contact", lambda c: person(c["sales_contact_id"], c["sales_contact_name"])),
        ("Total amount", lambda c: amount(c["total_amount"])),
        ("Amount due", lambda c: amount(c["amount_due"])),
        ("Signed", lambda c: f"yes, on {when(c['signed_at'])}" if c["is_signed"] else "no"),
        ("Created", lambda c: when(c["created_at"])),
        ("Last update", lambda c: when(c["updated_at"])),
    ),
)
