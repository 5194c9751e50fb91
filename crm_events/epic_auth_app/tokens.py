"""Session tokens: signed JWTs whose only job is to name a server-side session.

The token carries the employee id and a session id (``jti``), never a role: the
department and the session's validity are read from the database at every command.
The algorithm is pinned on both sides, so a token with ``alg: none`` or another
algorithm is refused whatever its header says.
"""

import datetime as dt
import secrets
from typing import NamedTuple

import jwt
from django.conf import settings
from django.utils import timezone

from crm_core.errors import NotAuthenticated

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["sub", "iat", "exp", "jti"]
# Clocks drift: a token issued a little "in the future" of the reading computer (its clock a
# little behind, or stepped back by time synchronisation) is still accepted. The session
# row's own expiry stays exact.
CLOCK_LEEWAY_SECONDS = 60

# The server cannot know which program its client runs: the CLI completes this with its own command.
LOG_IN_AGAIN = "log in again"


class TokenClaims(NamedTuple):
    employee_id: int
    session_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime


def _secret() -> str:
    secret = settings.JWT_SECRET_KEY
    if len(secret.encode()) < settings.JWT_SECRET_MIN_BYTES:  # checked at start-up too; settings may change
        raise NotAuthenticated("The server's JWT_SECRET_KEY is too short (32 bytes at least); ask an administrator.")
    return secret


def issue(employee_id: int, now: dt.datetime) -> tuple[str, TokenClaims]:
    expires_at = now + dt.timedelta(minutes=settings.JWT_LIFETIME_MINUTES)
    claims = TokenClaims(
        employee_id=employee_id, session_id=secrets.token_hex(16), issued_at=now, expires_at=expires_at
    )
    payload = {
        "sub": str(employee_id),
        "jti": claims.session_id,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    return jwt.encode(payload, _secret(), algorithm=ALGORITHM), claims


def read(token: str) -> TokenClaims:
    """Verify signature, algorithm and claims; raise NotAuthenticated with the reason."""
    options = {"require": REQUIRED_CLAIMS}
    decode = {"algorithms": [ALGORITHM], "leeway": CLOCK_LEEWAY_SECONDS}
    try:
        payload = jwt.decode(token, _secret(), options=options, **decode)
    except jwt.ExpiredSignatureError:
        expired = jwt.decode(token, _secret(), options={**options, "verify_exp": False}, **decode)
        when = timezone.localtime(dt.datetime.fromtimestamp(expired["exp"], tz=dt.UTC))
        raise NotAuthenticated(f"Your session expired at {when:%Y-%m-%d %H:%M %Z}; {LOG_IN_AGAIN}.") from None
    except jwt.ImmatureSignatureError:
        # Signed by us (the signature is checked first), so not tampered with: the clock is wrong.
        raise NotAuthenticated(
            "Your session was issued later than this computer's clock says it is now: the clock is probably "
            f"behind by more than a minute; set the date and time right, then {LOG_IN_AGAIN}."
        ) from None
    except jwt.InvalidSignatureError:
        # A well-formed token whose signature does not match: a forgery and a rotated key look alike,
        # and the rotation is the likelier (every session ends when the key changes).
        raise NotAuthenticated(
            "Your session is not valid any more: it was signed with another key than this CRM's "
            f"(the key was changed, or the session file was altered); {LOG_IN_AGAIN}."
        ) from None
    except jwt.InvalidTokenError:
        raise NotAuthenticated(
            f"Your session token is not valid (it was altered or is damaged); {LOG_IN_AGAIN}."
        ) from None
    try:
        employee_id = int(payload["sub"])
        issued_at = dt.datetime.fromtimestamp(int(payload["iat"]), tz=dt.UTC)
        expires_at = dt.datetime.fromtimestamp(int(payload["exp"]), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        raise NotAuthenticated(f"Your session is not valid; {LOG_IN_AGAIN}.") from None
    return TokenClaims(employee_id, str(payload["jti"]), issued_at, expires_at)
