"""Employees' access in the admin: locked accounts, the one access flag, open sessions (a stolen laptop)."""

import datetime as dt
import logging

import pytest
from django.test import Client
from django.utils import timezone

from crm_core import clock
from crm_core.errors import NotAuthenticated
from epic_auth_app import tokens
from epic_auth_app.authentication import authenticate_token, login
from epic_auth_app.models import AuthSession, Employee
from tests.admin.conftest import admin_url
from tests.admin.test_employee_admin import employee_form
from tests.factories import PASSWORD, make_employee

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Set-By-The-Administrator-26"


def lock_out(employee: Employee, settings) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        with pytest.raises(NotAuthenticated):
            login(email=employee.email, password="Not-The-Password-000")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


class TestLockedAccounts:
    def test_a_password_set_in_the_admin_lets_a_locked_employee_in_at_once(self, as_admin, world, settings):
        lock_out(world.seller, settings)
        response = as_admin.post(
            admin_url("employee", "change", world.seller.pk),
            employee_form(world.seller, new_password=NEW_PASSWORD, new_password_again=NEW_PASSWORD),
        )
        assert response.status_code == 302
        assert login(email=world.seller.email, password=NEW_PASSWORD).employee == world.seller

    def test_the_unlock_action_lets_them_in_with_their_own_password(
        self, as_admin, administrator, world, settings, caplog
    ):
        lock_out(world.seller, settings)
        listed = as_admin.get(admin_url("employee", "changelist"), {"status": "locked"})
        assert list(listed.context["cl"].result_list) == [world.seller]
        with caplog.at_level(logging.INFO, logger="crm.audit"):
            response = as_admin.post(
                admin_url("employee", "changelist"),
                {"action": "unlock_accounts", "_selected_action": [world.seller.pk, world.other_seller.pk]},
                follow=True,
            )
        assert messages_of(response) == ["Unlocked: Bill Boquet; they can log in now."]
        assert login(email=world.seller.email, password=PASSWORD).employee == world.seller
        assert f"employee.unlocked actor_department=management actor_id={administrator.pk}" in caplog.text

    def test_unlocking_accounts_that_are_not_locked_says_so(self, as_admin, world):
        response = as_admin.post(
            admin_url("employee", "changelist"),
            {"action": "unlock_accounts", "_selected_action": [world.seller.pk]},
            follow=True,
        )
        assert messages_of(response) == ["None of the selected accounts was locked; nothing changed."]

    def test_the_employee_page_says_until_when_it_is_locked(self, as_admin, world, settings):
        lock_out(world.seller, settings)
        world.seller.refresh_from_db()
        page = as_admin.get(admin_url("employee", "change", world.seller.pk)).content.decode()
        assert timezone.localtime(world.seller.locked_until).strftime("%Y-%m-%d %H:%M") in page
        listed = as_admin.get(admin_url("employee", "changelist")).content.decode()
        assert "Locked" in listed


class TestOneAccessFlag:
    def test_the_employee_page_shows_the_administrator_flag_and_no_staff_flag(self, as_admin, world):
        for url in (admin_url("employee", "change", world.seller.pk), admin_url("employee", "add")):
            page = as_admin.get(url).content.decode()
            assert page.count("IT administrator") >= 1 and "May log in to this admin site" in page
            assert "is_staff" not in page and "Staff status" not in page and "staff status" not in page
            assert "superuser status" not in page.lower() and "all permissions" not in page
        # Django stamps last_login for admin logins only: said so, rather than "-" for every CRM user.
        page = as_admin.get(admin_url("employee", "change", world.seller.pk)).content.decode()
        assert "Last login to this admin site" in page

    def test_the_list_column_and_filter_say_it_the_same_way(self, as_admin, administrator, world):
        response = as_admin.get(admin_url("employee", "changelist"), {"administrator": "yes"})
        page = response.content.decode()
        assert list(response.context["cl"].result_list) == [administrator]
        assert "IT administrator" in page and "superuser status" not in page.lower()


class TestSessions:
    def test_an_administrator_lists_an_employees_sessions_without_device_data(self, as_admin, world):
        first = login(email=world.seller.email, password=PASSWORD)
        login(email=world.seller.email, password=PASSWORD)
        login(email=world.other_seller.email, password=PASSWORD)
        ended = AuthSession.objects.get(jti=_session_id(first.token))
        ended.revoked_at = clock.now()
        ended.save()
        response = as_admin.get(admin_url("authsession", "changelist"), {"employee": world.seller.pk, "state": "open"})
        assert response.status_code == 200
        listed = list(response.context["cl"].result_list)
        assert [session.employee for session in listed] == [world.seller]
        headers = [header["text"] for header in response.context["result_headers"]]
        assert [text.lower() for text in headers[1:]] == ["id", "employee", "started", "expires", "last used", "state"]
        page = response.content.decode()
        assert listed[0].jti not in page  # the token's session id stays on the employee's machine

    def test_the_employee_page_links_to_their_open_sessions(self, as_admin, world):
        login(email=world.seller.email, password=PASSWORD)
        page = as_admin.get(admin_url("employee", "change", world.seller.pk)).content.decode()
        link = admin_url("authsession", "changelist") + f"?employee={world.seller.pk}&amp;state=open"
        assert "1 (" in page and link in page

    def test_ending_one_session_refuses_its_token_at_once(self, as_admin, administrator, world, caplog):
        laptop = login(email=world.seller.email, password=PASSWORD)
        desktop = login(email=world.seller.email, password=PASSWORD)
        stolen = AuthSession.objects.get(jti=_session_id(laptop.token))
        with caplog.at_level(logging.INFO, logger="crm.audit"):
            response = as_admin.post(
                admin_url("authsession", "changelist"),
                {"action": "end_selected", "_selected_action": [stolen.pk]},
                follow=True,
            )
        assert messages_of(response) == ["1 open session ended."]
        with pytest.raises(NotAuthenticated, match="session has ended"):
            authenticate_token(laptop.token)
        assert authenticate_token(desktop.token) == world.seller
        assert (
            f"auth.sessions_ended actor_department=management actor_id={administrator.pk} "
            f"employee_id={world.seller.pk} sessions=1" in caplog.messages
        )

    def test_ending_every_session_of_an_employee(self, as_admin, world):
        tokens = [login(email=world.seller.email, password=PASSWORD).token for _ in range(3)]
        other = login(email=world.other_seller.email, password=PASSWORD).token
        response = as_admin.post(
            admin_url("employee", "changelist"),
            {"action": "end_sessions", "_selected_action": [world.seller.pk]},
            follow=True,
        )
        assert messages_of(response) == ["3 open sessions ended; their tokens are refused from now on."]
        for token in tokens:
            with pytest.raises(NotAuthenticated):
                authenticate_token(token)
        assert authenticate_token(other) == world.other_seller

    def test_last_used_follows_authentication_with_one_write_a_minute_at_most(
        self, as_admin, world, monkeypatch, django_assert_num_queries
    ):
        started = clock.now()
        token = login(email=world.seller.email, password=PASSWORD).token
        for seconds, queries, last_used in [(30, 1, started), (61, 2, 61), (100, 1, 61), (122, 2, 122)]:
            now = started + dt.timedelta(seconds=seconds)
            monkeypatch.setattr(clock, "now", lambda now=now: now)
            with django_assert_num_queries(queries):  # the session check, plus the write when due
                authenticate_token(token)
            shown = AuthSession.objects.get().last_used_at or AuthSession.objects.get().issued_at
            expected = last_used if isinstance(last_used, dt.datetime) else started + dt.timedelta(seconds=last_used)
            assert abs(shown - expected) < dt.timedelta(seconds=1), seconds
        row = as_admin.get(admin_url("authsession", "changelist")).context["cl"].result_list[0]
        assert row.last_used_at == started + dt.timedelta(seconds=122)

    def test_sessions_are_only_read_and_ended_here(self, as_admin, world):
        login(email=world.seller.email, password=PASSWORD)
        session = AuthSession.objects.get()
        assert as_admin.get(admin_url("authsession", "add")).status_code == 403
        assert as_admin.get(admin_url("authsession", "delete", session.pk)).status_code == 403
        as_admin.post(admin_url("authsession", "change", session.pk), {"revoked_at": ""})
        assert AuthSession.objects.get().revoked_at is None

    def test_staff_cannot_see_sessions(self, world):
        client = Client()
        client.force_login(make_employee("management", is_staff=True))
        assert client.get(admin_url("authsession", "changelist")).status_code == 302


def _session_id(token: str) -> str:
    return tokens.read(token).session_id
