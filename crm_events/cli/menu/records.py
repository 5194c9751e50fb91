"""Menu actions on clients, contracts and events; every change goes through the gateway."""

from cli.columns.clients import CLIENT
from cli.columns.contracts import CONTRACT
from cli.columns.employees import EMPLOYEE
from cli.columns.events import EVENT
from cli.menu.browse import Choices, browse, pick
from cli.menu.forms import CLIENT_QUESTIONS, ask_amounts, ask_event, ask_fields, submit
from cli.render import details_table


def _done(session, view, record, message: str) -> None:
    session.prompter.say(session.env.paint(message, "green"))
    session.prompter.say(details_table(view, record, session.env))


def _nothing_changed(session) -> None:
    session.prompter.say("Nothing changed.")


def _updated(session, view, updated, message: str) -> None:
    """Report an update (a cli.gateway.Updated): it may have found the values already there."""
    if not updated.changed:
        return _nothing_changed(session)
    _done(session, view, updated.record, message)


def other_than(record_id):
    """A ``keep`` that leaves one record out of a pick list (None when there is none to leave out)."""
    if record_id is None:
        return None
    return lambda record: record["id"] != record_id


# Lists ---------------------------------------------------------------------------------

def list_clients(session, title="Clients", **filters):
    browse(session, CLIENT, Choices("clients", filters), title=title, searchable=True)


def search_clients(session):
    text = session.prompter.ask("Search clients by name, email or company")
    list_clients(session, title=f"Clients matching '{text}'", search=text)


def list_contracts(session, title="Contracts", **filters):
    browse(session, CONTRACT, Choices("contracts", filters), title=title)


def list_events(session, title="Events", **filters):
    browse(session, EVENT, Choices("events", filters), title=title)


# Clients -------------------------------------------------------------------------------

def create_client(session):
    clients = session.gateway.clients
    values = {}
    ask_fields(session.prompter, clients, CLIENT_QUESTIONS, values)
    reask = {
        field: (lambda f=field: ask_fields(session.prompter, clients, CLIENT_QUESTIONS, values, only={f}))
        for field in values
    }
    client = submit(session, lambda: session.call(clients.create, values), reask)
    _done(session, CLIENT, client, f"Client {client['id']} created; you are its sales contact.")


def update_client(session):
    clients = session.gateway.clients
    client = pick(session, CLIENT, Choices("clients", {"mine": True}), title="Which of your clients?", searchable=True)
    data = {}
    ask_fields(session.prompter, clients, CLIENT_QUESTIONS, data, record=client)
    if not data:
        return _nothing_changed(session)
    reask = {
        field: (lambda f=field: ask_fields(session.prompter, clients, CLIENT_QUESTIONS, data, record=client, only={f}))
        for field in (question.field for question in CLIENT_QUESTIONS)
    }
    updated = submit(session, lambda: session.call(clients.update, client["id"], data), reask)
    _updated(session, CLIENT, updated, f"Client {client['id']} updated.")


def reassign_client(session):
    client = pick(
        session, CLIENT, Choices("clients"), title="Which client changes sales contact? (all clients)", searchable=True
    )
    seller = pick(
        session,
        EMPLOYEE,
        Choices("employees", {"department": "sales"}, keep=other_than(client["sales_contact_id"])),
        title=f"Give {client['full_name']} to which salesperson? (Sales, except {client['sales_contact_name']})",
    )
    updated = session.call(session.gateway.clients.update, client["id"], {"sales_contact_id": seller["id"]})
    client = updated.record
    _done(session, CLIENT, client, f"{client['full_name']} now belongs to {seller['full_name']}.")


# Contracts -----------------------------------------------------------------------------

def create_contract(session):
    contracts = session.gateway.contracts
    client = pick(
        session, CLIENT, Choices("clients"), title="Contract for which client? (all clients)", searchable=True
    )
    values = {}
    ask_amounts(session.prompter, contracts, values)
    signed = session.prompter.confirm("Has the client already signed?")
    reask = {
        "total_amount": lambda: ask_amounts(session.prompter, contracts, values),
        "amount_due": lambda: ask_amounts(session.prompter, contracts, values),
    }
    contract = submit(
        session,
        lambda: session.call(contracts.create, {"client_id": client["id"], "is_signed": signed, **values}),
        reask,
    )
    _done(session, CONTRACT, contract, f"Contract {contract['id']} created for {client['full_name']}.")


def update_contract(session):
    contracts = session.gateway.contracts
    actor = session.actor()
    if actor["department"] == "sales":
        choices, title = Choices("contracts", {"mine": True}), "Which contract? (your clients' contracts)"
    else:
        choices, title = Choices("contracts"), "Which contract? (all contracts, newest first)"
    contract = pick(session, CONTRACT, choices, title=title)
    data = {}
    ask_amounts(session.prompter, contracts, data, record=contract)
    if contract["is_signed"]:
        if session.prompter.confirm("Mark it as NOT signed?"):
            data["is_signed"] = False
    elif session.prompter.confirm("Has the client signed it now?"):
        data["is_signed"] = True
    if not data:
        return _nothing_changed(session)
    reask = {
        "total_amount": lambda: ask_amounts(session.prompter, contracts, data, record=contract),
        "amount_due": lambda: ask_amounts(session.prompter, contracts, data, record=contract),
    }
    updated = submit(session, lambda: session.call(contracts.update, contract["id"], data), reask)
    _updated(session, CONTRACT, updated, f"Contract {contract['id']} updated.")


# Events --------------------------------------------------------------------------------

UPCOMING = "upcoming, soonest first; id N for a past one"


def create_event(session):
    events = session.gateway.events
    contract = pick(
        session,
        CONTRACT,
        Choices("contracts", {"mine": True, "signed": True}),
        title="Event for which contract? (your clients' signed contracts)",
    )
    values = {}
    ask_event(session.prompter, events, values)
    reask = {field: (lambda f=field: ask_event(session.prompter, events, values, only={f})) for field in values}
    reask["notes"] = lambda: ask_event(session.prompter, events, values, only={"notes"})
    event = submit(session, lambda: session.call(events.create, {"contract_id": contract["id"], **values}), reask)
    _done(session, EVENT, event, f"Event {event['id']} created; management will assign a support contact.")


def update_event(session):
    events = session.gateway.events
    actor = session.actor()
    if actor["department"] == "support":
        event = pick(session, EVENT, upcoming(mine=True), title=f"Which of your events? ({UPCOMING})")
    else:
        event = pick(session, EVENT, upcoming(), title=f"Which event? ({UPCOMING})")
    data = {}
    ask_event(session.prompter, events, data, record=event)
    if not data:
        return _nothing_changed(session)
    reask = {
        field: (lambda f=field: ask_event(session.prompter, events, data, record=event, only={f}))
        for field in ("name", "start", "end", "location", "attendees", "notes")
    }
    updated = submit(session, lambda: session.call(events.update, event["id"], data), reask)
    _updated(session, EVENT, updated, f"Event {event['id']} updated.")


def upcoming(*, keep=None, **filters) -> Choices:
    """Where an event is picked to work on: those that have not started, soonest first.

    That is the selector's indexed order, so a page costs the same at a million events.
    ``id N`` reaches a past event too (the same filters without the date).
    """
    return Choices("events", {**filters, "upcoming": True}, by_id=filters, keep=keep)


def assign_support(session):
    event = pick(
        session,
        EVENT,
        upcoming(no_support=True),
        title=f"Which event needs a support contact? (without one, {UPCOMING})",
    )
    _assign(session, event, _pick_supporter(session, event, title="Assign which support employee?"))


def change_support(session):
    event = pick(
        session,
        EVENT,
        upcoming(keep=lambda event: event["support_contact_id"] is not None),
        title=f"Which event changes support? (with a support contact, {UPCOMING})",
    )
    current = event["support_contact_name"]
    choice = _pick_supporter(
        session,
        event,
        title=f"Who runs {event['name']} instead of {current}?",
        extra={"r": f"remove {current} without a replacement"},
    )
    if choice == "r":
        updated = session.call(session.gateway.events.update, event["id"], {"support_contact_id": None})
        return _done(session, EVENT, updated.record, f"{updated.record['name']} has no support contact now.")
    _assign(session, event, choice)


def _pick_supporter(session, event, *, title, extra=None):
    others = Choices("employees", {"department": "support"}, keep=other_than(event["support_contact_id"]))
    return pick(session, EMPLOYEE, others, title=title, extra=extra)


def _assign(session, event, supporter):
    updated = session.call(session.gateway.events.update, event["id"], {"support_contact_id": supporter["id"]})
    _done(session, EVENT, updated.record, f"{supporter['full_name']} now runs {updated.record['name']}.")
