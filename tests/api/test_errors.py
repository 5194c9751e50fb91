"""Errors under /api/: always the JSON body of INTERFACES.md, never a Django page, whatever DEBUG says."""

import pytest

from api import views
from tests.api.conftest import body_of


@pytest.fixture(params=[False, True], ids=["DEBUG off", "DEBUG on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def is_json_error(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    text = response.content.decode()
    assert "Traceback" not in text and "<html" not in text.lower() and "settings" not in text.lower()
    return body_of(response)


def test_unknown_paths_are_json_404(api, world, debug):
    for path in ("/api/v1/nothing", "/api/v2/clients", "/api/v1/clients/1/nothing", "/api/"):
        body = is_json_error(api.call("GET", path), 404)
        assert body["detail"].endswith(".")


def test_a_bad_host_header_is_a_json_400(api, world, debug):
    response = api.call("GET", "clients", HTTP_HOST="evil.example")
    is_json_error(response, 400)


def test_an_unexpected_error_answers_only_a_reference(api, world, debug, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("secret detail: kevin@startup.io")

    monkeypatch.setattr(views.listing, "list_response", lambda *args: broken())
    body = is_json_error(api.as_(world.manager).get("clients"), 500)
    assert set(body) == {"detail", "reference"}
    assert body["reference"] in body["detail"] and "kevin" not in body["detail"] and "secret" not in body["detail"]
    logged = [record for record in caplog.records if body["reference"] in record.getMessage()]
    assert logged and logged[0].exc_info is not None  # the details are for IT, in the log


def test_methods_the_api_does_not_have_are_405_in_json(api, world, debug):
    manager = api.as_(world.manager)
    said = is_json_error(manager.put(f"clients/{world.client.pk}", {"phone": "+33 1 23 45 67 89"}), 405)["detail"]
    assert said == 'Method "PUT" not allowed; the API\'s methods are listed in /api/v1/openapi.json.'  # one stop
    is_json_error(manager.patch("clients", {"phone": "+33 1 23 45 67 89"}), 405)


def test_whatever_the_accept_header_asks_the_answer_is_json(api, world):
    response = api.call("GET", "clients", token=api.token_for(world.seller), HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_api_answers_are_never_cached(api, world):
    response = api.as_(world.seller).get(f"clients/{world.client.pk}")
    assert response["Cache-Control"] == "no-store"


def test_the_admin_keeps_its_own_pages(api, world):
    response = api.call("GET", "/admin/login/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
