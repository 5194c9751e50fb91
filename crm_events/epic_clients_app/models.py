from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from crm_core.change_history import RecordHistory
from epic_auth_app.models import DepartmentCode, Employee, validate_department


class Client(models.Model):
    """A customer contact, owned by one salesperson (their sales contact)."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField(max_length=254, unique=True)
    phone = models.CharField(max_length=40)
    company_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now, help_text="Date of first contact.")
    updated_at = models.DateTimeField(default=timezone.now, help_text="Date of last update or contact.")
    sales_contact = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="clients",
        limit_choices_to={"department__code": DepartmentCode.SALES},
    )

    history = RecordHistory()

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(email=Lower("email")), name="client_email_lowercase"),
            models.CheckConstraint(
                condition=models.Q(updated_at__gte=models.F("created_at")), name="client_updated_after_created"
            ),
        ]
        indexes = [
            models.Index(fields=["full_name", "id"], name="client_name_idx"),
            models.Index(fields=["sales_contact", "full_name", "id"], name="client_sales_contact_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.company_name})"

    def clean(self) -> None:
        super().clean()
        if self.sales_contact_id:
            validate_department(self.sales_contact, DepartmentCode.SALES, "sales_contact")
