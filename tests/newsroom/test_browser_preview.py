"""The editor's live preview panel shows the page, in headless Chromium (issue #16, item 1).

The preview is framed by the admin on its own origin; with the public pages' ``frame-ancestors
'none'`` / ``X-Frame-Options: DENY`` Chromium refused it and the panel stayed blank.
"""

import pytest
from django.contrib.auth.models import Group

from newsroom import roles
from tests.newsroom.conftest import draft_news
from tests.newsroom.test_browser_workflow import PASSWORD, click, find, sign_in, wait_for
from tests.site.test_browser import browser  # noqa: F401  (module-scoped headless Chromium)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEAD = "预览面板里看得见的导语"


def test_preview_panel_shows_the_page(browser, news_index, live_server, settings, django_user_model):  # noqa: F811
    settings.ROOT_URLCONF = "tests.site.browser_urls"
    settings.BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.X_FRAME_OPTIONS = "DENY"  # as production
    user = django_user_model.objects.create_user(username="bianji", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    page = draft_news(news_index, title="预览面板测试")
    page.lead = LEAD
    page.save_revision()
    driver, base = browser, live_server.url
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    )

    sign_in(driver, base, "bianji")
    driver.get(f"{base}/admin/pages/{page.pk}/edit/")
    find(driver, "#id_title")
    click(driver, '[data-side-panel-toggle="preview"]')
    iframe = wait_for(
        driver,
        lambda d: next(
            (el for el in d.find_elements("css selector", "iframe.w-preview__iframe") if el.get_attribute("src")),
            False,
        ),
        message="the preview iframe loads the preview",
    )
    driver.switch_to.frame(iframe)
    try:
        wait_for(driver, lambda d: LEAD in d.find_element("tag name", "body").text, message="the page in the panel")
        assert "预览面板测试" in driver.find_element("tag name", "body").text
    finally:
        driver.switch_to.default_content()
    messages = [entry["message"].lower() for entry in driver.get_log("browser")]
    blocked = [text for text in messages if "frame" in text and ("refused" in text or "blocked" in text)]
    assert not blocked, blocked
