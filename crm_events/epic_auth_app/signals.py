"""What the authentication app tells the entry points about, without depending on them.

``lockout_cleared`` (``email``: the account's address): a manager's unlock, or a new
password set by management or an administrator, lifted an account's lockout. Sent inside
the transaction that lifts it. The API forgets the account's login throttle then
(api.throttling), so that the employee may log in at once from any entry point, as
SPEC §4's lockout promises after an unlock.
"""

from django.dispatch import Signal

lockout_cleared = Signal()
