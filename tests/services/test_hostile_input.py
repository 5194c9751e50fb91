"""Random and hostile values fed to every create/update service (hypothesis).

Whatever comes in, the only possible refusal is InvalidInput, and a refusal writes
nothing; when a value is accepted, what is stored is what the service returned.
Each example runs in a savepoint that is rolled back, so examples start equal.
"""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_core.errors import InvalidInput
from epic_auth_app.services import employee_create, employee_update
from epic_clients_app.services import client_create, client_update
from epic_contracts_app.services import contract_create, contract_update
from epic_events_app.services import event_create, event_update
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db

SQL_FRAGMENTS = [
    "'; DROP TABLE epic_clients_app_client; --",
    "\" OR \"1\"=\"1",
    "1; DELETE FROM epic_auth_app_employee",
    "%' OR '%'='",
    "Robert'); DROP TABLE students;--",
]
hostile = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(SQL_FRAGMENTS + ["", " ", "\x00", "\u202e", "0", "-0", "1e309", "NaN", "12:00"]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Rollback(Exception):
    pass


def attempt(call):
    """Run ``call`` in a savepoint, check the contract above, and undo everything."""
    before = snapshot()
    try:
        with transaction.atomic():
            try:
                result = call()
            except InvalidInput as refusal:
                assert refusal.errors and all(isinstance(text, str) and text for text in refusal.errors.values())
                assert snapshot() == before
                raise Rollback from None
            stored = type(result).objects.get(pk=result.pk)
            for field in ("full_name", "email", "phone", "company_name", "total_amount", "amount_due", "name"):
                if hasattr(result, field):
                    assert getattr(stored, field) == getattr(result, field)
            raise Rollback
    except Rollback:
        pass


@FUZZ
@given(full_name=hostile, email=hostile, phone=hostile, company_name=hostile)
def test_client_create(world, full_name, email, phone, company_name):
    attempt(lambda: client_create(
        actor=world.seller, full_name=full_name, email=email, phone=phone, company_name=company_name
    ))


@FUZZ
@given(field=st.sampled_from(["full_name", "email", "phone", "company_name"]), value=hostile)
def test_client_update(world, field, value):
    attempt(lambda: client_update(actor=world.seller, client_id=world.client.pk, data={field: value}))


@FUZZ
@given(total=hostile, due=hostile, signed=hostile)
def test_contract_create(world, total, due, signed):
    attempt(lambda: contract_create(
        actor=world.manager, client_id=world.client.pk, total_amount=total, amount_due=due, is_signed=signed
    ))


@FUZZ
@given(field=st.sampled_from(["total_amount", "amount_due", "is_signed"]), value=hostile)
def test_contract_update(world, field, value):
    attempt(lambda: contract_update(actor=world.manager, contract_id=world.unsigned.pk, data={field: value}))


@FUZZ
@given(name=hostile, start=hostile, end=hostile, location=hostile, attendees=hostile, notes=hostile)
def test_event_create(world, name, start, end, location, attendees, notes):
    attempt(lambda: event_create(
        actor=world.seller,
        contract_id=world.contract.pk,
        name=name,
        start=start,
        end=end,
        location=location,
        attendees=attendees,
        notes=notes,
    ))


@FUZZ
@given(field=st.sampled_from(["name", "start", "end", "location", "attendees", "notes"]), value=hostile)
def test_event_update(world, field, value):
    attempt(lambda: event_update(actor=world.manager, event_id=world.event.pk, data={field: value}))


@FUZZ
@given(email=hostile, full_name=hostile, department=hostile, phone=hostile)
def test_employee_create(world, email, full_name, department, phone):
    attempt(lambda: employee_create(
        actor=world.manager, email=email, full_name=full_name, department=department, phone=phone
    ))


@FUZZ
@given(field=st.sampled_from(["email", "full_name", "department", "phone", "password"]), value=hostile)
def test_employee_update(world, field, value):
    attempt(lambda: employee_update(actor=world.manager, employee_id=world.idle_supporter.pk, data={field: value}))


@FUZZ
@given(record_id=hostile, data=st.dictionaries(st.sampled_from(["phone", "notes", "?", "id"]), hostile, max_size=2))
def test_ids_and_field_names_from_outside(world, record_id, data):
    from crm_core.errors import NotFound

    try:
        attempt(lambda: event_update(actor=world.manager, event_id=record_id, data=data))
    except NotFound:
        pass  # a well-formed id that matches no event


def test_hostile_text_is_stored_verbatim_never_executed(world):
    client = client_create(
        actor=world.seller,
        full_name=SQL_FRAGMENTS[0],
        email="bobby@tables.example",
        phone="+1 234 567 8901",
        company_name=SQL_FRAGMENTS[1],
    )
    client.refresh_from_db()
    assert client.full_name == SQL_FRAGMENTS[0]
    assert type(client).objects.count() == 3  # the table the text tried to drop is intact
