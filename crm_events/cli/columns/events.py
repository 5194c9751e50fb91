from epic_events_app.serializers import EVENT_SHAPE

from cli.columns import Layout, person, when

EVENT = Layout(
    "event",
    "events",
    EVENT_SHAPE,
    columns=(
        ("ID", lambda e: str(e.pk)),
        ("Name", lambda e: e.name),
        ("Client", lambda e: e.contract.client.full_name),
        ("Start", lambda e: when(e.start)),
        ("End", lambda e: when(e.end)),
        ("Support", lambda e: person(e.support_contact)),
        ("Attendees", lambda e: str(e.attendees)),
    ),
    details=(
        ("ID", lambda e: str(e.pk)),
        ("Name", lambda e: e.name),
        ("Contract", lambda e: f"#{e.contract_id}"),
        ("Client", lambda e: f"{e.contract.client.full_name} (#{e.contract.client_id})"),
        ("Client contact", lambda e: f"{e.contract.client.email}, {e.contract.client.phone}"),
        ("Sales contact", lambda e: person(e.contract.client.sales_contact)),
        ("Start", lambda e: when(e.start)),
        ("End", lambda e: when(e.end)),
        ("Support contact", lambda e: person(e.support_contact)),
        ("Location", lambda e: e.location),
        ("Attendees", lambda e: str(e.attendees)),
        ("Notes", lambda e: e.notes or "-"),
    ),
)
