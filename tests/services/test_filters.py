"""The filters of SPEC §3, offered to everyone, and what "mine" means per department."""

import datetime as dt
from decimal import Decimal

import pytest

from crm_core.errors import RuleViolation
from epic_clients_app.selectors import clients_list
from epic_contracts_app.selectors import contracts_list
from epic_events_app.selectors import events_list
from tests.factories import make_client, make_contract, make_event

pytestmark = pytest.mark.django_db


def ids(queryset):
    return {record.pk for record in queryset}


def test_unsigned_and_unpaid_contracts(world):
    paid = make_contract(world.client, amount_due=Decimal("0"))
    assert ids(contracts_list(actor=world.supporter, unsigned=True)) == {world.unsigned.pk, world.other_unsigned.pk}
    assert paid.pk not in ids(contracts_list(actor=world.supporter, unpaid=True))
    assert world.contract.pk in ids(contracts_list(actor=world.supporter, unpaid=True))
    both = contracts_list(actor=world.manager, unsigned=True, unpaid=True, client_id=world.client.pk)
    assert ids(both) == {world.unsigned.pk}


def test_signed_contracts_are_those_an_event_can_be_created_for(world):
    mine_signed = ids(contracts_list(actor=world.seller, mine=True, signed=True))
    assert mine_signed == {world.contract.pk}
    assert not ids(contracts_list(actor=world.manager, signed=True, unsigned=True))


def test_employees_of_one_department(world):
    from crm_core.errors import InvalidInput
    from epic_auth_app.selectors import employees_list

    support = ids(employees_list(actor=world.manager, department="support"))
    assert support == {world.supporter.pk, world.other_supporter.pk, world.idle_supporter.pk}
    with pytest.raises(InvalidInput, match="choose one of management, sales, support"):
        employees_list(actor=world.manager, department="marketing")


def test_events_without_support_and_upcoming(world):
    unstaffed = make_event(world.contract, start=dt.datetime(2099, 1, 1, 10, tzinfo=dt.UTC))
    past = make_event(world.contract, start=dt.datetime(2020, 1, 1, 10, tzinfo=dt.UTC))
    assert ids(events_list(actor=world.seller, no_support=True)) == {unstaffed.pk, past.pk}
    upcoming = ids(events_list(actor=world.seller, upcoming=True))
    assert unstaffed.pk in upcoming and past.pk not in upcoming


def test_mine_for_sales_is_their_clients_and_what_hangs_off_them(world):
    assert ids(clients_list(actor=world.seller, mine=True)) == {world.client.pk}
    assert ids(contracts_list(actor=world.seller, mine=True)) == {world.contract.pk, world.unsigned.pk}
    assert ids(events_list(actor=world.seller, mine=True)) == {world.event.pk}


def test_mine_for_support_is_the_events_assigned_to_them(world):
    assert ids(events_list(actor=world.supporter, mine=True)) == {world.event.pk}


@pytest.mark.parametrize("lister", [clients_list, contracts_list])
def test_mine_is_refused_where_the_department_owns_nothing(world, lister):
    for actor in (world.manager, world.supporter):
        with pytest.raises(RuleViolation, match="own none"):
            lister(actor=actor, mine=True)
    with pytest.raises(RuleViolation):
        events_list(actor=world.manager, mine=True)


def test_search_matches_name_email_or_company_whatever_the_case(world):
    kevin = make_client(
        world.seller, full_name="Kevin Casey", email="kc@coolstartup.io", company_name="Cool Startup LLC"
    )
    assert kevin.pk in ids(clients_list(actor=world.supporter, search="cool"))
    assert kevin.pk in ids(clients_list(actor=world.supporter, search="KEVIN"))
    assert kevin.pk in ids(clients_list(actor=world.supporter, search="kc@"))
    assert ids(clients_list(actor=world.supporter, search="nobody-matches")) == set()


def test_search_text_is_data_not_sql(world):
    assert ids(clients_list(actor=world.manager, search="' OR 1=1 --")) == set()
    assert ids(clients_list(actor=world.manager, search="%")) == set()


def test_lists_have_a_stable_order(world):
    names = [client.full_name for client in clients_list(actor=world.manager)]
    assert names == sorted(names)
    starts = [event.start for event in events_list(actor=world.manager)]
    assert starts == sorted(starts)
    created = [contract.created_at for contract in contracts_list(actor=world.manager)]
    assert created == sorted(created, reverse=True)
