"""The demo in headless Chromium at 360 px and 1280 px.

Uses Debian's ``chromium`` and ``chromedriver`` (``make browser`` installs
them); Selenium is pointed at that driver explicitly so Selenium Manager
never downloads anything. Skips, saying why, only when no Chromium is found.
"""

import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# live_server needs real commits; serialized_rollback restores Wagtail's root page and locale after each flush.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM = os.environ.get("CHROMIUM_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN") or shutil.which("chromedriver")
WIDTHS = [360, 1280]
PAGES = {
    "home": "/",
    "activity": "/2022/brand-story-contest-4/",
    "officer": "/officers/xia-jiawei/",
    "news": "/news/2022-quality-month-launch/",
}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM or not CHROMEDRIVER:
        pytest.skip("No Chromium found: install Debian's chromium and chromium-driver (`make browser`) to run it")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="zlkm-chromium-")
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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def site(demo, live_server, settings):
    settings.ROOT_URLCONF = "tests.site.browser_urls"
    settings.BASE_URL = live_server.url
    return live_server.url


def requested_urls(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_load_cleanly_and_stay_on_this_host(browser, site, width):
    host = urlsplit(site).netloc
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    screenshots = os.environ.get("SITE_SCREENSHOTS")
    for name, path in PAGES.items():
        browser.get_log("browser")
        browser.get_log("performance")
        browser.get(site + path)
        # Scroll through so lazy images load too.
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        browser.execute_script("return new Promise(r => setTimeout(r, 300))")
        assert browser.find_element("tag name", "h1").text.strip(), name
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
        errors = [log for log in browser.get_log("browser") if log["level"] == "SEVERE"]
        assert not errors, f"{name} at {width}px: console errors {errors}"
        foreign = [url for url in requested_urls(browser) if url.startswith("http") and urlsplit(url).netloc != host]
        assert not foreign, f"{name} at {width}px requested other hosts: {foreign}"
        if screenshots:
            Path(screenshots).mkdir(parents=True, exist_ok=True)
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
            )
            browser.save_screenshot(str(Path(screenshots) / f"{name}-{width}.png"))
            browser.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600},
            )
