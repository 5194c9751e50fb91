import pytest
from django.test import Client, TestCase
from django.urls import reverse

from tests.factories import make_employee
from tests.services.conftest import World


def admin_url(model: str, view: str, *args) -> str:
    """URL of an admin page, e.g. admin_url("client", "change", 3)."""
    app = {
        "employee": "epic_auth_app",
        "department": "epic_auth_app",
        "authsession": "epic_auth_app",
        "client": "epic_clients_app",
        "contract": "epic_contracts_app",
        "event": "epic_events_app",
    }[model]
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def form_errors(response) -> dict:
    """The errors of the admin form a refused POST rendered again, field -> sentences."""
    assert response.status_code == 200, f"expected the form again, got {response.status_code}"
    return {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def administrator(db):
    return make_employee("management", full_name="Ada Admin", is_superuser=True, is_staff=True)


class CommittingClient(Client):
    """The test client, with each request ending as in production: its writes are committed,
    so what waits for the commit (the audit records) has happened when the response is read."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def as_admin(administrator) -> Client:
    """The Django test client, logged in to the admin as an administrator."""
    client = CommittingClient()
    client.force_login(administrator)
    return client
