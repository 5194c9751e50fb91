"""Read side for events: every department may read every event (SPEC §3)."""

from django.db.models import QuerySet

from crm_core import clock
from crm_core.export import Export
from crm_core.history import record_history
from crm_core.lookups import filter_by_id, get_by_id
from crm_core.ownership import not_an_owner, only_owned
from crm_core.pagination import Page
from crm_core.policy import SALES, SUPPORT, Action, authorize
from crm_core.validation import FieldCleaner, clean_id
from epic_events_app.models import Event
from epic_events_app.serializers import EVENT_SHAPE

# A list row shows the client, its sales contact and the support contact.
LIST_RELATED = ("contract__client__sales_contact", "support_contact")
# Only the columns a list row reads (its table and its JSON shape): the events list is the
# longest, and loading every column of four models per row (datetimes converted one by one)
# was most of a command's own time.
LIST_COLUMNS = (
    *(field.name for field in Event._meta.concrete_fields),
    "contract__reference",
    "contract__client__full_name",
    "contract__client__email",
    "contract__client__phone",
    "contract__client__sales_contact",
    "contract__client__sales_contact__full_name",
    "support_contact__full_name",
)
RELATED = ("contract__client__sales_contact", "support_contact")


def events_list(
    *,
    actor,
    mine: bool = False,
    no_support: bool = False,
    upcoming: bool = False,
    contract_id=None,
    client_id=None,
) -> QuerySet[Event]:
    """By start date, with contract, client, sales and support contacts joined.

    ``mine``: events of my clients (sales) or assigned to me (support).
    ``upcoming``: events that have not started yet.
    ``client_id``: events of that client's contracts (a client's page in the menu).
    """
    authorize(actor, Action.VIEW_RECORDS)
    events = Event.objects.select_related(*LIST_RELATED).only(*LIST_COLUMNS).order_by("start", "id")
    if mine:
        events = _mine(events, actor)
    if no_support:
        events = events.filter(support_contact__isnull=True)
    if upcoming:
        events = events.filter(start__gte=clock.now())
    if contract_id is not None:
        cleaner = FieldCleaner()
        pk = cleaner.clean("contract", clean_id, contract_id)
        cleaner.raise_if_invalid()
        events = filter_by_id(events, "contract_id", pk)
    if client_id is not None:
        cleaner = FieldCleaner()
        pk = cleaner.clean("client", clean_id, client_id)
        cleaner.raise_if_invalid()
        events = filter_by_id(events, "contract__client_id", pk)
    return events


def _mine(events: QuerySet, actor) -> QuerySet:
    code = actor.department.code
    if code == SUPPORT:
        return events.filter(support_contact=actor)  # its index matches the order: nothing to sort
    if code == SALES:
        return only_owned(events, {"contract__client__sales_contact": actor}, "start", "id")
    raise not_an_owner(actor)


def event_get(*, actor, event_id) -> Event:
    authorize(actor, Action.VIEW_RECORDS)
    return get_by_id(Event.objects.select_related(*RELATED), event_id, label="event")


def event_history(*, actor, event_id, since=None, by=None, page: int = 1, limit: int = 50) -> Page:
    """A page of the event's history, newest first, as entry dicts (``crm_core.history``).

    Readable by whoever may show the event (everyone, SPEC §3); ``since`` a date, ``by`` an employee id.
    """
    return record_history(
        actor=actor, resource=Event, record_id=event_id, since=since, by=by, page=page, limit=limit
    )


def events_export(
    *,
    actor,
    mine: bool = False,
    no_support: bool = False,
    upcoming: bool = False,
    contract_id=None,
    offset: int = 0,
    limit: int | None = None,
) -> Export:
    """Every event ``events_list`` gives for the same filters, streamed in EVENT_SHAPE.

    Anyone with a session (SPEC §3: every department reads every event). Refuses, before
    reading a row, what ``events_list`` refuses. ``offset``/``limit`` cut the list as
    ``--page``/``--limit`` do. The database work starts with the first row asked for.
    """
    events = events_list(actor=actor, mine=mine, no_support=no_support, upcoming=upcoming, contract_id=contract_id)
    events = events[offset : offset + limit] if limit is not None else events[offset:]
    return Export(events, EVENT_SHAPE)
