"""What the remote command line needs of the API: one record of a list by id, the counts a
removal's successor would take over, when a session ends, and answers checked as they are typed."""

import datetime as dt

import pytest

from epic_auth_app.models import AuthSession

from tests.api.conftest import body_of


def test_a_list_narrowed_to_one_id_answers_that_record_only_when_it_is_in_the_list(api, world):
    seller = api.as_(world.seller)
    mine = seller.get(f"clients?mine=true&id={world.client.pk}")
    assert [row["id"] for row in body_of(mine)["results"]] == [world.client.pk]
    # Another seller's client exists, but is not among "mine": the page is empty, not the record.
    theirs = body_of(seller.get(f"clients?mine=true&id={world.other_client.pk}"))
    assert (theirs["results"], theirs["count"]) == ([], 0)
    assert body_of(seller.get("clients?id=999999999999999999999999"))["results"] == []


@pytest.mark.parametrize("value", ["abc", "-1", "٣"])
def test_an_id_filter_that_is_no_id_is_refused_with_the_cli_s_sentence(api, world, value):
    answer = api.as_(world.manager).get(f"events?id={value}")
    assert answer.status_code == 400
    assert body_of(answer)["fields"] == {"id": "Event id: expected a record id (a positive whole number)."}


def test_a_removal_that_needs_a_successor_says_how_many_records_they_would_take(api, world):
    refused = api.as_(world.manager).delete(f"employees/{world.seller.pk}")
    assert refused.status_code == 409
    body = body_of(refused)
    assert (body["clients"], body["events"]) == (1, 0)
    assert body["detail"].startswith("Bill Boquet still owns")


def test_whoami_says_when_the_session_ends(api, world):
    answer = api.as_(world.supporter).get("session")
    assert answer.status_code == 200
    assert answer["X-Session-Expires-At"] > body_of(answer)["created_at"]


@pytest.mark.parametrize(
    "resource, field, typed, value",
    [
        ("clients", "email", " Kevin@Startup.IO ", "kevin@startup.io"),
        ("clients", "phone", "+33 (0)6 12 34 56 78", "+33 6 12 34 56 78"),
        ("contracts", "total_amount", "18500", "18500.00"),
        ("events", "attendees", "75", 75),
        ("events", "start", "2027-06-04 13:00", "2027-06-04T13:00:00+02:00"),
        ("employees", "phone", "", ""),
    ],
)
def test_an_answer_is_checked_as_typed_and_comes_back_as_the_value_to_send(api, world, resource, field, typed, value):
    answer = api.as_(world.seller).post(f"{resource}/check", {"field": field, "value": typed})
    assert (answer.status_code, body_of(answer)) == (200, {"value": value})


def test_a_bad_answer_gets_the_sentence_the_form_shows_and_nothing_changes(api, world):
    answer = api.as_(world.seller).post("clients/check", {"field": "email", "value": "john.ouick at gmail"})
    assert answer.status_code == 400
    assert body_of(answer)["fields"]["email"].startswith("'john.ouick at gmail' is not an email address")
    unknown = api.as_(world.seller).post("clients/check", {"field": "sales_contact_id", "value": "2"})
    assert unknown.status_code == 400 and "is not a field to check" in body_of(unknown)["detail"]


def test_checking_needs_a_session(api, world):
    assert api.call("POST", "clients/check", {"field": "email", "value": "a@b.example"}).status_code == 401


def test_the_server_names_no_program(api, world):
    from epic_auth_app.authentication import SESSION_REVOKED
    from epic_auth_app.tokens import LOG_IN_AGAIN

    assert "main.py" not in SESSION_REVOKED and "main.py" not in LOG_IN_AGAIN
    token = api.token_for(world.seller)
    AuthSession.objects.update(expires_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    answer = api.call("GET", "session", token=token)
    assert answer.status_code == 401 and body_of(answer)["detail"] == "Your session has expired; log in again."
