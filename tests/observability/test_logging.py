"""Python logging as configured for the program: what reaches the file, the terminal, and what never does."""

import io
import logging
import re
import stat
from types import SimpleNamespace

import pytest

from cli.environment import Environment
from cli.runner import report_unexpected
from crm_core import observability
from crm_core.errors import NotAuthenticated, PermissionDenied
from epic_auth_app.authentication import authenticate_credentials, login
from epic_auth_app.services import employee_create, employee_delete, employee_update
from epic_contracts_app.services import contract_sign
from tests.factories import PASSWORD, make_client, make_contract, make_employee
from tests.observability import personal_data as pd

pytestmark = pytest.mark.django_db

# ISO 8601 with the offset, as the log writes each line's time
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2} ", re.MULTILINE)


@pytest.fixture
def configured(tmp_path):
    """configure_logging as the program calls it, undone afterwards (pytest's own handlers are kept)."""
    root = logging.getLogger()
    saved_level, saved_handlers = root.level, list(root.handlers)
    backends = logging.getLogger("django.db.backends")
    saved_backends_level = backends.level

    def configure(level="INFO"):
        settings = SimpleNamespace(LOG_LEVEL=level, LOG_FILE=tmp_path / "logs" / "epicevents.log")
        observability.configure_logging(settings)
        return settings.LOG_FILE

    yield configure
    for handler in root.handlers:
        if handler not in saved_handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(saved_level)
    backends.setLevel(saved_backends_level)


@pytest.fixture
def manager(db):
    return make_employee("management", email=pd.MANAGER_EMAIL, full_name=pd.MANAGER_NAME, phone=pd.MANAGER_PHONE)


def _staff_day(manager, committed):
    """Every operation that leaves an audit line, with personal data in each input. Returns the token.

    Each write is committed as a command would commit it, so its audit line comes in order.
    """
    token = login(email=pd.MANAGER_EMAIL, password=PASSWORD).token
    with pytest.raises(NotAuthenticated):
        authenticate_credentials(email=pd.INTRUDER_EMAIL, password=pd.WRONG_PASSWORD)
    with committed():
        employee = employee_create(
            actor=manager,
            email=pd.NEW_EMAIL,
            full_name=pd.NEW_NAME,
            department="sales",
            phone=pd.NEW_PHONE_TYPED,
            password=pd.NEW_PASSWORD,
        )
    with committed():
        employee_update(
            actor=manager,
            employee_id=employee.pk,
            data={"full_name": pd.RENAMED, "phone": pd.CHANGED_PHONE, "password": pd.CHANGED_PASSWORD},
        )
    with pytest.raises(PermissionDenied):
        employee_delete(actor=employee, employee_id=manager.pk)
    client = make_client(employee, **pd.CLIENT)
    contract = make_contract(client, signed=False)
    with committed():
        contract_sign(actor=manager, contract_id=contract.pk)
    client.sales_contact = make_employee("sales")
    client.save()
    with committed():
        employee_delete(actor=manager, employee_id=employee.pk)
    return employee, contract, token


def test_each_operation_leaves_one_audit_line_with_ids_only(manager, caplog, committed):
    with caplog.at_level(logging.INFO):
        employee, contract, token = _staff_day(manager, committed)

    audit = [(record.levelname, record.getMessage()) for record in caplog.records if record.name == "crm.audit"]
    actor = f"actor_department=management actor_id={manager.pk}"
    assert audit == [
        ("INFO", f"auth.login {actor}"),
        ("WARNING", "auth.login_failed reason=unknown or inactive account"),
        ("INFO", f"employee.created {actor} department=sales employee_id={employee.pk}"),
        ("INFO", f"employee.updated {actor} changed_fields=full_name,password,phone department=sales "
                 f"employee_id={employee.pk}"),
        ("WARNING", f"policy.denied action=manage employees actor_department=sales actor_id={employee.pk}"),
        ("INFO", f"contract.signed {actor} client_id={contract.client_id} contract_id={contract.pk}"),
        ("INFO", f"employee.deleted {actor} clients_moved=0 department=sales employee_id={employee.pk} events_moved=0"),
    ]
    secrets = pd.scenario_secrets(token)
    assert [secret for secret in secrets if secret.lower() in caplog.text.lower()] == []


def test_lockout_is_logged_as_a_warning(manager, caplog, settings):
    settings.LOGIN_MAX_FAILURES = 2
    with caplog.at_level(logging.INFO, logger="crm.audit"):
        for _ in range(2):
            with pytest.raises(NotAuthenticated):
                authenticate_credentials(email=pd.MANAGER_EMAIL, password=pd.WRONG_PASSWORD)
    messages = [(record.levelname, record.getMessage()) for record in caplog.records if record.name == "crm.audit"]
    assert messages[-1] == ("WARNING", f"auth.account_locked employee_id={manager.pk}")
    assert pd.WRONG_PASSWORD not in caplog.text and pd.MANAGER_EMAIL not in caplog.text


def test_business_events_and_problems_go_to_the_file_and_only_problems_to_the_terminal(
    manager, configured, capsys, committed
):
    log_file = configured()
    with committed():
        employee_create(actor=manager, email=pd.NEW_EMAIL, full_name=pd.NEW_NAME, department="sales")
    with pytest.raises(PermissionDenied):
        employee_create(actor=make_employee("support"), email=pd.SELLER_EMAIL, full_name="X Y", department="sales")
    logging.getLogger("epic_events_app.reminders").warning("reminder service unreachable")
    try:
        raise OSError("disk full")
    except OSError as error:
        report_unexpected(error, Environment(stdout=io.StringIO(), stderr=io.StringIO()), debug=False)
    logging.getLogger("epic_events_app.reminders").debug("a detail nobody asked for")

    lines = log_file.read_text().splitlines()
    levels_and_names = [line.split(" ")[1:3] for line in lines if TIMESTAMP.match(line)]
    assert levels_and_names == [
        ["INFO", "crm.audit"],  # employee.created
        ["WARNING", "crm.audit"],  # policy.denied
        ["WARNING", "epic_events_app.reminders"],
        ["ERROR", "cli.runner"],  # the unexpected error, with its traceback below it
    ]
    assert any(line.startswith("Traceback") for line in lines)
    # The user already had a sentence for the denial and the error: the terminal shows the rest only.
    assert capsys.readouterr().err == "WARNING: reminder service unreachable\n"


def test_log_lines_never_hold_a_password_token_email_or_phone(manager, configured, committed):
    log_file = configured(level="DEBUG")  # even at the most talkative level
    employee, contract, token = _staff_day(manager, committed)
    logger = logging.getLogger("epic_clients_app.import")
    logger.warning("row %s;%s;%s refused", pd.CLIENT["email"], pd.CLIENT["phone"], token)
    try:
        raise ValueError(f"cannot reach {pd.SELLER_EMAIL} at {pd.SELLER_PHONE}")
    except ValueError:
        logger.exception("import failed")

    text = log_file.read_text()
    assert f"employee.created actor_department=management actor_id={manager.pk}" in text
    assert "row [Filtered];[Filtered];[Filtered] refused" in text
    assert "ValueError: cannot reach [Filtered] at [Filtered]" in text
    assert len(TIMESTAMP.findall(text)) >= 9  # the time of each line is kept, not mistaken for a phone number
    assert [secret for secret in pd.scenario_secrets(token) if secret.lower() in text.lower()] == []


def test_the_log_file_is_readable_by_its_owner_only(configured):
    log_file = configured()
    logging.getLogger("crm.audit").info("auth.login actor_id=1")
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700


def test_configuring_twice_does_not_write_every_line_twice(configured):
    configured()
    log_file = configured()
    logging.getLogger("crm.audit").info("auth.login actor_id=1")
    assert log_file.read_text().count("auth.login actor_id=1") == 1


def test_an_unwritable_log_does_not_stop_the_program_and_is_said_once(tmp_path, configured, capsys):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    observability.configure_logging(SimpleNamespace(LOG_LEVEL="INFO", LOG_FILE=blocker / "epicevents.log"))
    logging.getLogger("epic_events_app.reminders").warning("still shown")
    logging.getLogger("crm.audit").info("auth.login actor_id=1")
    logging.getLogger("epic_events_app.reminders").warning("shown too")
    assert capsys.readouterr().err == (
        f"The log file {blocker / 'epicevents.log'} cannot be written (Not a directory); the CRM carries on "
        "without it (set LOG_FILE to a file you can write).\nWARNING: still shown\nWARNING: shown too\n"
    )


def test_rotated_log_files_stay_owner_only(configured, monkeypatch):
    import stat

    monkeypatch.setattr(observability, "LOG_MAX_BYTES", 200)
    log_file = configured()
    for number in range(20):
        logging.getLogger("crm.audit").info("employee.updated employee_id=%s changed_fields=phone", number)
    rotated = sorted(log_file.parent.glob("epicevents.log*"))
    assert len(rotated) > 1
    assert {stat.S_IMODE(path.stat().st_mode) for path in rotated} == {0o600}


def test_a_device_as_log_file_keeps_its_permissions(configured, monkeypatch, tmp_path):
    """LOG_FILE=/dev/null must never make the CRM (often run as root by IT) chmod the device."""
    import os
    import stat

    before = stat.S_IMODE(os.stat(os.devnull).st_mode)
    monkeypatch.setattr(observability, "LOG_MAX_BYTES", 0)
    from types import SimpleNamespace

    observability.configure_logging(SimpleNamespace(LOG_LEVEL="INFO", LOG_FILE=os.devnull), console=False)
    logging.getLogger("crm.audit").info("employee.created employee_id=1")
    assert stat.S_IMODE(os.stat(os.devnull).st_mode) == before
