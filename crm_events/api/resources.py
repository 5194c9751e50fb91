"""The four kinds of record the API serves, each described once by what it already has:
its SPEC §5 shape, its selectors, its services and its filters (INTERFACES.md).

Create bodies take the keyword parameters of the create service; update bodies the
fields its update service accepts. The API adds no rule of its own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from crm_core.policy import CONTRACT_FIELDS
from crm_core.serialization import Shape
from epic_auth_app import selectors as employee_selectors
from epic_auth_app import services as employee_services
from epic_auth_app.models import DepartmentCode
from epic_auth_app.serializers import EMPLOYEE_SHAPE
from epic_clients_app import selectors as client_selectors
from epic_clients_app import services as client_services
from epic_clients_app.serializers import CLIENT_SHAPE
from epic_contracts_app import selectors as contract_selectors
from epic_contracts_app import services as contract_services
from epic_contracts_app.serializers import CONTRACT_SHAPE
from epic_events_app import selectors as event_selectors
from epic_events_app import services as event_services
from epic_events_app.serializers import EVENT_SHAPE

FLAG, ID, TEXT = "flag", "id", "text"


@dataclass(frozen=True)
class Filter:
    """A list filter: its query parameter, the selector's keyword, what it holds, and what it does."""

    kind: str
    keyword: str
    description: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resource:
    name: str  # the URL segment, e.g. "clients"
    label: str  # one record, e.g. "client"
    shape: Shape
    filters: dict[str, Filter]
    lister: Callable  # (actor, **filters) -> QuerySet
    getter: Callable  # (actor, record_id) -> record
    creator: Callable  # the create service; its keyword parameters are the body's keys
    updater: Callable  # (actor, record_id, data) -> record
    updatable: tuple[str, ...]


EMPLOYEES = Resource(
    name="employees",
    label="employee",
    shape=EMPLOYEE_SHAPE,
    filters={
        "include_removed": Filter(FLAG, "include_removed", "Also list removed employees."),
        "department": Filter(TEXT, "department", "Only this department.", choices=tuple(DepartmentCode.values)),
    },
    lister=employee_selectors.employees_list,
    getter=lambda actor, pk: employee_selectors.employee_get(actor=actor, employee_id=pk),
    creator=employee_services.employee_create,
    updater=lambda actor, pk, data: employee_services.employee_update(actor=actor, employee_id=pk, data=data),
    updatable=employee_services.UPDATABLE_FIELDS,
)

CLIENTS = Resource(
    name="clients",
    label="client",
    shape=CLIENT_SHAPE,
    filters={
        "mine": Filter(FLAG, "mine", "Only my clients (sales)."),
        "search": Filter(TEXT, "search", "Name, email or company contains this text."),
    },
    lister=client_selectors.clients_list,
    getter=lambda actor, pk: client_selectors.client_get(actor=actor, client_id=pk),
    creator=client_services.client_create,
    updater=lambda actor, pk, data: client_services.client_update(actor=actor, client_id=pk, data=data),
    updatable=client_services.UPDATABLE_FIELDS,
)

CONTRACTS = Resource(
    name="contracts",
    label="contract",
    shape=CONTRACT_SHAPE,
    filters={
        "mine": Filter(FLAG, "mine", "Only contracts of my clients (sales)."),
        "unsigned": Filter(FLAG, "unsigned", "Only contracts not signed yet."),
        "signed": Filter(FLAG, "signed", "Only signed contracts (those an event can be created for)."),
        "unpaid": Filter(FLAG, "unpaid", "Only contracts not fully paid."),
        "client": Filter(ID, "client_id", "Only contracts of this client (an id)."),
    },
    lister=contract_selectors.contracts_list,
    getter=lambda actor, pk: contract_selectors.contract_get(actor=actor, contract_id=pk),
    creator=contract_services.contract_create,
    updater=lambda actor, pk, data: contract_services.contract_update(actor=actor, contract_id=pk, data=data),
    updatable=CONTRACT_FIELDS,
)

EVENTS = Resource(
    name="events",
    label="event",
    shape=EVENT_SHAPE,
    filters={
        "mine": Filter(FLAG, "mine", "Only events of my clients (sales) or assigned to me (support)."),
        "no_support": Filter(FLAG, "no_support", "Only events without a support contact."),
        "upcoming": Filter(FLAG, "upcoming", "Only events that have not started yet."),
        "contract": Filter(ID, "contract_id", "Only events of this contract (an id)."),
        "client": Filter(ID, "client_id", "Only events of this client's contracts (an id)."),
    },
    lister=event_selectors.events_list,
    getter=lambda actor, pk: event_selectors.event_get(actor=actor, event_id=pk),
    creator=event_services.event_create,
    updater=lambda actor, pk, data: event_services.event_update(actor=actor, event_id=pk, data=data),
    updatable=event_services.UPDATABLE_FIELDS,
)

RESOURCES = (EMPLOYEES, CLIENTS, CONTRACTS, EVENTS)
