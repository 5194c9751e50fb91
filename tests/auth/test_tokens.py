"""A stolen, tampered, forged, expired or incomplete token gets nothing (SPEC §4)."""

import base64
import datetime as dt
import json

import jwt
import pytest
from django.conf import settings

from crm_core.errors import NotAuthenticated
from epic_auth_app.authentication import authenticate_token, login
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    employee = make_employee("sales", email="bill@epicevents.example")
    token = login(email="bill@epicevents.example", password=PASSWORD).token
    claims = jwt.decode(token, options={"verify_signature": False})
    return employee, token, claims


def refused(token: str) -> str:
    with pytest.raises(NotAuthenticated) as caught:
        authenticate_token(token)
    return caught.value.message


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_valid_token_is_accepted(session):
    employee, token, _ = session
    assert authenticate_token(token) == employee


def test_expired_token_says_when_it_expired(session):
    _, _, claims = session
    past = dt.datetime(2026, 1, 2, 9, 30, tzinfo=dt.UTC)
    expired = jwt.encode(
        {**claims, "iat": int(past.timestamp()) - 60, "exp": int(past.timestamp())},
        settings.JWT_SECRET_KEY,
        algorithm="HS256",
    )
    message = refused(expired)
    assert "expired at 2026-01-02 10:30" in message and "log in again" in message


def test_tampered_payload_is_refused(session):
    other = make_employee("management")
    _, token, claims = session
    header, _payload, signature = token.split(".")
    forged = ".".join([header, b64({**claims, "sub": str(other.pk)}), signature])
    assert "not valid" in refused(forged)


def test_token_signed_with_another_secret_is_refused_naming_a_changed_key_first(session):
    """After a key rotation every session ends: the sentence must not only accuse the file of tampering."""
    _, _, claims = session
    said = refused(jwt.encode(claims, "another-secret-of-at-least-32-bytes!!", algorithm="HS256"))
    assert said.startswith("Your session is not valid any more: it was signed with another key than this CRM's")
    assert "the key was changed" in said


def test_unsigned_alg_none_token_is_refused(session):
    _, _, claims = session
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims)}."
    assert "not valid" in refused(unsigned)


def test_token_with_another_algorithm_is_refused_even_with_the_right_secret(session):
    _, _, claims = session
    assert "not valid" in refused(jwt.encode(claims, settings.JWT_SECRET_KEY, algorithm="HS512"))


@pytest.mark.parametrize("claim", ["sub", "iat", "exp", "jti"])
def test_token_missing_a_required_claim_is_refused(session, claim):
    _, _, claims = session
    incomplete = {key: value for key, value in claims.items() if key != claim}
    assert "not valid" in refused(jwt.encode(incomplete, settings.JWT_SECRET_KEY, algorithm="HS256"))


def test_validly_signed_token_for_an_unknown_session_is_refused(session):
    _, _, claims = session
    invented = jwt.encode({**claims, "jti": "0" * 32}, settings.JWT_SECRET_KEY, algorithm="HS256")
    assert "session has ended" in refused(invented)


@pytest.mark.parametrize("garbage", ["", "not a token", "a.b.c", "é" * 10, "eyJhbGciOiJIUzI1NiJ9..."])
def test_garbage_is_refused(session, garbage):
    assert "not valid" in refused(garbage)


def test_token_carries_no_role_or_personal_data(session):
    _, _, claims = session
    assert set(claims) == {"sub", "iat", "exp", "jti"}


def test_lifetime_is_configurable(settings):
    settings.JWT_LIFETIME_MINUTES = 30
    make_employee(email="kate@epicevents.example")
    result = login(email="kate@epicevents.example", password=PASSWORD)
    claims = jwt.decode(result.token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 30 * 60


def _issued_in(seconds: int, claims: dict) -> str:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    shifted = {**claims, "iat": now + seconds, "exp": now + seconds + 3600}
    return jwt.encode(shifted, settings.JWT_SECRET_KEY, algorithm="HS256")


def test_a_clock_a_little_behind_still_accepts_a_fresh_token(session):
    employee, _, claims = session
    assert authenticate_token(_issued_in(45, claims)) == employee  # within the documented minute


def test_a_clock_far_behind_is_blamed_never_the_token(session):
    _, _, claims = session
    message = refused(_issued_in(10 * 60, claims))
    assert "clock is probably behind" in message and "log in again" in message
    assert "altered" not in message and "corrupt" not in message
