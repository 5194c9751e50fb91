"""A real browser: headless Chromium logs in to the admin, lists events, and sees every changelist whole.

Uses Debian's ``chromium`` and ``chromium-driver`` packages (``.ci/run`` installs them);
without them the test is skipped and says so.
"""

from decimal import Decimal
from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from epic_auth_app.authentication import login
from tests.factories import PASSWORD, make_client, make_contract, make_employee, make_event

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Chromium: apt-get install chromium chromium-driver (.ci/run does it for CI)",
)

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",  # the sandbox cannot start as root, which is how CI runs
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers have a tiny /dev/shm
    "--disable-quic",
    "--no-first-run",
    # Nothing but the test server: no update checks, sync or other background traffic.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, bound to the loopback address only."""
    server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture
def chromium(tmp_path):
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    # Both paths given, so Selenium does not try to download a browser or a driver.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def log_in(chromium, live_server, administrator) -> WebDriverWait:
    wait = WebDriverWait(chromium, 20)
    chromium.get(f"{live_server.url}/")  # the site's root leads to the admin (its login page first)
    wait.until(expected_conditions.presence_of_element_located((By.NAME, "username")))
    chromium.find_element(By.NAME, "username").send_keys(administrator.email)
    chromium.find_element(By.NAME, "password").send_keys(PASSWORD)
    chromium.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "user-tools")))
    return wait


# The live server needs committed data; serialized_rollback restores the departments afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrator_lists_the_events_without_support(live_server, chromium):
    administrator = make_employee("management", full_name="Ada Admin", is_superuser=True, is_staff=True)
    contract = make_contract(make_client(make_employee("sales")))
    make_event(contract, name="Unstaffed Party")
    make_event(contract, name="Staffed Wedding", support_contact=make_employee("support", full_name="Kate Hastroff"))
    wait = log_in(chromium, live_server, administrator)

    chromium.get(f"{live_server.url}/admin/epic_events_app/event/")
    wait.until(expected_conditions.element_to_be_clickable((By.LINK_TEXT, "Without support"))).click()
    wait.until(expected_conditions.url_contains("support=none"))
    listed = [cell.text for cell in chromium.find_elements(By.CSS_SELECTOR, "#result_list tbody th")]
    assert listed == ["Unstaffed Party"]
    assert "Staffed Wedding" not in chromium.page_source


CHANGELISTS = [
    "epic_auth_app/employee",
    "epic_auth_app/department",
    "epic_auth_app/authsession",
    "epic_clients_app/client",
    "epic_contracts_app/contract",
    "epic_events_app/event",
]
# How wide each changelist's table is drawn, and how wide its box is: wider means a scroll bar.
TABLE_AND_BOX_WIDTHS = """
    const box = document.querySelector('#changelist .results');
    return [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth, window.innerWidth];
"""


def long_but_real_records() -> None:
    """The widest values a real day brings: long names and addresses, full phones, big amounts."""
    seller = make_employee(
        "sales",
        full_name="Marie-Amélie de La Rochefoucauld-Liancourt",
        email="marie-amelie.delarochefoucauld-liancourt@epicevents.example",
        phone="+33 6 12 34 56 78",
    )
    supporter = make_employee(
        "support", full_name="Aliénor Vichum", email="alienor.vichum@epicevents.example", phone="+1 234 567 8901"
    )
    for n in range(3):
        client = make_client(
            seller,
            full_name=f"Jean-Baptiste Oudinot de Reggio {n}",
            email=f"jean-baptiste.oudinot-de-reggio{n}@cool-startup-international.example",
            phone="+678 123 456 78",
            company_name="Cool Startup International Holdings LLC",
        )
        contract = make_contract(client, total_amount=Decimal("9999999.99"), amount_due=Decimal("1234567.89"))
        make_event(contract, support_contact=supporter, name="Lou Bouzin General Assembly of Shareholders")
        login(email=seller.email, password=PASSWORD)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_changelist_fits_1400_pixels_without_scrolling_sideways(live_server, chromium):
    administrator = make_employee(
        "management", full_name="Ada Admin", email="ada.administrator@epicevents.example", is_superuser=True,
        is_staff=True,
    )
    long_but_real_records()
    chromium.set_window_size(1400, 900)
    extra = chromium.execute_script("return window.outerWidth - window.innerWidth")
    chromium.set_window_size(1400 + extra, 900)
    log_in(chromium, live_server, administrator)
    too_wide = {}
    for changelist in CHANGELISTS:
        chromium.get(f"{live_server.url}/admin/{changelist}/")
        table, box, page, window = chromium.execute_script(TABLE_AND_BOX_WIDTHS)
        assert window == 1400
        if table > box or page > window:
            too_wide[changelist] = (table, box, page)
    assert too_wide == {}, "table wider than its box, or page wider than the window (px)"
