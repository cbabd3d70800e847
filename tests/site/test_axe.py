"""axe-core (pinned in browser-checks/) finds no violation on any page type, at 375 and 1280 px."""

import shutil
import tempfile

import pytest

from tests.site.reader_checks import AXE, CHROMEDRIVER, CHROMIUM, PAGES, require

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.engine_neutral,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [375, 1280]


@pytest.fixture(scope="module")
def driver():
    require(CHROMIUM, CHROMEDRIVER, AXE)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="zlkm-axe-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    chrome.set_page_load_timeout(60)
    chrome.set_script_timeout(60)
    try:
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


def violations(driver, url):
    driver.get(url)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: 'axe-error', "
        "help: String(e), nodes: []}]));"
    )
    return [
        f"{item['id']} ({item.get('impact')}): {item['help']} at {[node['target'] for node in item['nodes'][:3]]}"
        for item in result
    ]


def test_no_axe_violations_on_any_page_type_at_phone_and_desktop_widths(driver, reader_site):
    found = {}
    for width in WIDTHS:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        )
        for name, path in PAGES.items():
            problems = violations(driver, reader_site + path)
            if problems:
                found[f"{name} at {width}px"] = problems
    assert found == {}
