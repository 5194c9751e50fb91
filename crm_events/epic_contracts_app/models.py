from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from crm_core.change_history import RecordHistory
from epic_clients_app.models import Client

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Contract(models.Model):
    """What a client agreed to pay. Its sales contact is always the client's."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="contracts")
    total_amount = models.DecimalField(**MONEY)
    amount_due = models.DecimalField(**MONEY, help_text="Amount remaining to pay.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    is_signed = models.BooleanField(default=False)
    signed_at = models.DateTimeField(null=True, blank=True)
    # Nullable without a default, and unique through a conditional constraint (an index), so that
    # adding it to an existing table is an ALTER TABLE on SQLite rather than a rebuild that would
    # drop the cross-table triggers of crm_core's migration 0001.
    reference = models.CharField(
        max_length=50,
        null=True,
        blank=True,
        help_text="The contract's own number in the company's spreadsheets (optional, unique).",
    )

    history = RecordHistory()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(total_amount__gte=0), name="contract_total_not_negative"),
            models.CheckConstraint(condition=models.Q(amount_due__gte=0), name="contract_due_not_negative"),
            models.CheckConstraint(
                condition=models.Q(amount_due__lte=models.F("total_amount")), name="contract_due_within_total"
            ),
            models.CheckConstraint(
                condition=models.Q(is_signed=True, signed_at__isnull=False)
                | models.Q(is_signed=False, signed_at__isnull=True),
                name="contract_signed_has_date",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=models.Q(reference__isnull=False), name="contract_reference_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="contract_recent_idx"),
            models.Index(fields=["client", "-created_at", "-id"], name="contract_client_idx"),
            models.Index(
                fields=["-created_at", "-id"], name="contract_unsigned_idx", condition=models.Q(is_signed=False)
            ),
            models.Index(
                fields=["-created_at", "-id"], name="contract_unpaid_idx", condition=models.Q(amount_due__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"Contract {self.pk}"

    @property
    def sales_contact(self):
        return self.client.sales_contact

    @property
    def sales_contact_id(self):
        return self.client.sales_contact_id

    @property
    def is_paid(self) -> bool:
        return self.amount_due == Decimal("0")

    def clean(self) -> None:
        super().clean()
        if self.total_amount is not None and self.amount_due is not None and self.amount_due > self.total_amount:
            raise ValidationError({"amount_due": "The amount due cannot exceed the total amount."})
