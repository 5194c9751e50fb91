"""Two staff change the same contract at the same moment: nothing is lost (PostgreSQL).

Each thread has its own database connection. The final state must be one that running
the two changes one after the other could have produced.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from crm_core.errors import InvalidInput
from epic_contracts_app.models import Contract
from epic_contracts_app.services import contract_sign, contract_update
from tests.factories import make_client, make_contract, make_employee

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROUNDS = 15


def race(*calls) -> list:
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_payment_and_signature_at_the_same_time_both_land():
    manager = make_employee("management")
    seller = make_employee("sales")
    contract = make_contract(
        make_client(seller), signed=False, total_amount=Decimal("1500"), amount_due=Decimal("1000")
    )
    for round_number in range(ROUNDS):
        Contract.objects.filter(pk=contract.pk).update(is_signed=False, signed_at=None, amount_due=Decimal("1000"))
        due = Decimal(400 + round_number)
        errors = race(
            lambda: contract_update(actor=manager, contract_id=contract.pk, data={"amount_due": due}),
            lambda: contract_sign(actor=seller, contract_id=contract.pk),
        )
        assert errors == []
        final = Contract.objects.get(pk=contract.pk)
        assert (final.amount_due, final.is_signed) == (due, True)  # the only serial outcome
        assert final.signed_at is not None


def test_changes_that_validate_against_each_other_are_applied_one_after_the_other():
    """Each change is valid alone, not together: exactly one must win, with a clear refusal.

    Without the row lock both would validate against the same old row; the database
    CHECK would then reject the second write as a conflict instead of the user getting
    the validation sentence computed from the row the first change left.
    """
    manager = make_employee("management")
    seller = make_employee("sales")
    contract = make_contract(make_client(seller), total_amount=Decimal("1500"), amount_due=Decimal("100"))
    for _ in range(ROUNDS):
        Contract.objects.filter(pk=contract.pk).update(total_amount=Decimal("1500"), amount_due=Decimal("100"))
        errors = race(
            lambda: contract_update(actor=manager, contract_id=contract.pk, data={"total_amount": "500"}),
            lambda: contract_update(actor=seller, contract_id=contract.pk, data={"amount_due": "1000"}),
        )
        final = Contract.objects.get(pk=contract.pk)
        # total first, then the due is refused -> (500, 100); due first, then the total -> (1500, 1000)
        assert (final.total_amount, final.amount_due) in {
            (Decimal("500"), Decimal("100")),
            (Decimal("1500"), Decimal("1000")),
        }
        assert len(errors) == 1 and isinstance(errors[0], InvalidInput), errors
        # Each refusal names the field its own change was about.
        assert errors[0].errors.keys() == {"total_amount" if final.amount_due == Decimal("1000") else "amount_due"}
