"""Clients, contracts and events: the behaviour a user notices, beyond who may do it."""

import datetime as dt
import logging
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from crm_core.errors import InvalidInput, NotFound, RuleViolation
from epic_clients_app.services import client_create, client_update
from epic_contracts_app.models import Contract
from epic_contracts_app.services import contract_create, contract_sign, contract_update
from epic_events_app.services import event_create, event_update
from tests.factories import make_client, make_contract, make_employee, make_event
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
LONG_AGO = dt.datetime(2023, 3, 29, 16, tzinfo=PARIS)  # the last contact of SPEC §2's example client


class TestClients:
    def test_created_client_belongs_to_its_creator(self, seller):
        client = client_create(
            actor=seller,
            full_name="Kevin Casey",
            email="Kevin@Startup.io",
            phone="+678 123 456 78",
            company_name="Cool Startup LLC",
        )
        client.refresh_from_db()
        assert client.sales_contact == seller
        assert client.email == "kevin@startup.io"
        assert client.created_at == client.updated_at

    def test_update_stamps_the_date_of_last_contact(self, seller):
        client = make_client(seller)
        before = client.updated_at
        client_update(actor=seller, client_id=client.pk, data={"company_name": "Cool Startup SAS"})
        client.refresh_from_db()
        assert client.company_name == "Cool Startup SAS" and client.updated_at > before

    @pytest.mark.parametrize("field, value", [("full_name", "Kevin Casey-Ouick"), ("email", "kc@startup.io"),
                                              ("phone", "+33 6 12 34 56 78"), ("company_name", "Cool SAS")])
    def test_each_detail_learnt_from_the_client_counts_as_contact(self, seller, field, value):
        client = make_client(seller, created_at=LONG_AGO, updated_at=LONG_AGO)
        client_update(actor=seller, client_id=client.pk, data={field: value})
        client.refresh_from_db()
        assert client.updated_at > LONG_AGO

    def test_management_gives_the_client_to_another_salesperson(self, manager, seller, other_seller):
        client = make_client(seller, created_at=LONG_AGO, updated_at=LONG_AGO)
        client_update(actor=manager, client_id=client.pk, data={"sales_contact_id": other_seller.pk})
        client.refresh_from_db()
        assert client.sales_contact == other_seller
        # The company moved the client, nobody spoke to them: the last contact stays as it was.
        assert client.updated_at == LONG_AGO

    def test_new_sales_contact_must_be_an_active_salesperson(self, manager, seller, supporter):
        client = make_client(seller)
        retired = make_employee("sales", is_active=False)
        for candidate in (supporter.pk, retired.pk, 424242):
            with pytest.raises(InvalidInput, match="not an active sales employee"):
                client_update(actor=manager, client_id=client.pk, data={"sales_contact_id": candidate})

    def test_duplicate_client_email_is_refused(self, seller):
        make_client(seller, email="kevin@startup.io")
        with pytest.raises(InvalidInput, match="another client"):
            client_create(
                actor=seller, full_name="K", email="KEVIN@startup.io", phone="+678 123 456 78", company_name="C"
            )

    def test_unknown_client_is_not_found(self, seller):
        with pytest.raises(NotFound):
            client_update(actor=seller, client_id=123456, data={"phone": "+33 1 23 45 67 89"})

    def test_empty_update_is_refused(self, seller):
        client = make_client(seller)
        with pytest.raises(InvalidInput, match="Nothing to change"):
            client_update(actor=seller, client_id=client.pk, data={})


class TestContracts:
    def test_amount_due_defaults_to_the_total(self, manager):
        contract = contract_create(actor=manager, client_id=make_client().pk, total_amount="1500")
        assert (contract.total_amount, contract.amount_due) == (Decimal("1500.00"), Decimal("1500.00"))
        assert not contract.is_signed and contract.signed_at is None

    def test_due_above_total_is_refused_and_nothing_written(self, manager):
        client = make_client()
        before = snapshot()
        with pytest.raises(InvalidInput, match="cannot exceed"):
            contract_create(actor=manager, client_id=client.pk, total_amount="100", amount_due="100.01")
        assert snapshot() == before

    def test_lowering_the_total_below_the_due_is_refused_naming_the_total(self, manager):
        contract = make_contract(total_amount=Decimal("1000"), amount_due=Decimal("800"))
        with pytest.raises(InvalidInput) as caught:
            contract_update(actor=manager, contract_id=contract.pk, data={"total_amount": "500"})
        assert caught.value.errors == {
            "total_amount": "Total amount: cannot be less than the amount still due (800.00); "
            "lower the amount due too, in the same change."
        }

    def test_raising_the_due_above_the_total_is_refused_naming_the_due(self, manager):
        contract = make_contract(total_amount=Decimal("1000"), amount_due=Decimal("800"))
        with pytest.raises(InvalidInput) as caught:
            contract_update(actor=manager, contract_id=contract.pk, data={"total_amount": "500", "amount_due": "600"})
        assert list(caught.value.errors) == ["amount_due"] and "cannot exceed" in caught.value.message

    def test_signing_records_when_and_reports_it(self, seller, caplog, committed):
        contract = make_contract(make_client(seller), signed=False)
        with caplog.at_level(logging.INFO, logger="crm.audit"), committed():
            contract_sign(actor=seller, contract_id=contract.pk)
        contract.refresh_from_db()
        assert contract.is_signed and contract.signed_at is not None
        assert "contract.signed" in caplog.text and f"contract_id={contract.pk}" in caplog.text

    def test_signing_twice_keeps_the_first_signature_date(self, manager):
        contract = make_contract(signed=False)
        first = contract_sign(actor=manager, contract_id=contract.pk).signed_at
        assert contract_sign(actor=manager, contract_id=contract.pk).signed_at == first

    def test_contract_with_events_cannot_be_unsigned(self, manager):
        event = make_event()
        with pytest.raises(RuleViolation, match="stays signed"):
            contract_update(actor=manager, contract_id=event.contract_id, data={"is_signed": False})
        assert Contract.objects.get(pk=event.contract_id).is_signed

    def test_contract_without_events_can_be_unsigned(self, manager):
        contract = make_contract()
        contract_update(actor=manager, contract_id=contract.pk, data={"is_signed": False})
        contract.refresh_from_db()
        assert not contract.is_signed and contract.signed_at is None

    def test_the_sales_contact_is_always_the_clients(self, manager, seller, other_seller):
        contract = make_contract(make_client(seller))
        from epic_clients_app.services import client_update as reassign

        reassign(actor=manager, client_id=contract.client_id, data={"sales_contact_id": other_seller.pk})
        assert Contract.objects.get(pk=contract.pk).sales_contact == other_seller

    @pytest.mark.parametrize("amount", ["-1", "1.005", "abc", "1e3", "1e3x", "+5", "NaN", "Infinity", "99999999999"])
    def test_bad_amounts_are_refused(self, manager, amount):
        with pytest.raises(InvalidInput):
            contract_create(actor=manager, client_id=make_client().pk, total_amount=amount)


class TestEvents:
    def details(self, **overrides):
        start = dt.datetime(2027, 6, 4, 13, 0)
        return {
            "name": "John Ouick Wedding",
            "start": start,
            "end": start + dt.timedelta(hours=13),
            "location": "53 Rue du Château, 41120 Candé-sur-Beuvron, France",
            "attendees": "75",
            "notes": "Wedding starts at 3PM, by the river.\nReception at 5PM.",
            **overrides,
        }

    def test_sales_creates_an_event_on_a_signed_contract_of_their_client(self, seller):
        contract = make_contract(make_client(seller))
        event = event_create(actor=seller, contract_id=contract.pk, **self.details())
        event.refresh_from_db()
        assert event.support_contact is None
        assert event.start == dt.datetime(2027, 6, 4, 13, 0, tzinfo=PARIS)  # naive = Europe/Paris
        assert event.attendees == 75 and "\n" in event.notes

    def test_unsigned_contract_is_refused_with_a_reason(self, seller):
        contract = make_contract(make_client(seller), signed=False)
        before = snapshot()
        with pytest.raises(RuleViolation, match="not signed yet"):
            event_create(actor=seller, contract_id=contract.pk, **self.details())
        assert snapshot() == before

    def test_event_must_end_after_it_starts(self, seller):
        contract = make_contract(make_client(seller))
        start = dt.datetime(2027, 6, 4, 13, 0)
        with pytest.raises(InvalidInput, match="end after it starts"):
            event_create(actor=seller, contract_id=contract.pk, **self.details(start=start, end=start))

    def test_iso_strings_with_offsets_are_understood(self, seller):
        contract = make_contract(make_client(seller))
        event = event_create(
            actor=seller,
            contract_id=contract.pk,
            **self.details(start="2027-05-05T15:00+02:00", end="2027-05-05 17:00"),
        )
        assert event.start == dt.datetime(2027, 5, 5, 13, 0, tzinfo=dt.UTC)

    def test_a_date_without_a_time_is_refused_rather_than_read_as_midnight(self, seller):
        contract = make_contract(make_client(seller))
        before = snapshot()
        with pytest.raises(InvalidInput, match="give a time as well"):
            event_create(
                actor=seller, contract_id=contract.pk, **self.details(start="2027-06-04", end="2027-06-05 02:00")
            )
        assert snapshot() == before

    def test_a_local_time_the_clocks_skip_is_refused(self, seller):
        contract = make_contract(make_client(seller))
        before = snapshot()
        # 28 March 2027: Paris goes from 02:00 straight to 03:00.
        with pytest.raises(InvalidInput, match="does not exist in Europe/Paris"):
            event_create(
                actor=seller, contract_id=contract.pk, **self.details(start="2027-03-28 02:30", end="2027-03-28 03:10")
            )
        assert snapshot() == before

    def test_a_local_time_shown_twice_needs_its_offset(self, seller):
        contract = make_contract(make_client(seller))
        # 31 October 2027: Paris shows 02:00-03:00 twice.
        with pytest.raises(InvalidInput, match=r"happens twice.*02:30\+02:00 or .*02:30\+01:00"):
            event_create(
                actor=seller, contract_id=contract.pk, **self.details(start="2027-10-31 02:30", end="2027-10-31 04:00")
            )
        event = event_create(
            actor=seller,
            contract_id=contract.pk,
            **self.details(start="2027-10-31 02:30+01:00", end="2027-10-31 02:50+01:00"),
        )
        assert event.start == dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)

    def test_order_of_start_and_end_is_judged_on_real_time_not_wall_clock(self, seller):
        contract = make_contract(make_client(seller))
        # 02:50 summer time is 00:50 UTC; 02:10 winter time, later that night, is 01:10 UTC.
        event = event_create(
            actor=seller,
            contract_id=contract.pk,
            **self.details(start="2027-10-31 02:50+02:00", end="2027-10-31 02:10+01:00"),
        )
        assert event.end - event.start == dt.timedelta(minutes=20)

    def test_moving_the_start_after_the_end_is_refused(self, supporter):
        event = make_event(support_contact=supporter)
        with pytest.raises(InvalidInput, match="end after it starts"):
            event_update(actor=supporter, event_id=event.pk, data={"start": event.end + dt.timedelta(hours=1)})

    def test_support_updates_details_but_not_the_support_contact(self, supporter, other_supporter):
        event = make_event(support_contact=supporter)
        event_update(actor=supporter, event_id=event.pk, data={"notes": "DJ booked for the after party."})
        from crm_core.errors import PermissionDenied

        with pytest.raises(PermissionDenied):
            event_update(actor=supporter, event_id=event.pk, data={"support_contact_id": other_supporter.pk})

    def test_support_contact_must_be_an_active_support_employee(self, manager, seller):
        event = make_event()
        retired = make_employee("support", is_active=False)
        for candidate in (seller.pk, retired.pk, manager.pk):
            with pytest.raises(InvalidInput, match="not an active support employee"):
                event_update(actor=manager, event_id=event.pk, data={"support_contact_id": candidate})

    @pytest.mark.parametrize("attendees", ["-1", "many", "1.5", 10**12, True])
    def test_bad_attendee_counts_are_refused(self, manager, attendees):
        event = make_event()
        with pytest.raises(InvalidInput):
            event_update(actor=manager, event_id=event.pk, data={"attendees": attendees})


@pytest.mark.parametrize("amount", [[9_223_372_036_854_775_808, 0, 0], (0, (1, 5), -2), {"a": 1}, b"15", None])
def test_amounts_of_other_types_are_invalid_input(manager, amount):
    with pytest.raises(InvalidInput):
        contract_create(actor=manager, client_id=make_client().pk, total_amount=amount)
