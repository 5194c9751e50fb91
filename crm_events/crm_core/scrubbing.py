"""Keep personal data and secrets out of what is sent to Sentry and written to the log (SPEC §4).

Three layers for Sentry: the SDK sends no PII and no local variables; the EventScrubber
removes values under sensitive keys anywhere in an event; ``before_send`` and
``before_breadcrumb`` then mask anything that still looks like an email, a phone
number, a JWT or a URL query string in messages, exception texts and breadcrumbs, keep
only the method and path of a web request, and reduce the command line to its command
words (``main.py clients update``), since its options carry names and emails.

``mask`` is also what the log formatter applies to every line. sentry_sdk is imported
only inside ``event_scrubber``, so logging never pays for it.
"""

import re
from pathlib import Path

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

MASK = "[Filtered]"
# Patterns as text: re compiles (and caches) them at first use, so a command that logs
# nothing never pays for compiling them at start-up.
EMAIL = r"[\w.+-]+@[\w-]+(\.[\w-]+)+"
JWT = r"eyJ[\w-]+\.[\w-]+\.[\w-]*"
# A run of digits and phone separators standing on its own: not part of a hex id or a word.
PHONE_CANDIDATE = r"(?<![\w+])(\+\s?)?\(?\d[\d\s().-]{4,}\d(?![\w])"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
URL_QUERY = r"(?<=[\w/])\?[^\s\"'<>]+"
COMMAND_WORD = r"[a-z]+"
MAX_COMMAND_WORDS = 2

# What of a web request may be sent: its method and path (ids only), nothing the user typed.
REQUEST_KEYS_KEPT = ("method", "url")
MASKED_EVENT_PARTS = ("message", "logentry", "exception", "threads", "breadcrumbs", "extra", "contexts", "tags")


def event_scrubber():
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, DEFAULT_PII_DENYLIST, EventScrubber

    return EventScrubber(denylist=DEFAULT_DENYLIST + DEFAULT_PII_DENYLIST + FIELD_DENYLIST, recursive=True)


def _phone_or_not(match: re.Match) -> str:
    """Mask a number that can be a phone: 8+ digits, or 6+ after a '+'; keep dates, amounts, ids."""
    text = match.group()
    if re.match(ISO_DATE, text):
        return text
    digits = sum(char.isdigit() for char in text)
    if digits >= 8 or (text.startswith("+") and digits >= 6):
        return MASK
    return text


def mask(text: str) -> str:
    text = re.sub(JWT, MASK, text)
    text = re.sub(EMAIL, MASK, text)
    text = re.sub(URL_QUERY, "?" + MASK, text)
    return re.sub(PHONE_CANDIDATE, _phone_or_not, text)


def _mask_tree(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _mask_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask_tree(item) for item in value]
    return value


def command_words(argv) -> list[str]:
    """The program name and the command words of a command line, without ids or option values."""
    if not argv:
        return []
    words = [Path(str(argv[0])).name]
    for token in argv[1 : 1 + MAX_COMMAND_WORDS]:
        if not re.fullmatch(COMMAND_WORD, str(token)):
            break
        words.append(token)
    return words


def _request_without_input(request) -> dict:
    if not isinstance(request, dict):
        return {}
    kept = {key: request[key] for key in REQUEST_KEYS_KEPT if key in request}
    if isinstance(kept.get("url"), str):
        kept["url"] = kept["url"].split("?", 1)[0].split("#", 1)[0]
    return kept


def before_send(event, hint):
    extra = event.get("extra")
    if isinstance(extra, dict) and "sys.argv" in extra:
        extra["sys.argv"] = command_words(extra["sys.argv"])
    if "request" in event:
        event["request"] = _request_without_input(event["request"])
    for key in MASKED_EVENT_PARTS:
        if key in event:
            event[key] = _mask_tree(event[key])
    event.pop("user", None)
    event.pop("server_name", None)  # often the name of the employee's own computer
    return event


def before_breadcrumb(crumb, hint):
    return _mask_tree(crumb)
