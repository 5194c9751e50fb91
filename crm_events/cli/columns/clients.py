from epic_clients_app.serializers import CLIENT_SHAPE

from cli.columns import Layout, person, when

CLIENT = Layout(
    "client",
    "clients",
    CLIENT_SHAPE,
    columns=(
        ("ID", lambda c: str(c.pk)),
        ("Name", lambda c: c.full_name),
        ("Company", lambda c: c.company_name),
        ("Email", lambda c: c.email),
        ("Sales contact", lambda c: person(c.sales_contact)),
        ("Last contact", lambda c: when(c.updated_at)),
    ),
    details=(
        ("ID", lambda c: str(c.pk)),
        ("Full name", lambda c: c.full_name),
        ("Company", lambda c: c.company_name),
        ("Email", lambda c: c.email),
        ("Phone", lambda c: c.phone),
        ("Sales contact", lambda c: person(c.sales_contact)),
        ("First contact", lambda c: when(c.created_at)),
        ("Last contact", lambda c: when(c.updated_at)),
    ),
)
