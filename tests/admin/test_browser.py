"""A real browser: headless Chromium logs in to the admin and lists the events without support.

Uses Debian's ``chromium`` and ``chromium-driver`` packages (``.ci/run`` installs them);
without them the test is skipped and says so.
"""

from pathlib import Path

import pytest
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

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


# The live server needs committed data; serialized_rollback restores the departments afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_administrator_lists_the_events_without_support(live_server, chromium):
    administrator = make_employee("management", full_name="Ada Admin", is_superuser=True, is_staff=True)
    contract = make_contract(make_client(make_employee("sales")))
    make_event(contract, name="Unstaffed Party")
    make_event(contract, name="Staffed Wedding", support_contact=make_employee("support", full_name="Kate Hastroff"))
    wait = WebDriverWait(chromium, 20)

    chromium.get(f"{live_server.url}/admin/")
    wait.until(expected_conditions.presence_of_element_located((By.NAME, "username")))
    chromium.find_element(By.NAME, "username").send_keys(administrator.email)
    chromium.find_element(By.NAME, "password").send_keys(PASSWORD)
    chromium.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    wait.until(expected_conditions.presence_of_element_located((By.ID, "user-tools")))

    chromium.get(f"{live_server.url}/admin/epic_events_app/event/")
    wait.until(expected_conditions.element_to_be_clickable((By.LINK_TEXT, "Without support"))).click()
    wait.until(expected_conditions.url_contains("support=none"))
    listed = [cell.text for cell in chromium.find_elements(By.CSS_SELECTOR, "#result_list tbody th")]
    assert listed == ["Unstaffed Party"]
    assert "Staffed Wedding" not in chromium.page_source
