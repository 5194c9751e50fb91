"""Contract use cases: management writes contracts; their client's salesperson follows them.

``contract_create`` / ``contract_update`` are the staff entry points: they apply the
policy of SPEC §3, then share the validation, write and audit with
``contract_save_new`` / ``contract_save_changes``, which Django admin calls for its
administrators (authorised by the admin site itself, not by a department).
"""

from collections.abc import Callable

from crm_core import audit, clock
from crm_core.errors import RuleViolation
from crm_core.fields import reject_unknown_fields
from crm_core.lookups import get_by_id
from crm_core.policy import CONTRACT_FIELDS, Action, authorize
from crm_core.validation import FieldCleaner, clean_amount, clean_bool, clean_text
from crm_core.writes import apply_changes, atomic_write, save_changes
from epic_clients_app.models import Client
from epic_contracts_app.models import Contract

DUE_OVER_TOTAL = "Amount due: cannot exceed the total amount ({total})."
TOTAL_UNDER_DUE = (
    "Total amount: cannot be less than the amount still due ({due}); lower the amount due too, in the same change."
)
REFERENCE_TAKEN = "Reference: {reference} is already the number of contract {pk}; each contract has its own."


def _clean_reference(value) -> str | None:
    """The contract's number in the company's spreadsheets: optional text, stored as NULL when empty."""
    max_length = Contract._meta.get_field("reference").max_length
    return clean_text(value, max_length=max_length, required=False) or None


def _check_reference_free(cleaner: FieldCleaner, reference: str | None, exclude_id: int | None = None) -> None:
    if reference:
        holder = Contract.objects.filter(reference=reference).exclude(pk=exclude_id).values_list("pk", flat=True)
        for pk in holder[:1]:
            cleaner.add("reference", REFERENCE_TAKEN.format(reference=reference, pk=pk))


def contract_create(*, actor, client_id, total_amount, amount_due=None, is_signed=False, reference=None) -> Contract:
    """Create a contract for any client. Management only. The amount due defaults to the total.

    ``reference`` is the contract's own number in the company's spreadsheets (optional, unique).
    """
    authorize(actor, Action.CREATE_CONTRACT)
    return contract_save_new(
        actor=actor,
        client_id=client_id,
        total_amount=total_amount,
        amount_due=amount_due,
        is_signed=is_signed,
        reference=reference,
    )


def contract_save_new(*, actor, client_id, total_amount, amount_due=None, is_signed=False, reference=None) -> Contract:
    """Validate, create and (when signed) report a contract, without the department check.

    Called by ``contract_create`` once authorised, and by Django admin; ``actor`` is
    who the signature is reported for.
    """
    cleaner = FieldCleaner()
    total = cleaner.clean("total_amount", clean_amount, total_amount)
    due = total if amount_due is None else cleaner.clean("amount_due", clean_amount, amount_due)
    signed = cleaner.clean("is_signed", clean_bool, is_signed)
    if total is not None and due is not None and due > total:
        cleaner.add("amount_due", DUE_OVER_TOTAL.format(total=total))
    number = cleaner.clean("reference", _clean_reference, reference)
    _check_reference_free(cleaner, number)
    client = get_by_id(Client.objects.all(), client_id, label="client")
    cleaner.raise_if_invalid()
    now = clock.now()
    contract = Contract(
        client=client,
        total_amount=total,
        amount_due=due,
        is_signed=signed,
        signed_at=now if signed else None,
        reference=number,
        created_at=now,
        updated_at=now,
    )
    with atomic_write(actor=actor):
        contract.save()
    if signed:
        audit.contract_signed(actor=actor, contract=contract)
    return contract


def contract_update(*, actor, contract_id, data: dict) -> Contract:
    """Change amounts or signature. Management: any contract; sales: their clients' contracts.

    The row is locked while it is read and written, so two people changing the same
    contract at once are applied one after the other and neither change is lost.
    """
    reject_unknown_fields(data, CONTRACT_FIELDS)
    authorize(actor, Action.UPDATE_CONTRACT)
    return _update(actor, contract_id, data, lambda contract: authorize(actor, Action.UPDATE_CONTRACT, contract))


def contract_save_changes(*, actor, contract_id, data: dict) -> Contract:
    """``contract_update`` without the department and ownership check, for Django admin.

    Same validation, same locking, same ``contract.signed`` report for ``actor``.
    """
    reject_unknown_fields(data, CONTRACT_FIELDS)
    return _update(actor, contract_id, data, lambda contract: None)


def _update(actor, contract_id, data: dict, check_loaded: Callable[[Contract], None]) -> Contract:
    with atomic_write(actor=actor):
        contract = get_by_id(
            Contract.objects.select_for_update(of=("self",)).select_related("client"), contract_id, label="contract"
        )
        check_loaded(contract)
        cleaner = FieldCleaner()
        changes = {}
        if "total_amount" in data:
            changes["total_amount"] = cleaner.clean("total_amount", clean_amount, data["total_amount"])
        if "amount_due" in data:
            changes["amount_due"] = cleaner.clean("amount_due", clean_amount, data["amount_due"])
        if "is_signed" in data:
            changes["is_signed"] = cleaner.clean("is_signed", clean_bool, data["is_signed"])
        if "reference" in data:
            changes["reference"] = cleaner.clean("reference", _clean_reference, data["reference"])
            _check_reference_free(cleaner, changes["reference"], exclude_id=contract.pk)
        cleaner.raise_if_invalid()
        total = changes.get("total_amount", contract.total_amount)
        due = changes.get("amount_due", contract.amount_due)
        if due > total:
            # Name the value the user changed: lowering the total alone is a mistake about the total.
            if due == contract.amount_due:
                cleaner.add("total_amount", TOTAL_UNDER_DUE.format(due=due))
            else:
                cleaner.add("amount_due", DUE_OVER_TOTAL.format(total=total))
            cleaner.raise_if_invalid()
        newly_signed = changes.get("is_signed") is True and not contract.is_signed
        if newly_signed:
            changes["signed_at"] = clock.now()
        elif changes.get("is_signed") is False and contract.is_signed:
            if contract.events.exists():
                raise RuleViolation(
                    f"Contract {contract.pk} already has events, so it stays signed; change the events instead."
                )
            changes["signed_at"] = None
        changed = apply_changes(contract, changes)
        save_changes(contract, changed)
    if newly_signed:
        audit.contract_signed(actor=actor, contract=contract)
    return contract


def contract_sign(*, actor, contract_id) -> Contract:
    """Mark a contract signed (records when). Same permission as contract_update."""
    return contract_update(actor=actor, contract_id=contract_id, data={"is_signed": True})
