"""Read side for contracts: every department may read every contract (SPEC §3)."""

from django.db.models import QuerySet

from crm_core.export import Export
from crm_core.history import record_history
from crm_core.lookups import filter_by_id, get_by_id
from crm_core.ownership import not_an_owner, only_owned
from crm_core.pagination import Page
from crm_core.policy import SALES, Action, authorize
from crm_core.validation import FieldCleaner, clean_id
from epic_contracts_app.models import Contract
from epic_contracts_app.serializers import CONTRACT_SHAPE


def contracts_list(
    *, actor, mine: bool = False, unsigned: bool = False, signed: bool = False, unpaid: bool = False, client_id=None
) -> QuerySet[Contract]:
    """Newest first, with client and sales contact joined.

    ``signed`` (only signed contracts, those an event can be created for) and
    ``unsigned`` together match nothing.
    """
    authorize(actor, Action.VIEW_RECORDS)
    contracts = Contract.objects.select_related("client__sales_contact").order_by("-created_at", "-id")
    if mine:
        if actor.department.code != SALES:
            raise not_an_owner(actor)
        contracts = only_owned(contracts, {"client__sales_contact": actor}, "-created_at", "-id")
    if unsigned:
        contracts = contracts.filter(is_signed=False)
    if signed:
        contracts = contracts.filter(is_signed=True)
    if unpaid:
        contracts = contracts.filter(amount_due__gt=0)
    if client_id is not None:
        cleaner = FieldCleaner()
        pk = cleaner.clean("client", clean_id, client_id)
        cleaner.raise_if_invalid()
        contracts = filter_by_id(contracts, "client_id", pk)
    return contracts


def contract_get(*, actor, contract_id) -> Contract:
    authorize(actor, Action.VIEW_RECORDS)
    return get_by_id(Contract.objects.select_related("client__sales_contact"), contract_id, label="contract")


def contract_history(*, actor, contract_id, since=None, by=None, page: int = 1, limit: int = 50) -> Page:
    """A page of the contract's history, newest first, as entry dicts (``crm_core.history``).

    Readable by whoever may show the contract (everyone, SPEC §3); ``since`` a date, ``by`` an employee id.
    """
    return record_history(
        actor=actor, resource=Contract, record_id=contract_id, since=since, by=by, page=page, limit=limit
    )


def contracts_export(
    *,
    actor,
    mine: bool = False,
    unsigned: bool = False,
    signed: bool = False,
    unpaid: bool = False,
    client_id=None,
    offset: int = 0,
    limit: int | None = None,
) -> Export:
    """Every contract ``contracts_list`` gives for the same filters, streamed in CONTRACT_SHAPE.

    Anyone with a session (SPEC §3: every department reads every contract). Refuses, before
    reading a row, what ``contracts_list`` refuses. ``offset``/``limit`` cut the list as
    ``--page``/``--limit`` do. The database work starts with the first row asked for.
    """
    contracts = contracts_list(
        actor=actor, mine=mine, unsigned=unsigned, signed=signed, unpaid=unpaid, client_id=client_id
    )
    contracts = contracts[offset : offset + limit] if limit is not None else contracts[offset:]
    return Export(contracts, CONTRACT_SHAPE)
