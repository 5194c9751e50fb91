"""Menu actions on clients, contracts and events; every change goes through the gateway.

Each action takes the record it works on when it is run from that record's page, or
asks for it with a pick list when run from a menu; it returns the sentence to show once
done. A pick list given an ID it leaves out says why, in the command's words.
"""

from crm_core.policy import Action
from cli.columns.clients import CLIENT
from cli.columns.contracts import CONTRACT
from cli.columns.employees import EMPLOYEE
from cli.columns.events import EVENT
from cli.menu.browse import Choices, browse, pick
from cli.menu.forms import CLIENT_QUESTIONS, ask_contract, ask_event, ask_fields, ask_notes, checked, submit
from cli.menu.prompts import KEEP

NOTHING_CHANGED = "Nothing changed."


def _updated(updated, message: str) -> str:
    """The sentence for an update (a cli.gateway.Updated): it may have found the values already there."""
    return message if updated.changed else NOTHING_CHANGED


def other_than(record_id):
    """A ``keep`` that leaves one record out of a pick list (None when there is none to leave out)."""
    if record_id is None:
        return None
    return lambda record: record["id"] != record_id


# Lists ---------------------------------------------------------------------------------


def list_clients(session, title="Clients", **filters):
    browse(session, CLIENT, Choices("clients", filters), title=title, searchable=True)


def search_clients(session):
    text = session.prompter.ask("Search clients by name, email or company", history="clients.search")
    list_clients(session, title=f"Clients matching '{text}'", search=text)


def list_contracts(session, title="Contracts", **filters):
    browse(session, CONTRACT, Choices("contracts", filters), title=title)


def list_events(session, title="Events", **filters):
    browse(session, EVENT, Choices("events", filters), title=title)


# Clients -------------------------------------------------------------------------------


def create_client(session, _record=None) -> str:
    clients = session.gateway.clients
    values = {}
    ask_fields(session.prompter, clients, CLIENT_QUESTIONS, values)
    reask = {
        field: (lambda f=field: ask_fields(session.prompter, clients, CLIENT_QUESTIONS, values, only={f}))
        for field in values
    }
    client = submit(session, lambda: session.call(clients.create, values), reask)
    return f"Client {client['id']} created; you are its sales contact."


def update_client(session, client=None) -> str:
    clients = session.gateway.clients
    if client is None:
        mine = Choices("clients", {"mine": True}, action=Action.UPDATE_CLIENT)
        client = pick(session, CLIENT, mine, title="Which of your clients?", searchable=True)
    data = {}
    ask_fields(session.prompter, clients, CLIENT_QUESTIONS, data, record=client)
    if not data:
        return NOTHING_CHANGED
    reask = {
        field: (lambda f=field: ask_fields(session.prompter, clients, CLIENT_QUESTIONS, data, record=client, only={f}))
        for field in (question.field for question in CLIENT_QUESTIONS)
    }
    updated = submit(session, lambda: session.call(clients.update, client["id"], data), reask)
    return _updated(updated, f"Client {client['id']} updated.")


def reassign_client(session, client=None) -> str:
    if client is None:
        every = Choices("clients", action=Action.CHANGE_CLIENT_SALES_CONTACT)
        client = pick(session, CLIENT, every, title="Which client changes sales contact?", searchable=True)

    def give_to(seller_id):
        return session.call(session.gateway.clients.update, client["id"], {"sales_contact_id": seller_id})

    updated = pick(
        session,
        EMPLOYEE,
        Choices("employees", {"department": "sales"}, keep=other_than(client["sales_contact_id"])),
        title=f"Give {client['full_name']} to which salesperson? (Sales, except {client['sales_contact_name']})",
        send=give_to,  # an ID the list leaves out is refused in the service's words
    )
    return _updated(updated, f"{updated.record['full_name']} now belongs to {updated.record['sales_contact_name']}.")


# Contracts -----------------------------------------------------------------------------


def create_contract(session, client=None) -> str:
    contracts = session.gateway.contracts
    if client is None:
        every = Choices("clients", action=Action.CREATE_CONTRACT)
        client = pick(session, CLIENT, every, title="Contract for which client? (all clients)", searchable=True)
    values = {}
    ask_contract(session.prompter, contracts, values)
    # A refusal that spans fields (more due than the total) asks the whole form again, signature included.
    again = {
        field: lambda: ask_contract(session.prompter, contracts, values) for field in ("total_amount", "amount_due")
    }
    contract = submit(session, lambda: session.call(contracts.create, {"client_id": client["id"], **values}), again)
    return f"Contract {contract['id']} created for {client['full_name']}."


def update_contract(session, contract=None) -> str:
    contracts = session.gateway.contracts
    if contract is None:
        if session.employee["department"] == "sales":
            choices, title = Choices("contracts", {"mine": True}, action=Action.UPDATE_CONTRACT), "your clients'"
        else:
            choices, title = Choices("contracts", action=Action.UPDATE_CONTRACT), "all contracts, newest first"
        contract = pick(session, CONTRACT, choices, title=f"Which contract? ({title})")
    data = {}
    ask_contract(session.prompter, contracts, data, record=contract)
    if not data:
        return NOTHING_CHANGED
    again = {
        field: lambda: ask_contract(session.prompter, contracts, data, record=contract)
        for field in ("total_amount", "amount_due", "is_signed")
    }
    updated = submit(session, lambda: session.call(contracts.update, contract["id"], data), again)
    return _updated(updated, f"Contract {contract['id']} updated.")


def unsigned_refusal(contract: dict) -> str | None:
    """The event service's sentence for an unsigned contract (tests hold it to the command's)."""
    if contract["is_signed"]:
        return None
    return f"Contract {contract['id']} is not signed yet; events can only be created for a signed contract."


# Events --------------------------------------------------------------------------------

UPCOMING = "upcoming, soonest first; an ID for a past one"


def create_event(session, contract=None) -> str:
    events = session.gateway.events
    if contract is None:
        choices = Choices(
            "contracts", {"mine": True, "signed": True}, action=Action.CREATE_EVENT, rule=unsigned_refusal
        )
        contract = pick(session, CONTRACT, choices, title="Event for which contract? (your clients' signed contracts)")
    values = {}
    ask_event(session.prompter, events, values)
    reask = {field: (lambda f=field: ask_event(session.prompter, events, values, only={f})) for field in values}
    reask["notes"] = lambda: ask_event(session.prompter, events, values, only={"notes"})
    event = submit(session, lambda: session.call(events.create, {"contract_id": contract["id"], **values}), reask)
    return f"Event {event['id']} created; management will assign a support contact."


def _event_to_change(session, event):
    if event is not None:
        return event
    if session.employee["department"] == "support":
        choices, title = upcoming(action=Action.UPDATE_EVENT, mine=True), f"Which of your events? ({UPCOMING})"
    else:
        choices, title = upcoming(action=Action.UPDATE_EVENT), f"Which event? ({UPCOMING})"
    return pick(session, EVENT, choices, title=title)


def update_event(session, event=None) -> str:
    events = session.gateway.events
    event = _event_to_change(session, event)
    data = {}
    ask_event(session.prompter, events, data, record=event)
    if not data:
        return NOTHING_CHANGED
    reask = {
        field: (lambda f=field: ask_event(session.prompter, events, data, record=event, only={f}))
        for field in ("name", "start", "end", "location", "attendees", "notes")
    }
    updated = submit(session, lambda: session.call(events.update, event["id"], data), reask)
    return _updated(updated, f"Event {event['id']} updated.")


def _save_notes(session, event, notes) -> str:
    if notes is KEEP or notes is None or notes == (event["notes"] or ""):
        return NOTHING_CHANGED
    updated = session.call(session.gateway.events.update, event["id"], {"notes": notes})
    return _updated(updated, f"Notes of event {event['id']} saved.")


def edit_notes(session, event) -> str:
    """The notes pre-filled, to be edited in place (arrows, Home/End, word moves)."""
    return _save_notes(session, event, ask_notes(session.prompter, session.gateway.events, event))


def append_to_notes(session, event) -> str:
    """One more line at the end of the notes, without touching what is there."""
    line = session.prompter.ask("Add to the notes", history="events.notes.line")
    notes = event["notes"] or ""
    joined = f"{notes}\n{line}" if notes else line
    return _save_notes(session, event, checked(session.gateway.events, "notes")(joined))


def notes_in_editor(session, event) -> str:
    """The notes in $VISUAL or $EDITOR, for long changes (as git commit does)."""
    text = session.prompter.edit_in_editor(event["notes"] or "")
    if text is None:
        return NOTHING_CHANGED
    return _save_notes(session, event, checked(session.gateway.events, "notes")(text))


def read_notes(session, event) -> str | None:
    """All the notes, a screen at a time (the page cuts long ones)."""
    from cli.menu.screens import detail_lines

    prompter = session.prompter
    lines = detail_lines([("Notes", event["notes"] or "-")], prompter.width)
    size = max(prompter.height - 2, 3)
    for start in range(0, len(lines), size):
        prompter.say("\n".join(lines[start : start + size]))
        if start + size < len(lines):
            prompter.pause("Enter for more, Ctrl-C to stop.")
    prompter.pause("Press Enter to go back to the event.")
    return None


def upcoming(*, keep=None, action=None, **filters) -> Choices:
    """Where an event is picked to work on: those that have not started, soonest first.

    That is the selector's indexed order, so a page costs the same at a million events.
    An ID reaches a past event too (the same filters without the date).
    """
    return Choices("events", {**filters, "upcoming": True}, by_id=filters, keep=keep, action=action)


def assign_support(session, _record=None) -> str:
    event = pick(
        session,
        EVENT,
        upcoming(no_support=True, action=Action.ASSIGN_EVENT_SUPPORT),
        title=f"Which event needs a support contact? (without one, {UPCOMING})",
    )
    return change_support(session, event)


def change_support(session, event=None) -> str:
    if event is None:
        event = pick(
            session,
            EVENT,
            upcoming(keep=lambda event: event["support_contact_id"] is not None, action=Action.ASSIGN_EVENT_SUPPORT),
            title=f"Which event changes support? (with a support contact, {UPCOMING})",
        )
    current = event["support_contact_name"]
    extra = {"r": f"remove {current} without a replacement"} if current else None
    title = f"Who runs {event['name']} instead of {current}?" if current else "Assign which support employee?"
    others = Choices("employees", {"department": "support"}, keep=other_than(event["support_contact_id"]))

    def assign(employee_id):
        return session.call(session.gateway.events.update, event["id"], {"support_contact_id": employee_id})

    # An ID the list leaves out is refused in the service's words.
    updated = pick(session, EMPLOYEE, others, title=title, extra=extra, send=assign)
    if updated == "r":
        updated = assign(None)
        return f"{updated.record['name']} has no support contact now."
    return _updated(updated, f"{updated.record['support_contact_name']} now runs {updated.record['name']}.")
