"""Read side for clients: every department may read every client (SPEC §3)."""

from django.db.models import Q, QuerySet

from crm_core.history import record_history
from crm_core.lookups import get_by_id
from crm_core.ownership import not_an_owner
from crm_core.pagination import Page
from crm_core.policy import SALES, Action, authorize
from crm_core.validation import FieldCleaner, clean_text
from epic_clients_app.models import Client
from epic_clients_app.search_index import narrowed_by_search_index


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
        clients = narrowed_by_search_index(
            clients.filter(Q(full_name__icontains=text) | Q(email__icontains=text) | Q(company_name__icontains=text)),
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
