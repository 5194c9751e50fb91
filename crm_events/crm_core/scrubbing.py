"""Keep personal data and secrets out of what is sent to Sentry (SPEC §4).

Three layers: the SDK sends no PII and no local variables; the EventScrubber removes
values under sensitive keys anywhere in an event; ``before_send`` and
``before_breadcrumb`` then mask anything that still looks like an email, a phone
number or a JWT in messages, exception texts and breadcrumbs.
"""

import re

from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

FIELD_DENYLIST = [
    "password",
    "password_stdin",
    "new_password",
    "token",
    "jwt",
    "session",
    "email",
    "phone",
    "full_name",
    "client_name",
    "client_email",
    "client_phone",
    "sales_contact_name",
    "support_contact_name",
    "company_name",
    "notes",
    "location",
    "secret_key",
    "jwt_secret_key",
    "dsn",
    "database_url",
]

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
JWT = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")
PHONE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
MASK = "[Filtered]"


def event_scrubber() -> EventScrubber:
    return EventScrubber(denylist=DEFAULT_DENYLIST + DEFAULT_PII_DENYLIST + FIELD_DENYLIST, recursive=True)


def mask(text: str) -> str:
    return PHONE.sub(MASK, EMAIL.sub(MASK, JWT.sub(MASK, text)))


def _mask_tree(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _mask_tree(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mask_tree(item) for item in value]
    return value


def before_send(event, hint):
    for key in ("message", "logentry", "exception", "breadcrumbs", "extra", "contexts", "request"):
        if key in event:
            event[key] = _mask_tree(event[key])
    event.pop("user", None)
    event.pop("server_name", None)
    return event


def before_breadcrumb(crumb, hint):
    return _mask_tree(crumb)
