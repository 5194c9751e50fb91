import signal

import pytest
from django.db import connection

from tests import factories
from tests.cli_support import LOCAL, Shape


def pytest_collection_modifyitems(config, items):
    on_postgresql = connection.vendor == "postgresql"
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")
    for item in items:
        if "postgresql" in item.keywords and not on_postgresql:
            item.add_marker(skip)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` around writes made inside the test's transaction: what waits for
    the commit (the audit records of writes) runs at the end of the block, as at a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def manager(db):
    return factories.make_employee("management", full_name="Mona Manager")


@pytest.fixture
def seller(db):
    return factories.make_employee("sales", full_name="Bill Boquet")


@pytest.fixture
def other_seller(db):
    return factories.make_employee("sales", full_name="Sally Seller")


@pytest.fixture
def supporter(db):
    return factories.make_employee("support", full_name="Kate Hastroff")


@pytest.fixture
def other_supporter(db):
    return factories.make_employee("support", full_name="Aliénor Vichum")


@pytest.fixture(scope="session")
def crm_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """``manage.py serve`` on a free loopback port, on the test database, started at first use, for the session."""
    from tests.api.server_support import Server

    running = Server(tmp_path_factory.mktemp("crm-server"))
    yield running
    assert running.stop(signal.SIGTERM) == 0, running.log()


@pytest.fixture(params=["local", "remote"])
def shape(request):
    """Each test using it runs twice: on the local database, and through a real server (SPEC §6)."""
    if request.param == "local":
        return LOCAL
    return Shape("remote", request.getfixturevalue("crm_server"))
