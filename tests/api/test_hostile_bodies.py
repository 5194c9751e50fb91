"""Bodies and ids a careless or hostile client may send: 400 with a sentence, nothing written."""

import json

import pytest

from tests.api.conftest import body_of
from tests.services.conftest import snapshot


def assert_refused(response, before, status=400):
    body = body_of(response)
    assert response.status_code == status, body
    assert response["Content-Type"] == "application/json"
    assert isinstance(body["detail"], str) and body["detail"].strip().endswith(".")
    assert "Traceback" not in response.content.decode()
    assert snapshot() == before


@pytest.fixture
def as_seller(api, world):
    return api.as_(world.seller)


CLIENT = {"full_name": "John Ouick", "email": "john.ouick@gmail.com", "phone": "+1 234 567 8901", "company_name": "JO"}


@pytest.mark.parametrize(
    "body",
    [
        {**CLIENT, "full_name": 42},
        {**CLIENT, "email": ["john.ouick@gmail.com"]},
        {**CLIENT, "phone": {"number": "+1 234"}},
        {**CLIENT, "company_name": None},
        {**CLIENT, "sales_contact_id": 1},  # not a field of create: the client is the creator's
        {**CLIENT, "is_admin": True},
        {key: value for key, value in CLIENT.items() if key != "email"},
        {},
    ],
    ids=["number for text", "list", "object", "null", "owner field", "unknown field", "missing field", "empty"],
)
def test_wrong_types_unknown_and_missing_fields_are_refused(world, as_seller, body):
    before = snapshot()
    response = as_seller.post("clients", body)
    assert_refused(response, before)
    assert body_of(response)["fields"]


@pytest.mark.parametrize(
    "raw",
    [
        "{",
        '{"full_name": "x",}',
        "[]",
        '"a string"',
        "null",
        '{"total_amount": NaN}',
        '{"a": 1, "a": 2}',
        "[" * 100_000 + "]" * 100_000,
        '{"attendees": ' + "9" * 5000 + "}",
        b'{"name": "\xff\xfe"}',
    ],
    ids=["truncated", "trailing comma", "array", "string", "null", "NaN", "duplicate", "deep", "huge int", "latin1"],
)
def test_malformed_json_is_refused(world, as_seller, raw):
    before = snapshot()
    assert_refused(as_seller.post("clients", raw=raw), before)
    assert_refused(as_seller.patch(f"clients/{world.client.pk}", raw=raw), before)


def test_a_huge_body_is_refused_without_being_read_whole(world, as_seller, settings):
    before = snapshot()
    huge = json.dumps({**CLIENT, "full_name": "x" * (settings.API_MAX_BODY_BYTES + 1)})
    response = as_seller.post("clients", raw=huge)
    assert_refused(response, before)
    assert "larger than" in body_of(response)["detail"]


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
def test_a_body_that_is_not_declared_json_is_refused(world, as_seller, content_type):
    before = snapshot()
    response = as_seller.post("clients", raw=json.dumps(CLIENT), content_type=content_type)
    assert_refused(response, before)
    assert "application/json" in body_of(response)["detail"]


def test_json_in_another_charset_is_refused(world, as_seller):
    before = snapshot()
    response = as_seller.post("clients", raw=json.dumps(CLIENT), content_type="application/json; charset=latin-1")
    assert_refused(response, before)


@pytest.mark.parametrize("record_id", ["0", "-1", "abc", "1.5", "1e3", "%20", "١٢"])
def test_ids_that_are_not_record_ids_are_refused(world, api, record_id):
    manager = api.as_(world.manager)
    before = snapshot()
    for kind in ("clients", "contracts", "events", "employees"):
        assert_refused(manager.get(f"{kind}/{record_id}"), before)
    assert_refused(manager.patch(f"contracts/{record_id}", {"amount_due": "1"}), before)


def test_ids_beyond_any_record_are_not_found(world, api):
    before = snapshot()
    response = api.as_(world.manager).get(f"clients/{2**70}")
    assert_refused(response, before, status=404)


@pytest.mark.parametrize(
    "body",
    [
        {"client_id": 0, "total_amount": "10"},
        {"client_id": True, "total_amount": "10"},
        {"client_id": 1.5, "total_amount": "10"},
        {"client_id": "1; DROP TABLE epic_clients_app_client", "total_amount": "10"},
        {"client_id": "CLIENT", "total_amount": -5},
        {"client_id": "CLIENT", "total_amount": 1e308},
        {"client_id": "CLIENT", "total_amount": "10", "amount_due": "11"},
        {"client_id": "CLIENT", "total_amount": "10", "is_signed": "yes"},
    ],
)
def test_contract_values_the_rules_refuse(world, api, body):
    body = {key: world.client.pk if value == "CLIENT" else value for key, value in body.items()}
    before = snapshot()
    assert_refused(api.as_(world.manager).post("contracts", body), before)


@pytest.mark.parametrize(
    "body",
    [{"total_amount": "abc"}, {"is_signed": 1}, {"client_id": 2}, {}, {"amount_due": "99999999999999"}],
    ids=["bad amount", "number for bool", "not updatable", "nothing", "too large"],
)
def test_updates_with_bad_or_unknown_fields_are_refused(world, api, body):
    before = snapshot()
    assert_refused(api.as_(world.manager).patch(f"contracts/{world.contract.pk}", body), before)


@pytest.mark.parametrize(
    "query",
    [
        "mine=yes",
        "unsigned=1",
        "client=abc",
        "page=0",
        "limit=501",
        "page=21",
        "page=x",
        "bogus=1",
        "page=1&all=true",
        "unsigned=true&unsigned=false",
    ],
)
def test_list_parameters_are_checked(world, api, query):
    before = snapshot()
    response = api.as_(world.seller).get(f"contracts?{query}")
    assert_refused(response, before)
