from django.db import models


class LoginFailure(models.Model):
    """One failed API login, counted per client address and per account for throttling.

    ``key`` is an HMAC of "address:..." or "account:..." (never the address or email
    itself), so the table holds no personal data. Rows older than the throttle window
    are deleted as new failures come in.
    """

    key = models.CharField(max_length=64)
    failed_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["key", "failed_at"], name="loginfailure_key_idx"),
            models.Index(fields=["failed_at"], name="loginfailure_age_idx"),
        ]

    def __str__(self) -> str:
        return f"login failure at {self.failed_at:%Y-%m-%d %H:%M:%S}"
