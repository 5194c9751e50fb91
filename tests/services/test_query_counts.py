"""Every list costs the same number of queries at 10 and at 200 rows (SPEC §6).

The selector's page is evaluated and every row is turned into its JSON shape (which
reads the related names, and is all the CLI's tables read), as the CLI's gateway does; a
query per row would show up here.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crm_core.serialization import to_dict
from epic_auth_app.selectors import employees_list
from epic_auth_app.serializers import EMPLOYEE_SHAPE as EMPLOYEE
from epic_clients_app.selectors import clients_list
from epic_clients_app.serializers import CLIENT_SHAPE as CLIENT
from epic_contracts_app.selectors import contracts_list
from epic_contracts_app.serializers import CONTRACT_SHAPE as CONTRACT
from epic_events_app.selectors import events_list
from epic_events_app.serializers import EVENT_SHAPE as EVENT
from tests.factories import make_bulk, make_employee

pytestmark = pytest.mark.django_db

LISTS = {
    "clients": (CLIENT, "manager", lambda actor: clients_list(actor=actor)),
    "clients mine": (CLIENT, "seller", lambda actor: clients_list(actor=actor, mine=True)),
    "clients search": (CLIENT, "manager", lambda actor: clients_list(actor=actor, search="bulk")),
    "contracts": (CONTRACT, "manager", lambda actor: contracts_list(actor=actor)),
    "contracts mine": (CONTRACT, "seller", lambda actor: contracts_list(actor=actor, mine=True)),
    "contracts unsigned": (CONTRACT, "manager", lambda actor: contracts_list(actor=actor, unsigned=True)),
    "contracts unpaid": (CONTRACT, "manager", lambda actor: contracts_list(actor=actor, unpaid=True)),
    "events": (EVENT, "manager", lambda actor: events_list(actor=actor)),
    "events mine (sales)": (EVENT, "seller", lambda actor: events_list(actor=actor, mine=True)),
    "events mine (support)": (EVENT, "supporter", lambda actor: events_list(actor=actor, mine=True)),
    "events no support": (EVENT, "manager", lambda actor: events_list(actor=actor, no_support=True)),
    "events upcoming": (EVENT, "manager", lambda actor: events_list(actor=actor, upcoming=True)),
    "employees": (EMPLOYEE, "manager", lambda actor: employees_list(actor=actor)),
}


@pytest.fixture
def people(db):
    return {
        "manager": make_employee("management"),
        "seller": make_employee("sales"),
        "supporter": make_employee("support"),
    }


def queries_for(shape, lister, actor) -> int:
    with CaptureQueriesContext(connection) as captured:
        for record in lister(actor)[:200]:
            to_dict(shape, record)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", LISTS)
def test_list_query_count_does_not_grow_with_rows(people, name):
    shape, role, lister = LISTS[name]
    actor = people[role]
    make_bulk(10, seller=people["seller"], supporter=people["supporter"])
    at_10 = queries_for(shape, lister, actor)
    make_bulk(190, seller=people["seller"], supporter=people["supporter"])
    for _ in range(10):
        make_employee("support")
    at_200 = queries_for(shape, lister, actor)
    # One query per list, a salesperson's own contracts and events included: they join
    # their way to the owner in the same query (crm_core.ownership).
    assert at_10 == at_200 == 1
