from cli.columns import Layout, person, when

CLIENT = Layout(
    "client",
    "clients",
    (
        "id",
        "full_name",
        "email",
        "phone",
        "company_name",
        "created_at",
        "updated_at",
        "sales_contact_id",
        "sales_contact_name",
    ),
    columns=(
        ("ID", lambda c: str(c["id"])),
        ("Name", lambda c: c["full_name"]),
        ("Company", lambda c: c["company_name"]),
        ("Email", lambda c: c["email"]),
        ("Sales contact", lambda c: person(c["sales_contact_id"], c["sales_contact_name"])),
        ("Last contact", lambda c: when(c["updated_at"])),
    ),
    details=(
        ("ID", lambda c: str(c["id"])),
        ("Full name", lambda c: c["full_name"]),
        ("Company", lambda c: c["company_name"]),
        ("Email", lambda c: c["email"]),
        ("Phone", lambda c: c["phone"]),
        ("Sales contact", lambda c: person(c["sales_contact_id"], c["sales_contact_name"])),
        ("First contact", lambda c: when(c["created_at"])),
        ("Last contact", lambda c: when(c["updated_at"])),
    ),
)
