"""Client search finds what a person typed, on SQLite through its trigram index (search_index.py)."""

import pytest
from django.db import connection

from epic_clients_app.models import Client
from epic_clients_app.search_index import sqlite_has_trigram_search
from epic_clients_app.selectors import clients_list
from epic_clients_app.services import client_create, client_update
from tests.factories import make_client, make_employee

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_employee("management")


@pytest.fixture
def seller():
    return make_employee("sales")


def names_found(manager, text) -> list[str]:
    return [client.full_name for client in clients_list(actor=manager, search=text)]


@pytest.mark.parametrize(
    "typed, found",
    [
        ("émilie", "Émilie Durand"),
        ("ÉMILIE DUR", "Émilie Durand"),
        ("éclat", "Émilie Durand"),
        ("ém", "Émilie Durand"),  # shorter than a trigram: read from the table, folded all the same
        ("CAFÉ", "Aliénor Vichum"),
        ("ALIÉNOR", "Aliénor Vichum"),
    ],
)
def test_accented_capitals_are_found_whatever_the_case_typed(manager, seller, typed, found):
    make_client(seller, full_name="Émilie Durand", email="emilie@eclat.example", company_name="Éclat SARL")
    make_client(seller, full_name="Aliénor Vichum", email="alienor@cafe.example", company_name="Café des Deux Moulins")
    make_client(seller, full_name="Kevin Casey", email="kevin@startup.io", company_name="Cool Startup LLC")
    assert names_found(manager, typed) == [found]


def test_a_new_client_is_found_at_once_by_name_email_or_company(manager, seller):
    client_create(
        actor=seller,
        full_name="Kevin Casey",
        email="kevin@startup.io",
        phone="+678 123 456 78",
        company_name="Cool Startup LLC",
    )
    for text in ("Kevin Casey", "vin cas", "KEVIN@START", "startup.io", "cool startup", "ll"):
        assert names_found(manager, text) == ["Kevin Casey"], text


def test_a_renamed_client_is_found_by_the_new_name_only(manager, seller):
    client = make_client(seller, full_name="Jacky Blangier", email="jacky@loubouzin.grd", company_name="Lou Bouzin")
    client_update(actor=seller, client_id=client.pk, data={"full_name": "Jacqueline Blangier", "email": "jb@lb.grd"})
    assert names_found(manager, "Jacqueline") == ["Jacqueline Blangier"]
    assert names_found(manager, "Jacky") == []
    assert names_found(manager, "loubouzin") == []
    assert names_found(manager, "jb@lb") == ["Jacqueline Blangier"]
    assert names_found(manager, "Lou Bouzin") == ["Jacqueline Blangier"]  # the company did not change


def test_a_deleted_client_is_no_longer_found(manager, seller):
    make_client(seller, full_name="Gone Client", email="gone@nowhere.example")
    Client.objects.filter(full_name="Gone Client").delete()
    assert names_found(manager, "Gone Client") == []
    assert names_found(manager, "gone@") == []


def test_search_syntax_is_only_text(manager, seller):
    make_client(seller, full_name='Anna "The Boss" Or', company_name="R&D (Paris) - NEAR* AND: 100%_sure")
    make_client(seller, full_name="Other Person", company_name="Plain SAS")
    for text in ('"the boss"', "(paris) -", "near*", "and:", "100%_", "Or", '" o', '"t', "%", "*"):
        assert names_found(manager, text) == ['Anna "The Boss" Or'], text
    for text in ("NEAR(", "AND OR NOT", "_sure%", "**", "%%"):
        assert names_found(manager, text) == [], text


def test_results_are_those_of_a_plain_case_insensitive_contains(manager, seller):
    for n in range(30):
        make_client(
            seller, full_name=f"Person {n:02d}", email=f"p{n:02d}@firm{n % 4}.example", company_name=f"Firm {n % 4}"
        )
    everyone = list(Client.objects.order_by("full_name", "id"))
    for text in ("person 1", "FIRM2", "@firm3.ex", "0", "p2", "rson 0", "m1.e", "zz"):
        expected = [
            client.full_name
            for client in everyone
            if any(text.lower() in value.lower() for value in (client.full_name, client.email, client.company_name))
        ]
        assert names_found(manager, text) == expected, text


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL uses its pg_trgm indexes (migration 0002)")
@pytest.mark.skipif(not sqlite_has_trigram_search(), reason="this SQLite has no FTS5 trigram tokenizer")
def test_on_sqlite_a_search_reads_the_index_not_every_client(manager):
    sql, params = clients_list(actor=manager, search="kevin@")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " / ".join(row[-1] for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan, plan
    assert "SCAN epic_clients_app_client" not in plan, plan


def test_a_term_with_an_at_sign_finds_exactly_the_addresses_that_contain_it(manager, seller):
    addresses = [
        "kevin@startup.io",
        "KEVIN.casey@startup.io",
        "a.kevin@startup.io",
        "kevin@startup.iox",
        '"kevin@startup"@quoted.example',  # a quoted local part may hold a second "@"
        '"ops@kevin"@startup.io',
        "k_vin@startup.io",
        "100%kevin@percent.example",
        "strasse@straße.example",
    ]
    for n, address in enumerate(addresses):
        Client.objects.create(
            full_name=f"Address {n}", email=address.lower(), phone="+33 1 23 45 67 89",
            company_name="Acme", sales_contact=seller,
        )
    everyone = list(Client.objects.order_by("full_name", "id"))
    terms = (
        "kevin@", "vin@start", "KEVIN@STARTUP.IO", "n@startup.io", "@startup", "kevin@startup\"@",
        "ops@kevin", "k_vin@", "%kevin@", "_@", "e@straße", "e@STRASSE", "a@b", "@",
    )
    for text in terms:
        expected = [
            client.full_name
            for client in everyone
            if any(text.lower() in value.lower() for value in (client.full_name, client.email, client.company_name))
        ]
        assert names_found(manager, text) == expected, text


@pytest.mark.postgresql
def test_on_postgresql_a_term_with_an_at_sign_is_served_by_the_local_part_index(manager):
    sql, params = clients_list(actor=manager, search="kevin@")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        # A test table is small enough to read whole, or in name order: ask for the plan of a big one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "client_email_local_reversed" in plan, plan
    assert "client_email_two_at" in plan, plan
