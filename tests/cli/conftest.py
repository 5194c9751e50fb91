import pytest

from epic_auth_app.authentication import login
from tests.factories import PASSWORD


@pytest.fixture
def home(tmp_path):
    return tmp_path / "epicevents"


@pytest.fixture
def log_in(home):
    """Open a session for ``employee`` in ``home`` (or ``where``), as `login` would."""
    from cli.session_file import SessionFile

    def log_in_as(employee, where=None):
        SessionFile(where or home).save(login(email=employee.email, password=PASSWORD).token)
        return employee

    return log_in_as
