from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from crm_core.change_history import RecordHistory
from epic_auth_app.models import DepartmentCode, Employee, validate_department
from epic_contracts_app.models import Contract


class Event(models.Model):
    """An event organised under a signed contract, run by a support employee."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events")
    name = models.CharField(max_length=150)
    start = models.DateTimeField()
    end = models.DateTimeField()
    support_contact = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supported_events",
        limit_choices_to={"department__code": DepartmentCode.SUPPORT},
    )
    location = models.CharField(max_length=255)
    attendees = models.PositiveIntegerField()
    notes = models.TextField(blank=True, max_length=5000)
    # Added like Contract.reference: nullable, no default, unique through a conditional index.
    reference = models.CharField(
        max_length=50,
        null=True,
        blank=True,
        help_text="The event's own number in the company's spreadsheets (optional, unique).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = RecordHistory()

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="event_ends_after_start"),
            models.CheckConstraint(condition=models.Q(attendees__gte=0), name="event_attendees_not_negative"),
            models.UniqueConstraint(
                fields=["reference"], condition=models.Q(reference__isnull=False), name="event_reference_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["start", "id"], name="event_start_idx"),
            models.Index(fields=["contract", "start", "id"], name="event_contract_idx"),
            models.Index(fields=["support_contact", "start", "id"], name="event_support_idx"),
            models.Index(
                fields=["start", "id"], name="event_no_support_idx", condition=models.Q(support_contact__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The event must end after it starts."
        if self.contract_id and not self.contract.is_signed:
            errors["contract"] = "Events can only be created for a signed contract."
        try:
            validate_department(self.support_contact, DepartmentCode.SUPPORT, "support_contact")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if errors:
            raise ValidationError(errors)
