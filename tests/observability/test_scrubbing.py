"""The last line of defence before Sentry and the log file: what is masked, and what is kept readable."""

import pytest

from crm_core.scrubbing import MASK, before_breadcrumb, before_send, command_words, event_scrubber, mask

TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwianRpIjoiYWJjIn0."
    "oBeK-gCzYx8o8KWaD_MBHwKn2cl2SKL19GO1zgXn53s"
)


@pytest.mark.parametrize(
    "personal",
    [
        "kevin@startup.io",
        "john.ouick@gmail.com",
        "jacky@loubouzin.grd",
        "Bill.Boquet+crm@epic-events.example.com",
        "+678 123 456 78",
        "+1 234 567 8901",
        "+ 666 12345",
        "+33 (0)6 12-34-56-78",
        "06 12 34 56 78",
        "+44.20.7946.0958",
        TOKEN,
        "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",  # unsigned, still a token
    ],
)
def test_personal_data_and_tokens_are_masked_wherever_they_sit_in_a_sentence(personal):
    masked = mask(f"refused: {personal}, see row 3")
    assert masked == f"refused: {MASK}, see row 3"


@pytest.mark.parametrize(
    "kept",
    [
        "employee.updated actor_id=12 employee_id=345 changed_fields=full_name,phone",
        "contract.signed contract_id=652 client_id=412",
        "trace ae333cf82a5340a19698b44917a1ae3a span 92e1b35d41f41507",  # hex ids with digit runs
        "event 1023 starts 2026-06-04 13:00 and ends 2026-06-05 02:00",
        "total 1500.00, due 250.50",
        "connect to 127.0.0.1:5432 failed",
        "python 3.11.7 (main, May  9 2026, 07:35:25)",
        'SELECT "id" FROM "epic_auth_app_employee" WHERE "email" = %s',
        "Are you sure? Try again.",
    ],
)
def test_ids_dates_amounts_and_sql_stay_readable(kept):
    assert mask(kept) == kept


def test_url_queries_are_masked_but_the_path_is_kept():
    assert mask('"GET /admin/epic_clients_app/client/?q=Kevin+Casey HTTP/1.1" 200') == (
        f'"GET /admin/epic_clients_app/client/?{MASK} HTTP/1.1" 200'
    )


def test_command_line_is_reduced_to_its_command_words():
    argv = ["/home/alice/crm/crm_events/main.py", "clients", "update", "12", "--full-name", "Kevin Casey"]
    assert command_words(argv) == ["main.py", "clients", "update"]
    assert command_words(["main.py", "employees", "create", "--email", "x@y.z"]) == ["main.py", "employees", "create"]
    assert command_words(["main.py", "--email", "x@y.z"]) == ["main.py"]
    assert command_words([]) == []


def test_before_send_keeps_only_the_method_and_path_of_a_web_request_and_drops_the_user():
    event = {
        "message": "Not Found: kevin@startup.io",
        "request": {
            "url": "https://crm.example.com/admin/epic_clients_app/client/?q=Kevin",
            "method": "GET",
            "query_string": "q=Kevin+Casey",
            "headers": {"Referer": "https://crm.example.com/admin/?q=Kevin+Casey", "Cookie": "sessionid=abc"},
            "data": {"full_name": "Kevin Casey"},
            "env": {"REMOTE_ADDR": "192.0.2.10"},
        },
        "user": {"id": 1, "email": "boss@example.com"},
        "server_name": "alice-laptop",
        "extra": {"sys.argv": ["main.py", "clients", "create", "--full-name", "Kevin Casey"]},
        "tags": {"employee_id": "3"},
    }
    sent = before_send(event, {})
    assert sent["request"] == {"url": "https://crm.example.com/admin/epic_clients_app/client/", "method": "GET"}
    assert "user" not in sent and "server_name" not in sent
    assert sent["message"] == f"Not Found: {MASK}"
    assert sent["extra"]["sys.argv"] == ["main.py", "clients", "create"]
    assert sent["tags"] == {"employee_id": "3"}


def test_before_breadcrumb_masks_messages_and_data():
    crumb = {"message": "login for kevin@startup.io", "data": {"note": "call +678 123 456 78", "actor_id": 3}}
    assert before_breadcrumb(crumb, {}) == {
        "message": f"login for {MASK}",
        "data": {"note": f"call {MASK}", "actor_id": 3},
    }


def test_event_scrubber_removes_values_under_our_field_names_at_any_depth():
    event = {
        "extra": {"form": {"email": "kevin@startup.io", "phone": "1", "password": "p", "company_name": "Cool"}},
        "breadcrumbs": {"values": [{"data": {"jwt": "x", "client_name": "Kevin", "actor_id": 3}}]},
    }
    event_scrubber().scrub_event(event)
    form = event["extra"]["form"]
    assert all(getattr(form[key], "value", None) == MASK for key in ("email", "phone", "password", "company_name"))
    data = event["breadcrumbs"]["values"][0]["data"]
    assert getattr(data["jwt"], "value", None) == MASK and getattr(data["client_name"], "value", None) == MASK
    assert data["actor_id"] == 3
