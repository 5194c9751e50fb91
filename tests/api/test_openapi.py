"""The OpenAPI 3 schema: served at /api/v1/openapi.json, committed as docs/api/openapi.json, and the same."""

import json

from django.core.management import call_command
from django.urls import get_resolver

from api.resources import RESOURCES
from tests.cli_support import REPO_ROOT

COMMITTED = REPO_ROOT / "docs" / "api" / "openapi.json"
REGENERATE = (
    "docs/api/openapi.json no longer matches the code; regenerate it with: .venv/bin/python crm_events/manage.py "
    "spectacular --format openapi-json --validate --fail-on-warn --file docs/api/openapi.json"
)


def test_the_committed_schema_is_what_the_code_generates(tmp_path):
    generated = tmp_path / "openapi.json"
    call_command("spectacular", "--format", "openapi-json", "--validate", "--fail-on-warn", "--file", str(generated))
    assert json.loads(generated.read_text()) == json.loads(COMMITTED.read_text()), REGENERATE


def test_the_served_schema_is_the_committed_one_and_needs_no_token(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content) == json.loads(COMMITTED.read_text()), REGENERATE


def test_every_record_key_and_every_route_is_described():
    schema = json.loads(COMMITTED.read_text())
    components = schema["components"]["schemas"]
    for resource in RESOURCES:
        described = components[resource.label.capitalize()]["properties"]
        assert list(described) == list(resource.shape)
        assert all(described[key].get("type") for key in resource.shape), resource.name
    routes = {
        "/api/" + str(pattern.pattern).replace("<str:id>", "{id}")
        for pattern in get_resolver().url_patterns[1].url_patterns
        if "<" in str(pattern.pattern) or str(pattern.pattern).startswith("v1/")
    }
    assert routes - {"/api/v1/openapi.json"} == set(schema["paths"])
