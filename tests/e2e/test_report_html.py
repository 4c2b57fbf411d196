"""report.html in a real browser: Debian's headless Chromium opens the full run's page from
disk, and each test checks what a person relies on against the run's report.json."""

import collections
import io

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import load_report

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# The test machines have no network: without the last four flags Chromium keeps trying to
# reach Google's services.
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1400,1000", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")
MATRIX_CELLS = "#view-matrix td[data-case-id]"


@pytest.fixture(scope="module")
def report_page(full_run):
    """The full run's report.html and its report.json."""
    completed, out = full_run
    page = out / "report.html"
    assert page.is_file(), (
        f"no report.html in {out}\nstdout:\n{completed.stdout}\nstderr:\n{completed.stderr}")
    return page, load_report(out)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium. A browser that cannot start makes these tests error, never skip."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, report_page):
    """report.html freshly loaded from file:// and drawn; the console log starts empty."""
    path, report = report_page
    browser.get("about:blank")
    browser.get_log("browser")
    browser.get(path.as_uri())
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    return browser, report


def severe_console_entries(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def click(driver, element):
    """Clicks `element` once it is scrolled clear of the sticky toolbar."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def open_case(driver, case_id):
    """Clicks the matrix cell of `case_id`; returns the detail panel once it shows that case."""
    click(driver, driver.find_element(
        By.CSS_SELECTOR, f'#view-matrix td[data-case-id="{case_id}"]'))
    detail = driver.find_element(By.ID, "detail")
    WebDriverWait(driver, 5).until(
        lambda d: detail.is_displayed()
        and d.find_element(By.ID, "detail-case-id").text == case_id)
    return detail


def disagreements(report, first, second):
    """section|fixture|version keys (a section is the role, and for the server role its server
    configuration: "server|enforcing") where backends `first` and `second` differ in outcome or
    verdict. Interop cases compare pairs, not backends: they are not disagreements."""
    by_key = collections.defaultdict(dict)
    for case in report["cases"]:
        if case["role"] == "interop":
            continue
        section = (case["role"], case["server_config"]) if case["role"] == "server" else (
            case["role"],)
        by_key[(*section, case["fixture"], case["version"])][case["backend"]] = case
    keys = set()
    for key, per_backend in by_key.items():
        if first not in per_backend or second not in per_backend:
            continue
        a, b = per_backend[first], per_backend[second]
        if a["observed"] != b["observed"] or a["verdict"] != b["verdict"]:
            keys.add("|".join(key))
    return keys


def test_opens_from_disk_without_console_errors_or_requests(page):
    driver, report = page
    first = report["cases"][0]["id"]

    open_case(driver, first)
    driver.find_element(By.ID, "detail-close").click()
    Select(driver.find_element(By.ID, "filter-family")).select_by_index(1)
    driver.find_element(By.ID, "filter-reset").click()
    driver.find_element(By.ID, "tab-disagreements").click()
    driver.find_element(By.ID, "tab-matrix").click()

    assert severe_console_entries(driver) == []
    assert driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)") == []


def test_matrix_has_one_cell_per_case_with_its_verdict(page):
    driver, report = page

    cells = driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])]"
        ".map(td => [td.dataset.caseId, td.dataset.verdict])", MATRIX_CELLS)

    assert len(cells) == len(report["cases"])
    assert dict(cells) == {case["id"]: case["verdict"] for case in report["cases"]}


def test_verdict_filter_known_leaves_exactly_the_known_cells(page):
    driver, report = page
    known = {case["id"] for case in report["cases"] if case["verdict"] == "KNOWN"}
    assert known, "the full run has no KNOWN case: nothing to filter for"

    Select(driver.find_element(By.ID, "filter-verdict")).select_by_value("KNOWN")

    visible = {cell.get_attribute("data-case-id")
               for cell in driver.find_elements(By.CSS_SELECTOR, MATRIX_CELLS)
               if cell.is_displayed()}
    assert visible == known


def test_disagreements_list_where_openssl_and_boringssl_differ(page):
    driver, report = page
    assert {"openssl", "boringssl"} <= {backend["name"] for backend in report["backends"]}
    differ = disagreements(report, "openssl", "boringssl")
    assert differ, "openssl and boringssl agree on every case: nothing to list"

    driver.find_element(By.ID, "tab-disagreements").click()

    view = driver.find_element(By.ID, "view-disagreements")
    assert view.is_displayed()
    assert not driver.find_element(By.ID, "view-matrix").is_displayed()
    rows = [row for row in view.find_elements(By.CSS_SELECTOR, "tr.disagreement")
            if row.is_displayed()]
    listed = {row.get_attribute("data-key") for row in rows}
    assert differ <= listed
    verdicts = {case["id"]: case["verdict"] for case in report["cases"]}
    for cell in view.find_elements(By.CSS_SELECTOR, "td[data-case-id]"):
        assert cell.get_attribute("data-verdict") == verdicts[cell.get_attribute("data-case-id")]


def test_matrix_has_a_section_per_server_configuration_and_the_interop_pairs(page):
    driver, report = page
    sections = {section.get_attribute("id")
                for section in driver.find_elements(By.CSS_SELECTOR, "section.role-section")}
    assert {"matrix-server-defaults", "matrix-server-enforcing", "matrix-client",
            "matrix-interop"} <= sections
    interop = {case["id"] for case in report["cases"] if case["role"] == "interop"}
    cells = driver.find_elements(By.CSS_SELECTOR, "#matrix-interop td[data-case-id]")
    assert {cell.get_attribute("data-case-id") for cell in cells} == interop
    # A pair's column names client and server; the backend filter keeps a pair with either.
    Select(driver.find_element(By.ID, "filter-backend")).select_by_value("boringssl")
    shown = {cell.get_attribute("data-case-id") for cell in cells if cell.is_displayed()}
    assert shown == {case_id for case_id in interop if "boringssl" in case_id.split("/")[1:3]}
    driver.find_element(By.ID, "filter-reset").click()


def test_clicking_a_reject_cell_shows_why_and_the_ladder(page):
    driver, report = page
    rejected = [case for case in report["cases"]
                if case["observed"] == "REJECT" and case["reason"] and case["wire"]]
    assert rejected, "the full run has no rejected case"
    case = rejected[0]

    detail = open_case(driver, case["id"])

    assert driver.find_element(By.ID, "detail-description").text == case["description"]
    assert driver.find_element(By.ID, "detail-reason").text == case["reason"]
    assert driver.find_element(By.ID, "detail-verdict").get_attribute(
        "data-verdict") == case["verdict"]
    records = detail.find_elements(By.CSS_SELECTOR, "#ladder .ladder-record")
    assert len(records) == len(case["wire"])
    assert records[0].get_attribute("data-from") == "client"
    assert "ClientHello" in records[0].text


def test_a_cell_opens_from_the_keyboard(page):
    driver, report = page
    case = report["cases"][-1]
    cell = driver.find_element(By.CSS_SELECTOR, f'#view-matrix td[data-case-id="{case["id"]}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()",
                          cell)

    cell.send_keys(Keys.ENTER)

    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, "detail").is_displayed())
    assert driver.find_element(By.ID, "detail-case-id").text == case["id"]
    driver.find_element(By.ID, "detail-title").send_keys(Keys.ESCAPE)
    assert not driver.find_element(By.ID, "detail").is_displayed()


def test_screenshot_is_not_blank(page, tmp_path):
    driver, _ = page

    png = driver.get_screenshot_as_png()

    (tmp_path / "report.png").write_bytes(png)
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 24)
    assert len(colours) > 16, f"{len(colours)} distinct colours: the page looks blank"
