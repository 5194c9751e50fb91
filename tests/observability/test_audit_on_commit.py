"""Records of writes wait for the commit: a write rolled back afterwards is never reported."""

import logging

import pytest
from django.db import transaction

from epic_auth_app.services import employee_create
from epic_contracts_app.services import contract_sign
from tests.factories import make_contract

pytestmark = pytest.mark.django_db


class RolledBack(Exception):
    pass


def audit_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "crm.audit"]


def test_a_signature_is_reported_once_its_transaction_commits(manager, caplog, committed):
    contract = make_contract(signed=False)
    with caplog.at_level(logging.INFO, logger="crm.audit"), committed():
        with transaction.atomic():
            contract_sign(actor=manager, contract_id=contract.pk)
            assert audit_lines(caplog) == []  # signed, but not committed yet
    assert audit_lines(caplog) == [
        f"contract.signed actor_department=management actor_id={manager.pk} "
        f"client_id={contract.client_id} contract_id={contract.pk}"
    ]


def test_a_signature_or_a_hire_rolled_back_afterwards_is_never_reported(manager, caplog, committed):
    contract = make_contract(signed=False)
    with caplog.at_level(logging.INFO, logger="crm.audit"), committed():
        with pytest.raises(RolledBack), transaction.atomic():
            contract_sign(actor=manager, contract_id=contract.pk)
            employee_create(
                actor=manager, email="new.hire@epicevents.example", full_name="New Hire", department="sales"
            )
            raise RolledBack  # e.g. a later row of an import was refused
    contract.refresh_from_db()
    assert not contract.is_signed
    assert audit_lines(caplog) == []
