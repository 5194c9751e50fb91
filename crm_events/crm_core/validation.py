"""Turn what staff type (or an API sends) into clean values, or explain the refusal.

Services are the boundary: they accept plain values of any type and must answer a
bad one with ``InvalidInput``, never with a TypeError or a database error. Each
``clean_*`` function returns the normalised value or raises ``InvalidValue`` with a
sentence that says what is expected; ``FieldCleaner`` collects them per field.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email

from crm_core.calendar_text import example_date, example_datetime, not_in_calendar
from crm_core.errors import InvalidInput

MAX_AMOUNT = Decimal("9999999999.99")  # DecimalField(max_digits=12, decimal_places=2)
MAX_ATTENDEES = 1_000_000
EARLIEST_YEAR, LATEST_YEAR = 1970, 2199
LARGEST_ID = 2**63 - 1  # the largest key SQLite and PostgreSQL can hold (a signed 64-bit integer)
NOT_AN_ID = "expected a record id (a positive whole number)."
REQUIRED = "this value is required."

# Compiled (and cached by re) at first use, not at every command's start-up.
_PHONE_ALLOWED = r"^\+?[0-9\s().\-/]+$"  # ASCII digits: \d would take "٦٧٨" too
_PHONE_SEPARATORS = r"[\s.\-/]+"
# "+33 (0)6 ...", "+33 (06) ..." or "+44 (020) ...": a bracketed leading 0 after an international prefix and
# a country code is the trunk prefix dialled from inside the country only; +33 0 6 ... reaches no one.
_PHONE_TRUNK_ZERO = r"^(\+|00)([\s.\-/]*[0-9]{1,3})[\s.\-/]*\(\s*0\s*([0-9]*)\s*\)"
_PHONE_WITHOUT_DIGITS = r"\+?[\s().\-/]*"
PHONE_EXPECTED = "use digits, spaces, dots, dashes or brackets, with an optional leading +, e.g. +678 123 456 78"
# ASCII digits only: \d would also take "١٢٣" (Arabic-Indic), which Decimal() reads as 123.
_AMOUNT_CHARACTERS = r"[0-9.,]+"  # no sign, exponent or NaN: what people write on a contract
_AMOUNT_SPACES = r"[\s\u00a0\u202f\u2009']"  # thousands typed with spaces (French: narrow no-break) or 1'500
_CURRENCY_SIGNS = ("€", "EUR", "eur")
AMOUNT_EXPECTED = "expected an amount such as 1500, 1500.50, 12,500.50 or 12 500,50 €."
_WHOLE_NUMBER_TEXT = r"([+-]?)([0-9]+)"
# Unicode's bidi controls: marks (U+200E, U+200F, U+061C), embeddings and overrides (U+202A-U+202E) and
# isolates (U+2066-U+2069) reorder or hide how the text around them is shown.
_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_SEPARATORS = frozenset("\u2028\u2029")
# Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


class InvalidValue(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FieldCleaner:
    """Clean several fields, reporting every bad one at once rather than the first."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def clean(self, field: str, cleaner: Callable, value, **options):
        try:
            return cleaner(value, **options)
        except InvalidValue as exc:
            self.errors[field] = f"{field.replace('_', ' ').capitalize()}: {exc.message}"
            return None

    def add(self, field: str, message: str) -> None:
        self.errors[field] = message

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def undecodable(text: str) -> bool:
    """True when ``text`` holds bytes that were not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_text(value, *, max_length: int, required: bool = True, multiline: bool = False) -> str:
    """Trimmed NFC text; a value with no visible character counts as empty.

    Tab and newline are kept only when ``multiline``. Text-direction controls are refused
    everywhere: one U+202E reverses the rest of whatever line it is shown on.
    """
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue("expected text.")
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > max_length:
        raise InvalidValue(f"at most {max_length} characters, got {len(text)}.")
    for char in text:
        if multiline and char in "\n\t":
            continue
        if char in _BIDI_CONTROLS:
            raise InvalidValue(f"contains a text-direction control (U+{ord(char):04X}); type plain text.")
        if not multiline and char in _LINE_SEPARATORS:
            raise InvalidValue("contains a line break; keep this value on one line.")
        # Control characters (NUL breaks PostgreSQL) and lone surrogates cannot be stored.
        if unicodedata.category(char) == "Cs":  # bytes that were not UTF-8, kept as lone surrogates
            raise InvalidValue("is not valid text (check your terminal's character encoding, UTF-8).")
        if unicodedata.category(char) == "Cc":
            raise InvalidValue("contains a control character; type plain text.")
    if not any(_is_visible(char) for char in text):
        text = ""  # e.g. only zero-width spaces: it would look blank everywhere it is shown
    if required and not text:
        raise InvalidValue(REQUIRED)
    return text


def _is_visible(char: str) -> bool:
    """A letter, digit, punctuation or symbol that draws something on its own."""
    return unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_GLYPHS


def clean_email(value) -> str:
    """The address in lower case (one account per address, however it is typed); a refusal
    repeats it as typed, so the user recognises what they wrote."""
    typed = clean_text(value, max_length=254)
    address = typed.lower()
    try:
        validate_email(address)
    except DjangoValidationError:
        raise InvalidValue(f"'{typed}' is not an email address (expected name@example.com).") from None
    return address


def clean_phone(value, *, required: bool = True) -> str:
    """A phone number as digit groups one space apart, keeping a leading + (SPEC §2: messy input, clean storage).

    A trunk ``0`` in brackets right after a country code is dropped (``+33 (0)6`` and ``+33 (06)``
    are dialled ``+33 6``, ``+44 (020)`` is ``+44 20``).
    Separators alone (``-``, ``()``, a spreadsheet's placeholders) hold no number: the phone counts
    as empty. A ``+`` is the start of a number someone began to type, so it is refused as one.
    """
    raw = clean_text(value, max_length=40, required=False)
    if not raw or (re.fullmatch(_PHONE_WITHOUT_DIGITS, raw) and "+" not in raw):
        if required:
            raise InvalidValue(REQUIRED)
        return ""
    if not re.match(_PHONE_ALLOWED, raw) or "+" in raw[1:]:
        raise InvalidValue(f"'{raw}' is not a phone number ({PHONE_EXPECTED}).")
    number = re.sub(_PHONE_TRUNK_ZERO, r"\1\2 \3 ", raw)
    digits = sum(char.isdigit() for char in number)
    if not 6 <= digits <= 15:
        raise InvalidValue(f"'{raw}' is not a phone number (it has {digits} digits; a phone number has 6 to 15).")
    has_plus = number.startswith("+")
    groups = re.split(_PHONE_SEPARATORS, number.lstrip("+").replace("(", " ").replace(")", " ").strip())
    return ("+" if has_plus else "") + " ".join(group for group in groups if group)


def clean_amount(value) -> Decimal:
    """An amount as staff write it, in English or French, or as the JSON sends it ("1500.00").

    Accepted: ``12500.50``, ``12,500.50`` (as the CRM shows amounts), ``12 500,50`` and
    ``12500,50 €`` (as French staff type them), ``12.500,50``. The decimal separator is
    the last of "." and ",", the other one groups thousands. A lone separator followed
    by exactly three digits (``1,500``, ``1.500``) could mean either and is refused with
    the forms that are not ambiguous, rather than guessed.
    """
    # Decimal() also takes tuples and lists (sign, digits, exponent): only numbers and text are amounts.
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise InvalidValue(AMOUNT_EXPECTED)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, str):
        value = _amount_text(value)
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise InvalidValue(AMOUNT_EXPECTED) from None
    if not amount.is_finite():
        raise InvalidValue(AMOUNT_EXPECTED)
    if amount < 0:
        raise InvalidValue("an amount cannot be negative.")
    if amount > MAX_AMOUNT:
        raise InvalidValue(f"at most {MAX_AMOUNT:,}.")
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidValue("at most two decimal places (cents).")
    # copy_abs: Decimal("-0") passes "not negative" but would be stored and printed as -0.00.
    return amount.copy_abs().quantize(Decimal("0.01"))


def _amount_text(typed: str) -> str:
    """``typed`` as plain decimal text ("12500.50"), or InvalidValue saying what is expected."""
    text = re.sub(_AMOUNT_SPACES, "", typed.strip()).replace("_", "")
    for sign in _CURRENCY_SIGNS:
        text = text.removeprefix(sign).removesuffix(sign)
    negative = text.startswith("-")
    digits = text.removeprefix("-")
    if not re.fullmatch(_AMOUNT_CHARACTERS, digits) or not re.search("[0-9]", digits):
        raise InvalidValue(AMOUNT_EXPECTED)
    separators = [char for char in digits if char in ".,"]
    whole, decimal, cents = digits, "", ""
    if separators and separators.count(separators[-1]) == 1:
        whole, decimal, cents = digits.rpartition(separators[-1])  # the last separator is the decimal one
    elif len(set(separators)) > 1:
        raise InvalidValue(AMOUNT_EXPECTED)  # "1.250,000,5": no reading of it is the right one
    groups = re.split("[.,]", whole)
    if len(groups) > 1 and not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        raise InvalidValue(AMOUNT_EXPECTED)
    if len(separators) == 1 and len(cents) == 3 and 1 <= len(whole) <= 3 and whole != "0":
        raise InvalidValue(_ambiguous(typed.strip(), whole, cents))
    if negative:
        raise InvalidValue("an amount cannot be negative.")
    return "".join(groups) + ("." + cents if decimal else "")


def _ambiguous(typed: str, whole: str, tail: str) -> str:
    thousands, small = Decimal(whole + tail), Decimal(f"{whole}.{tail}")
    in_cents = f"{small:.2f}"
    return (
        f"'{typed}' is ambiguous ({thousands:.0f} or {small.normalize()}?): type {thousands:.0f} or "
        f"{thousands:,.2f} for the first, {in_cents} or {in_cents.replace('.', ',')} for the second; "
        "amounts are written like 12500.50, 12,500.50, 12 500,50 or 12500,50 €."
    )


def clean_count(value, *, maximum: int = MAX_ATTENDEES) -> int:
    if isinstance(value, bool):
        raise InvalidValue("expected a whole number.")
    if isinstance(value, str):
        match = re.fullmatch(_WHOLE_NUMBER_TEXT, value.strip().replace("_", ""))
        if not match:
            raise InvalidValue("expected a whole number such as 75.")
        sign, digits = match.group(1), match.group(2).lstrip("0") or "0"
        if sign == "-" and digits != "0":
            raise InvalidValue("cannot be negative.")
        if len(digits) > len(str(maximum)):  # too large, however long: never int() a thousand digits
            raise InvalidValue(f"at most {maximum:,}.")
        value = int(digits)
    if not isinstance(value, int):
        raise InvalidValue("expected a whole number such as 75.")
    if value < 0:
        raise InvalidValue("cannot be negative.")
    if value > maximum:
        raise InvalidValue(f"at most {maximum:,}.")
    return value


def clean_id(value) -> int:
    """A record id, as typed or sent: a positive whole number in ASCII digits.

    A well-formed id too large for any key (``LARGEST_ID``) is returned rather than
    refused, so that the lookup finds nothing and the user hears "not found", as for any
    other missing id.
    """
    if isinstance(value, str):
        digits = value.strip().lstrip("0")
        if not re.fullmatch(r"[0-9]+", digits):
            raise InvalidValue(NOT_AN_ID)
        # Any id past 19 digits is beyond every key; keep what was typed for the message, but
        # never int() thousands of digits.
        value = int(digits) if len(digits) <= 100 else LARGEST_ID + 1
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidValue(NOT_AN_ID)
    return value


def clean_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidValue("expected true or false.")


def clean_date(value) -> dt.date:
    """A calendar date: a ``date`` or ISO 8601 text (YYYY-MM-DD)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            reason = not_in_calendar(text)
            if reason:
                raise InvalidValue(f"'{text}': {reason}.") from None
            raise InvalidValue(f"'{text}' is not a date; use YYYY-MM-DD (e.g. {example_date()}).") from None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValue(f"expected a date such as {example_date()}.")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InvalidValue(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return value


def clean_datetime(value) -> dt.datetime:
    """An aware date-time in UTC; naive input is read in the configured time zone (SPEC §5).

    A local time that the clocks skip (spring forward) or show twice (fall back) is
    refused rather than guessed: the user gives the offset they mean.
    """
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            reason = not_in_calendar(text)
            if reason:  # the right shape, but no such day or time: say which part is wrong
                raise InvalidValue(f"'{text}': {reason}.") from None
            raise InvalidValue(
                f"'{text}' is not a date-time; use YYYY-MM-DD HH:MM (e.g. {example_datetime()})."
            ) from None
        if not re.search(r"[\sTt]", text):  # fromisoformat reads a bare date as midnight
            value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        raise InvalidValue(f"give a time as well as a date (e.g. {example_datetime()}).")
    if not isinstance(value, dt.datetime):
        raise InvalidValue(f"expected a date-time such as {example_datetime()}.")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InvalidValue(f"the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    if value.tzinfo is None or value.utcoffset() is None:
        value = _in_local_zone(value.replace(tzinfo=None))
    return value.replace(microsecond=0).astimezone(dt.UTC)


def _in_local_zone(naive: dt.datetime) -> dt.datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    local = naive.replace(tzinfo=zone)
    shown = f"{naive:%Y-%m-%d %H:%M}"
    if local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise InvalidValue(f"{shown} does not exist in {zone.key} (the clocks go forward); pick another time.")
    earlier, later = local.replace(fold=0).utcoffset(), local.replace(fold=1).utcoffset()
    if earlier != later:
        raise InvalidValue(
            f"{shown} happens twice in {zone.key} (the clocks go back); add the offset you mean, "
            f"e.g. {shown}{_offset(earlier)} or {shown}{_offset(later)}."
        )
    return local


def _offset(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clean_password(value, *, user=None) -> str:
    """``value`` if Django's password validators accept it (SPEC §4), else InvalidValue with their sentences.

    Without ``user`` the likeness to their name and email cannot be judged yet: a form
    checks the rest as soon as the password is typed, before asking for it again.
    """
    from django.contrib.auth.password_validation import validate_password

    if not isinstance(value, str) or not value:
        raise InvalidValue("expected a non-empty password.")
    try:
        validate_password(value, user)
    except DjangoValidationError as exc:
        raise InvalidValue(" ".join(exc.messages)) from None
    return value
