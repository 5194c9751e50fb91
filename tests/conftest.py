import pytest
from django.db import connection

from tests import factories


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
