"""Keep personal data and secrets out of what is sent to Sentry and written to the log (SPEC §4).

Three layers for Sentry: the SDK sends no PII and no local variables; the EventScrubber
removes values under sensitive keys anywhere in an event; ``before_send`` and
``before_breadcrumb`` then mask anything that still looks like an email, a phone
number, a JWT or a URL query string in messages, exception texts and breadcrumbs, keep
only the method and path of a web request, and reduce the command line to its command
words (``main.py clients update``), since its options carry names and emails. The text of
a database error can quote the row it refused (a name, a company), so it is replaced by
its code (SQLSTATE or SQLite's); file paths of stack frames, which name the user's home
directory, are cut to the project or to site-packages.

``mask`` is also what the log formatter applies to every line. sentry_sdk is imported
only inside ``event_scrubber``, so logging never pays for it.
"""

import re
import sys
from functools import lru_cache
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
# The last part of the domain starts with a letter, as every top-level domain does: a release
# such as epicevents-crm@0.1.0 is not an address.
EMAIL = r"[\w.+-]+@[\w-]+(\.[\w-]+)*\.[^\W\d_][\w-]*"
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
DATABASE_ERROR_MODULES = ("django.db", "psycopg2", "sqlite3", "crm_core.backends")
PROJECT_ROOT = Path(__file__).resolve().parents[2]


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


@lru_cache(maxsize=1)
def _known_roots() -> tuple[str, ...]:
    """The project and where installed code lives (site-packages, the standard library), longest first:
    a virtual environment inside the project is cut to site-packages, not to the project."""
    import site  # only when an event is sent: start-up never pays for it
    import sysconfig

    roots = {str(PROJECT_ROOT), *site.getsitepackages(), site.getusersitepackages()}
    roots.update(path for key in ("stdlib", "platstdlib", "purelib", "platlib") if (path := sysconfig.get_path(key)))
    roots.update(path for path in sys.path if path.endswith(("site-packages", "dist-packages")))
    return tuple(sorted((root.rstrip("/") + "/" for root in roots if root), key=len, reverse=True))


def relative_path(path: str) -> str:
    """A frame's file, relative to the project or to where libraries are installed; else its name."""
    if not isinstance(path, str) or not path.startswith("/"):
        return path
    for root in _known_roots():
        if path.startswith(root):
            return path[len(root):]
    return Path(path).name


def _frames(event):
    for part in [*_values(event, "exception"), *_values(event, "threads")]:
        yield from ((part.get("stacktrace") or {}).get("frames") or [])


def _values(event, key: str) -> list:
    return list((event.get(key) or {}).get("values") or [])


def _database_errors_by_code(event, hint) -> None:
    """Each database exception's text becomes its code: the text may quote a refused row."""
    from crm_core.database_faults import error_code

    error = (hint or {}).get("exc_info", (None, None, None))[1]
    chain, link = [], error
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    for value in _values(event, "exception"):
        if not str(value.get("module") or "").startswith(DATABASE_ERROR_MODULES):
            continue
        same = [link for link in chain if type(link).__name__ == value.get("type")]
        value["value"] = (error_code(same[0]) if same else None) or ""


def before_send(event, hint):
    _database_errors_by_code(event, hint)
    for frame in _frames(event):
        for key in ("abs_path", "filename"):
            if key in frame:
                frame[key] = relative_path(frame[key])
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
