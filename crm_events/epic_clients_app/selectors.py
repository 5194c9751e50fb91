"""Read side for clients: every department may read every client (SPEC §3)."""

from django.db.models import Q, QuerySet

from crm_core.export import Export
from crm_core.history import record_history
from crm_core.lookups import get_by_id
from crm_core.ownership import not_an_owner
from crm_core.pagination import Page
from crm_core.policy import SALES, Action, authorize
from crm_core.validation import FieldCleaner, clean_text
from epic_clients_app.models import Client
from epic_clients_app.search_index import email_contains, narrowed_by_search_index
from epic_clients_app.serializers import CLIENT_SHAPE


def clients_list(*, actor, mine: bool = False, search: str | None = None) -> QuerySet[Client]:
    """Clients by name, with their sales contact joined; ``search`` matches name, email or company."""
    authorize(actor, Action.VIEW_RECORDS)
    clients = Client.objects.select_related("sales_contact").order_by("full_name", "id")
    if mine:
        if actor.department.code != SALES:
            raise not_an_owner(actor)
        clients = clients.filter(sales_contact=actor)  # its index matches the order: nothing to sort
    if search is not None:
        cleaner = FieldCleaner()
        text = cleaner.clean("search", clean_text, search, max_length=100)
        cleaner.raise_if_invalid()
        clients, email_matches = email_contains(clients, text)
        clients = narrowed_by_search_index(
            clients.filter(Q(full_name__icontains=text) | email_matches | Q(company_name__icontains=text)),
            text,
        )
    return clients


def client_get(*, actor, client_id) -> Client:
    authorize(actor, Action.VIEW_RECORDS)
    return get_by_id(Client.objects.select_related("sales_contact"), client_id, label="client")


def client_history(*, actor, client_id, since=None, by=None, page: int = 1, limit: int = 50) -> Page:
    """A page of the client's history, newest first, as entry dicts (``crm_core.history``).

    Readable by whoever may show the client (everyone, SPEC §3); ``since`` a date, ``by`` an employee id.
    """
    return record_history(
        actor=actor, resource=Client, record_id=client_id, since=since, by=by, page=page, limit=limit
    )


def clients_export(
    *, actor, mine: bool = False, search: str | None = None, offset: int = 0, limit: int | None = None
) -> Export:
    """Every client ``clients_list`` gives for the same filters, streamed in CLIENT_SHAPE.

    Anyone with a session (SPEC §3: every department reads every client). Refuses, before
    reading a row, what ``clients_list`` refuses. ``offset``/``limit`` cut the list as
    ``--page``/``--limit`` do. The database work starts with the first row asked for.
    """
    clients = clients_list(actor=actor, mine=mine, search=search)
    clients = clients[offset : offset + limit] if limit is not None else clients[offset:]
    return Export(clients, CLIENT_SHAPE)
