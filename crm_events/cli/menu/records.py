"""Menu actions on clients, contracts and events; every change goes through a service."""

from cli.menu.browse import browse, pick
from cli.menu.forms import CLIENT_QUESTIONS, ask_amounts, ask_event, ask_fields, submit
from cli.render import details_table
from cli.columns.clients import CLIENT
from cli.columns.contracts import CONTRACT
from cli.columns.employees import EMPLOYEE
from cli.columns.events import EVENT


def _done(session, view, record, message: str) -> None:
    session.prompter.say(session.env.paint(message, "green"))
    session.prompter.say(details_table(view, record, session.env))


def _nothing_changed(session) -> None:
    session.prompter.say("Nothing changed.")


def _updated(session, view, before, after, message: str) -> None:
    """Report an update; services stamp ``updated_at`` only when a value really changed."""
    if after.updated_at == before.updated_at:
        return _nothing_changed(session)
    _done(session, view, after, message)


# Lists ---------------------------------------------------------------------------------

def list_clients(session, title="Clients", **filters):
    from epic_clients_app.selectors import clients_list

    browse(session, CLIENT, clients_list, title=title, searchable=True, **filters)


def search_clients(session):
    text = session.prompter.ask("Search clients by name, email or company")
    list_clients(session, title=f"Clients matching '{text}'", search=text)


def list_contracts(session, title="Contracts", **filters):
    from epic_contracts_app.selectors import contracts_list

    browse(session, CONTRACT, contracts_list, title=title, **filters)


def list_events(session, title="Events", **filters):
    from epic_events_app.selectors import events_list

    browse(session, EVENT, events_list, title=title, **filters)


# Clients -------------------------------------------------------------------------------

def create_client(session):
    from epic_clients_app.services import client_create

    values = {}
    ask_fields(session.prompter, CLIENT_QUESTIONS, values)
    reask = {
        field: (lambda f=field: ask_fields(session.prompter, CLIENT_QUESTIONS, values, only={f})) for field in values
    }
    client = submit(session, lambda: session.call(client_create, **values), reask)
    _done(session, CLIENT, client, f"Client {client.pk} created; you are its sales contact.")


def update_client(session):
    from epic_clients_app.selectors import clients_list
    from epic_clients_app.services import client_update

    client = pick(session, CLIENT, clients_list, title="Which of your clients?", searchable=True, mine=True)
    data = {}
    ask_fields(session.prompter, CLIENT_QUESTIONS, data, record=client)
    if not data:
        return _nothing_changed(session)
    reask = {
        field: (lambda f=field: ask_fields(session.prompter, CLIENT_QUESTIONS, data, record=client, only={f}))
        for field in (question.field for question in CLIENT_QUESTIONS)
    }
    updated = submit(session, lambda: session.call(client_update, client_id=client.pk, data=data), reask)
    _updated(session, CLIENT, client, updated, f"Client {client.pk} updated.")


def reassign_client(session):
    from epic_auth_app.selectors import employees_list
    from epic_clients_app.selectors import clients_list
    from epic_clients_app.services import client_update

    client = pick(
        session, CLIENT, clients_list, title="Which client changes sales contact? (all clients)", searchable=True
    )

    def other_sellers(*, actor):
        return _department_lister(employees_list, "sales")(actor=actor).exclude(pk=client.sales_contact_id)

    seller = pick(
        session,
        EMPLOYEE,
        other_sellers,
        title=f"Give {client.full_name} to which salesperson? (Sales, except {client.sales_contact.full_name})",
    )
    client = session.call(client_update, client_id=client.pk, data={"sales_contact_id": seller.pk})
    _done(session, CLIENT, client, f"{client.full_name} now belongs to {seller.full_name}.")


def _department_lister(employees_list, code):
    def lister(*, actor):
        return employees_list(actor=actor).filter(department__code=code)

    return lister


# Contracts -----------------------------------------------------------------------------

def create_contract(session):
    from epic_clients_app.selectors import clients_list
    from epic_contracts_app.services import contract_create

    client = pick(session, CLIENT, clients_list, title="Contract for which client? (all clients)", searchable=True)
    values = {}
    ask_amounts(session.prompter, values)
    signed = session.prompter.confirm("Has the client already signed?")
    reask = {
        "total_amount": lambda: ask_amounts(session.prompter, values),
        "amount_due": lambda: ask_amounts(session.prompter, values),
    }
    contract = submit(
        session, lambda: session.call(contract_create, client_id=client.pk, is_signed=signed, **values), reask
    )
    _done(session, CONTRACT, contract, f"Contract {contract.pk} created for {client.full_name}.")


def update_contract(session):
    from epic_contracts_app.selectors import contracts_list
    from epic_contracts_app.services import contract_update

    actor = session.actor()
    if actor.department.code == "sales":
        contract = pick(session, CONTRACT, contracts_list, title="Which contract? (your clients' contracts)", mine=True)
    else:
        contract = pick(session, CONTRACT, contracts_list, title="Which contract? (all contracts, newest first)")
    data = {}
    ask_amounts(session.prompter, data, record=contract)
    if contract.is_signed:
        if session.prompter.confirm("Mark it as NOT signed?"):
            data["is_signed"] = False
    elif session.prompter.confirm("Has the client signed it now?"):
        data["is_signed"] = True
    if not data:
        return _nothing_changed(session)
    reask = {
        "total_amount": lambda: ask_amounts(session.prompter, data, record=contract),
        "amount_due": lambda: ask_amounts(session.prompter, data, record=contract),
    }
    updated = submit(session, lambda: session.call(contract_update, contract_id=contract.pk, data=data), reask)
    _updated(session, CONTRACT, contract, updated, f"Contract {contract.pk} updated.")


# Events --------------------------------------------------------------------------------

UPCOMING = "upcoming, soonest first; id N for a past one"


def create_event(session):
    from epic_contracts_app.selectors import contracts_list
    from epic_events_app.services import event_create

    def signed_contracts_of_mine(*, actor):
        return contracts_list(actor=actor, mine=True).filter(is_signed=True)

    contract = pick(
        session, CONTRACT, signed_contracts_of_mine, title="Event for which contract? (your clients' signed contracts)"
    )
    values = {}
    ask_event(session.prompter, values)
    reask = {field: (lambda f=field: ask_event(session.prompter, values, only={f})) for field in values}
    reask["notes"] = lambda: ask_event(session.prompter, values, only={"notes"})
    event = submit(session, lambda: session.call(event_create, contract_id=contract.pk, **values), reask)
    _done(session, EVENT, event, f"Event {event.pk} created; management will assign a support contact.")


def update_event(session):
    from epic_events_app.selectors import events_list
    from epic_events_app.services import event_update

    actor = session.actor()
    if actor.department.code == "support":
        event = pick(session, EVENT, _upcoming(events_list), title=f"Which of your events? ({UPCOMING})", mine=True)
    else:
        event = pick(session, EVENT, _upcoming(events_list), title=f"Which event? ({UPCOMING})")
    data = {}
    ask_event(session.prompter, data, record=event)
    if not data:
        return _nothing_changed(session)
    reask = {
        field: (lambda f=field: ask_event(session.prompter, data, record=event, only={f}))
        for field in ("name", "start", "end", "location", "attendees", "notes")
    }
    updated = submit(session, lambda: session.call(event_update, event_id=event.pk, data=data), reask)
    _updated(session, EVENT, event, updated, f"Event {event.pk} updated.")


def _upcoming(events_list, *, narrow=lambda events: events, **fixed):
    """Where an event is picked to work on: those that have not started, soonest first.

    That is the selector's indexed order, so a page costs the same at a million events.
    ``id N`` reaches a past event too (``every_time``: the same list without the date).
    """

    def every_time(*, actor, **filters):
        return narrow(events_list(actor=actor, **fixed, **filters))

    def lister(*, actor, **filters):
        return every_time(actor=actor, upcoming=True, **filters)

    lister.by_id = every_time
    return lister


def assign_support(session):
    from epic_events_app.selectors import events_list

    event = pick(
        session,
        EVENT,
        _upcoming(events_list, no_support=True),
        title=f"Which event needs a support contact? (without one, {UPCOMING})",
    )
    _assign_support_employee(session, event)


def change_support(session):
    from epic_events_app.selectors import events_list
    from epic_events_app.services import event_assign_support

    event = pick(
        session,
        EVENT,
        _upcoming(events_list, narrow=lambda events: events.filter(support_contact__isnull=False)),
        title=f"Which event changes support? (with a support contact, {UPCOMING})",
    )
    current = event.support_contact
    choice = _pick_supporter(
        session,
        event,
        title=f"Who runs {event.name} instead of {current.full_name}?",
        extra={"r": f"remove {current.full_name} without a replacement"},
    )
    if choice == "r":
        event = session.call(event_assign_support, event_id=event.pk, support_contact_id=None)
        return _done(session, EVENT, event, f"{event.name} has no support contact now.")
    _assign(session, event, choice)


def _assign_support_employee(session, event):
    _assign(session, event, _pick_supporter(session, event, title="Assign which support employee?"))


def _pick_supporter(session, event, *, title, extra=None):
    from epic_auth_app.selectors import employees_list

    def other_supporters(*, actor):
        supporters = _department_lister(employees_list, "support")(actor=actor)
        return supporters.exclude(pk=event.support_contact_id) if event.support_contact_id else supporters

    return pick(session, EMPLOYEE, other_supporters, title=title, extra=extra)


def _assign(session, event, supporter):
    from epic_events_app.services import event_assign_support

    event = session.call(event_assign_support, event_id=event.pk, support_contact_id=supporter.pk)
    _done(session, EVENT, event, f"{supporter.full_name} now runs {event.name}.")
