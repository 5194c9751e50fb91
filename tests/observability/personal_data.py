"""The personal data and secrets of the observability scenarios, and every form they can take on the wire.

ASCII only, so a search of the raw bytes cannot miss a JSON-escaped copy.
"""

import jwt
from django.conf import settings

from tests.factories import PASSWORD

MANAGER_EMAIL = "mona.manager@epicevents.example"
MANAGER_NAME = "Mona Manager"
MANAGER_PHONE = "+33 6 12 34 56 78"
SELLER_EMAIL = "bill.boquet@epicevents.example"
SELLER_PHONE = "+1 234 567 8901"
CLIENT = {
    "full_name": "Kevin Casey",
    "email": "kevin@startup.io",
    "phone": "+678 123 456 78",
    "company_name": "Cool Startup LLC",
}
NEW_EMAIL = "nora.newcomer@epicevents.example"
NEW_NAME = "Nora Newcomer"
NEW_PHONE_TYPED = "+44 (20) 7946-0958"
NEW_PHONE_STORED = "+44 20 7946 0958"
RENAMED = "Nora Renamed"
CHANGED_PHONE = "+44 20 7946 0999"
NEW_PASSWORD = "Quiet-Harbour-Lantern-58"
CHANGED_PASSWORD = "Copper-Meadow-Violin-73"
WRONG_PASSWORD = "Wrong-Guess-Passphrase-11"
INTRUDER_EMAIL = "intruder@elsewhere.example"


def phone_forms(phone: str) -> set[str]:
    digits = "".join(char for char in phone if char.isdigit())
    return {phone, digits, "+" + digits}


def token_forms(token: str) -> set[str]:
    """The token, its signed payload and signature, and the session id it carries."""
    header, payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    return {token, payload, signature, claims["jti"]}


def scenario_secrets(*tokens: str) -> set[str]:
    """Everything that must never reach Sentry or the log in the scenarios."""
    secrets = {
        MANAGER_EMAIL,
        SELLER_EMAIL,
        NEW_EMAIL,
        INTRUDER_EMAIL,
        CLIENT["email"],
        CLIENT["full_name"],
        CLIENT["company_name"],
        MANAGER_NAME,
        NEW_NAME,
        RENAMED,
        PASSWORD,
        NEW_PASSWORD,
        CHANGED_PASSWORD,
        WRONG_PASSWORD,
        settings.SECRET_KEY,
        settings.JWT_SECRET_KEY,
    }
    for phone in (MANAGER_PHONE, SELLER_PHONE, CLIENT["phone"], NEW_PHONE_TYPED, NEW_PHONE_STORED, CHANGED_PHONE):
        secrets |= phone_forms(phone)
    for token in tokens:
        secrets |= token_forms(token)
    return secrets
