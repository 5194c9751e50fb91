"""The committed schema diagram (docs/schema.md) matches the models."""

import re

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from tests.cli_support import REPO_ROOT

SCHEMA = REPO_ROOT / "docs" / "schema.md"


def test_committed_diagram_is_up_to_date():
    try:
        call_command("schema_diagram", "--check", stdout=None)
    except CommandError as error:
        pytest.fail(str(error))


def test_every_crm_column_and_relation_is_in_the_diagram():
    text = SCHEMA.read_text(encoding="utf-8")
    for label in ("epic_auth_app", "epic_clients_app", "epic_contracts_app", "epic_events_app"):
        for model in apps.get_app_config(label).get_models():
            block = re.search(rf"    {model.__name__.upper()} {{\n(.*?)\n    }}", text, re.S)
            assert block, f"{model.__name__} missing from docs/schema.md"
            for field in model._meta.concrete_fields:
                if field.name in ("last_login", "is_superuser"):
                    continue
                assert f" {field.column}" in block.group(1), f"{model.__name__}.{field.column} missing"
                if field.is_relation:
                    assert f"{field.related_model.__name__.upper()} " in text


def test_a_stale_diagram_is_detected(tmp_path):
    stale = tmp_path / "schema.md"
    stale.write_text(SCHEMA.read_text(encoding="utf-8").replace("attendees", "guests"), encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("schema_diagram", "--check", "--output", str(stale), stdout=None)
