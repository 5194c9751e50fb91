"""Text, amounts, counts and phone numbers as staff type them: what is stored, and what is refused."""

from decimal import Decimal

import pytest

from crm_core.errors import InvalidInput
from crm_core.serialization import money
from epic_auth_app.services import employee_update
from epic_clients_app.models import Client
from epic_clients_app.services import client_create, client_update
from epic_contracts_app.models import Contract
from epic_contracts_app.services import contract_create
from epic_events_app.services import event_update
from tests.factories import make_client, make_event
from tests.services.conftest import snapshot

pytestmark = pytest.mark.django_db

FAMILY_EMOJI = "Family \U0001f469\u200d\U0001f469\u200d\U0001f467 Fun"  # one emoji joined by ZWJ (U+200D)
PERSIAN_NAME = "\u0645\u0647\u0631\u200c\u0646\u0627\u0632 \u0631\u0636\u0627\u06cc\u06cc"  # with a ZWNJ (U+200C)
BIDI_CONTROLS = [
    *["\u200e", "\u200f", "\u061c"],  # marks: invisible, and they move the text around them
    *["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
]


def new_client(seller, **overrides):
    details = {
        "full_name": "John Ouick",
        "email": "john.ouick@gmail.com",
        "phone": "+1 234 567 8901",
        "company_name": "John Ouick",
        **overrides,
    }
    return client_create(actor=seller, **details)


def refusal(call) -> dict:
    """The sentences of an InvalidInput raised by ``call``, which must have written nothing."""
    before = snapshot()
    with pytest.raises(InvalidInput) as refused:
        call()
    assert snapshot() == before
    return refused.value.errors


class TestText:
    @pytest.mark.parametrize("blank", ["\u200b", "\u200b\u200b\u200b", "\u2060", "\ufeff", "\u3164", " \u200c "])
    def test_a_name_with_nothing_visible_counts_as_empty(self, seller, blank):
        errors = refusal(lambda: new_client(seller, full_name=blank))
        assert errors == {"full_name": "Full name: this value is required."}

    @pytest.mark.parametrize("control", BIDI_CONTROLS)
    def test_text_direction_controls_are_refused_alone_or_inside_a_value(self, seller, control):
        alone = refusal(lambda: new_client(seller, company_name=control))
        assert alone["company_name"].startswith("Company name: contains a text-direction control (U+")
        inside = refusal(lambda: new_client(seller, full_name=f"Kevin {control}Casey"))
        assert "text-direction control" in inside["full_name"] and "plain text" in inside["full_name"]

    def test_text_direction_controls_are_refused_in_event_notes_too(self, manager):
        event = make_event()
        errors = refusal(lambda: event_update(actor=manager, event_id=event.pk, data={"notes": "DJ\u202e at 9PM"}))
        assert errors["notes"] == "Notes: contains a text-direction control (U+202E); type plain text."

    def test_bytes_that_were_not_utf8_are_explained_as_an_encoding_problem(self, seller):
        typed = b"Kevin \xff Casey".decode("utf-8", "surrogateescape")  # what Python makes of such an argument
        errors = refusal(lambda: new_client(seller, full_name=typed))
        assert errors["full_name"] == "Full name: is not valid text (check your terminal's character encoding, UTF-8)."

    @pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
    def test_line_and_paragraph_separators_are_refused_in_one_line_fields(self, seller, manager, separator):
        errors = refusal(lambda: new_client(seller, full_name=f"Kevin{separator}Casey"))
        assert errors["full_name"] == "Full name: contains a line break; keep this value on one line."
        event = make_event()
        location = f"Salle des fêtes{separator}de Mufflins"
        errors = refusal(lambda: event_update(actor=manager, event_id=event.pk, data={"location": location}))
        assert "one line" in errors["location"]

    @pytest.mark.parametrize(
        "typed, stored",
        [
            ("Aliénor Vichum", "Aliénor Vichum"),
            ("Alie\u0301nor Vichum", "Aliénor Vichum"),  # typed with a combining accent: stored composed
            ("Candé-sur-Beuvron", "Candé-sur-Beuvron"),
            (FAMILY_EMOJI, FAMILY_EMOJI),
            (PERSIAN_NAME, PERSIAN_NAME),
            ("  Kevin Casey  ", "Kevin Casey"),
        ],
    )
    def test_real_names_are_stored_as_typed(self, seller, typed, stored):
        client = new_client(seller, full_name=typed, company_name=typed)
        client = Client.objects.get(pk=client.pk)
        assert (client.full_name, client.company_name) == (stored, stored)

    def test_optional_notes_with_nothing_visible_are_stored_empty(self, manager):
        event = make_event(notes="By the river.")
        event_update(actor=manager, event_id=event.pk, data={"notes": "\u200b\u200b"})
        event.refresh_from_db()
        assert event.notes == ""

    def test_tabs_and_newlines_stay_in_notes(self, manager):
        event = make_event()
        event_update(actor=manager, event_id=event.pk, data={"notes": "DJ:\t9PM\nCake:\t11PM"})
        event.refresh_from_db()
        assert event.notes == "DJ:\t9PM\nCake:\t11PM"


class TestAmounts:
    @pytest.mark.parametrize("typed", ["١٢٣", "١٢٣.٥٠", "１５００", "15०0", "۱۲۳"])
    def test_only_ascii_digits_make_an_amount(self, manager, typed):
        client = make_client()
        errors = refusal(lambda: contract_create(actor=manager, client_id=client.pk, total_amount=typed))
        expected = "Total amount: expected an amount such as 1500, 1500.50, 12,500.50 or 12 500,50 €."
        assert errors == {"total_amount": expected}

    @pytest.mark.parametrize(
        "typed, stored",
        [
            ("12,500.50", "12500.50"),  # as the CRM shows amounts
            ("12 500,50", "12500.50"),  # as French staff type them
            ("12500,50 €", "12500.50"),
            ("12\u202f500,50\u00a0€", "12500.50"),  # French typography: narrow no-break spaces
            ("12.500,50", "12500.50"),
            ("1,250,000", "1250000.00"),
            ("1500,5", "1500.50"),
            ("1500", "1500.00"),
        ],
    )
    def test_amounts_as_displayed_and_as_french_staff_type_them(self, manager, typed, stored):
        contract = contract_create(actor=manager, client_id=make_client().pk, total_amount=typed)
        assert money(Contract.objects.get(pk=contract.pk).total_amount) == stored

    @pytest.mark.parametrize("typed", ["1,500", "1.500", "12,500"])
    def test_an_ambiguous_amount_is_refused_with_the_forms_that_are_not(self, manager, typed):
        client = make_client()
        errors = refusal(lambda: contract_create(actor=manager, client_id=client.pk, total_amount=typed))
        message = errors["total_amount"]
        assert f"'{typed}' is ambiguous" in message
        assert "12,500.50, 12 500,50 or 12500,50 €" in message

    @pytest.mark.parametrize("typed", ["-0", "-0.00", -0.0])
    def test_minus_zero_typed_is_refused(self, manager, typed):
        client = make_client()
        errors = refusal(lambda: contract_create(actor=manager, client_id=client.pk, total_amount=typed))
        assert errors == {"total_amount": "Total amount: an amount cannot be negative."}

    @pytest.mark.parametrize("sent", [Decimal("-0"), Decimal("-0.00"), Decimal("-0E+3")])
    def test_a_negative_zero_decimal_is_stored_and_printed_as_zero(self, manager, sent):
        returned = contract_create(actor=manager, client_id=make_client().pk, total_amount="10", amount_due=sent)
        stored = Contract.objects.get(pk=returned.pk)
        assert (money(returned.amount_due), money(stored.amount_due)) == ("0.00", "0.00")  # what JSON/CSV print


class TestAttendees:
    @pytest.mark.parametrize("typed", ["1000001", "2147483648", "99999999999999999999", "1" + "0" * 5000, 10**30])
    def test_too_many_always_says_the_limit(self, manager, typed):
        event = make_event()
        errors = refusal(lambda: event_update(actor=manager, event_id=event.pk, data={"attendees": typed}))
        assert errors == {"attendees": "Attendees: at most 1,000,000."}

    @pytest.mark.parametrize("typed", ["٧٥", "７５", "7٥", "75.0", "seventy"])
    def test_only_ascii_digits_make_a_count(self, manager, typed):
        event = make_event()
        errors = refusal(lambda: event_update(actor=manager, event_id=event.pk, data={"attendees": typed}))
        assert errors == {"attendees": "Attendees: expected a whole number such as 75."}

    @pytest.mark.parametrize("typed, stored", [("1000000", 1_000_000), (" 200 ", 200), ("0075", 75), ("1_000", 1000)])
    def test_whole_numbers_up_to_the_limit_are_stored(self, manager, typed, stored):
        event = make_event()
        event_update(actor=manager, event_id=event.pk, data={"attendees": typed})
        event.refresh_from_db()
        assert event.attendees == stored


class TestPhones:
    @pytest.mark.parametrize("typed", ["+٦٧٨ ١٢٣ ٤٥٦ ٧٨", "+６７８ １２３ ４５６ ７８"])
    def test_only_ascii_digits_make_a_phone_number(self, seller, typed):
        client = make_client(seller)
        errors = refusal(lambda: client_update(actor=seller, client_id=client.pk, data={"phone": typed}))
        assert errors["phone"].startswith(f"Phone: '{typed}' is not a phone number (use digits")

    @pytest.mark.parametrize(
        "typed, stored",
        [
            ("+33 (0)6 12 34 56 78", "+33 6 12 34 56 78"),
            ("+33 (06) 12 34 56 78", "+33 6 12 34 56 78"),
            ("+44 (020) 7946 0000", "+44 20 7946 0000"),
            ("+44 ( 0 20 ) 7946 0000", "+44 20 7946 0000"),
            ("+33(0)612345678", "+33 612345678"),
            ("+44 (0) 20 7946 0958", "+44 20 7946 0958"),
            ("+49-(0)30-1234567", "+49 30 1234567"),
            ("0033 (0)6 12 34 56 78", "0033 6 12 34 56 78"),
            ("00 41 (0)44 123 45 67", "00 41 44 123 45 67"),
            # Without a country code the 0 is dialled: only its brackets go.
            ("(0)6 12 34 56 78", "0 6 12 34 56 78"),
            # Brackets around an area code are not a trunk prefix.
            ("+1 (212) 555-0100", "+1 212 555 0100"),
        ],
    )
    def test_a_trunk_zero_after_a_country_code_is_dropped(self, seller, manager, typed, stored):
        """'+33 (0)6...' is dialled +33 6...: the (0) is what callers inside the country add."""
        client = make_client(seller)
        client_update(actor=seller, client_id=client.pk, data={"phone": typed})
        employee_update(actor=manager, employee_id=seller.pk, data={"phone": typed})
        client.refresh_from_db()
        seller.refresh_from_db()
        assert (client.phone, seller.phone) == (stored, stored)

    @pytest.mark.parametrize(
        "typed, sentence",
        [
            ("call me", "Phone: 'call me' is not a phone number (use digits, spaces, dots, dashes or brackets, "
                        "with an optional leading +, e.g. +678 123 456 78)."),
            ("+33 6 +12", "Phone: '+33 6 +12' is not a phone number (use digits, spaces, dots, dashes or brackets, "
                          "with an optional leading +, e.g. +678 123 456 78)."),
            ("12 34", "Phone: '12 34' is not a phone number (it has 4 digits; a phone number has 6 to 15)."),
            ("+33 (0)", "Phone: '+33 (0)' is not a phone number (it has 2 digits; a phone number has 6 to 15)."),
            ("+1 234 567 890 123 456", "Phone: '+1 234 567 890 123 456' is not a phone number "
                                       "(it has 16 digits; a phone number has 6 to 15)."),
        ],
    )
    def test_a_refusal_names_the_field_and_repeats_the_value(self, seller, manager, typed, sentence):
        client = make_client(seller)
        assert refusal(lambda: client_update(actor=seller, client_id=client.pk, data={"phone": typed})) == {
            "phone": sentence
        }
        assert refusal(lambda: employee_update(actor=manager, employee_id=seller.pk, data={"phone": typed})) == {
            "phone": sentence
        }

    @pytest.mark.parametrize("typed", ["+", "+ ()"])
    def test_a_plus_alone_is_a_number_begun_not_a_missing_one(self, seller, typed):
        client = make_client(seller)
        errors = refusal(lambda: client_update(actor=seller, client_id=client.pk, data={"phone": typed}))
        assert list(errors) == ["phone"]
        assert errors["phone"].startswith(f"Phone: '{typed}' is not a phone number (")

    @pytest.mark.parametrize("typed", ["", "   ", "-", "()", " . / "])
    def test_a_required_phone_with_no_digit_is_missing(self, seller, typed):
        client = make_client(seller)
        errors = refusal(lambda: client_update(actor=seller, client_id=client.pk, data={"phone": typed}))
        assert errors == {"phone": "Phone: this value is required."}
        errors = refusal(lambda: new_client(seller, phone=typed))
        assert errors == {"phone": "Phone: this value is required."}

    @pytest.mark.parametrize("typed", ["", "-", "()"])
    def test_an_optional_phone_with_no_digit_is_cleared(self, manager, seller, typed):
        employee_update(actor=manager, employee_id=seller.pk, data={"phone": "+33 6 12 34 56 78"})
        employee_update(actor=manager, employee_id=seller.pk, data={"phone": typed})
        seller.refresh_from_db()
        assert seller.phone == ""

    def test_a_messy_phone_number_is_stored_cleanly(self, seller):
        client = make_client(seller)
        client_update(actor=seller, client_id=client.pk, data={"phone": "+ 666 (12) 345.67"})
        client.refresh_from_db()
        assert client.phone == "+666 12 345 67"


class TestEmails:
    def test_an_address_is_stored_in_lower_case_and_refused_as_typed(self, seller):
        client = new_client(seller, email="John.Ouick@Gmail.com")
        assert client.email == "john.ouick@gmail.com"
        errors = refusal(lambda: new_client(seller, email="New Two"))
        assert errors == {"email": "Email: 'New Two' is not an email address (expected name@example.com)."}
