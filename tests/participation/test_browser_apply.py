"""An officer applies in headless Chromium (360 px wide) from the activity page: a photo and an 800-character story.

Then the same form, hostile: an 801-character story and a file that is not an image get Chinese form
errors and nothing is saved. Uses the browser fixture of tests/site (Debian's chromium + chromedriver).
"""

import os
import tempfile

import pytest

from participation.models import OfficerApplication
from participation.text import reader_length
from tests.newsroom.images import png_bytes
from tests.newsroom.test_browser_workflow import click, find, wait_for
from tests.site.test_browser import browser  # noqa: F401  (module-scoped headless Chromium)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# 800 characters as a reader counts them: the paragraph break between the halves does not count.
STORY = "质量" * 200 + "\n\n" + "品牌" * 200


@pytest.fixture
def live(live_server, settings, officer_form):
    settings.ROOT_URLCONF = "tests.site.browser_urls"
    settings.BASE_URL = live_server.url
    settings.PARTICIPATION_MIN_SECONDS = 1
    files = tempfile.mkdtemp(prefix="zlkm-apply-")
    photo = os.path.join(files, "我的照片.png")
    with open(photo, "wb") as handle:
        handle.write(png_bytes(640, 480))
    fake = os.path.join(files, "not-a-photo.jpg")
    with open(fake, "wb") as handle:
        handle.write(b"MZ\x90\x00 this is not an image")
    return {"url": live_server.url, "form": officer_form, "photo": photo, "fake": fake}


def fill(driver, photo, story):
    find(driver, "#id_photo").send_keys(photo)
    find(driver, "#id_name").send_keys("王小丽")
    find(driver, "#id_occupation").send_keys("质检员")
    # The story is set in one go (typing 800 characters key by key adds nothing but minutes).
    driver.execute_script("arguments[0].value = arguments[1];", find(driver, "#id_story"), story)
    find(driver, "#id_declaration").send_keys("质量是每个人的责任。")
    find(driver, "#id_phone").send_keys("13987654321")
    click(driver, "#id_consent")


def test_officer_applies_with_photo_and_800_character_story(browser, live):  # noqa: F811
    driver, form = browser, live["form"]
    driver.set_window_size(360, 800)
    driver.get(live["url"] + form.activity.url)
    click(driver, f'a[href="/canyu/{form.pk}/"]')
    find(driver, "form.public-form")
    assert form.purpose in driver.page_source and form.consent_text in driver.page_source
    # Nothing sticks out at 360 px.
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 360

    # Hostile first: an 801-character story and a file that is not an image.
    fill(driver, live["fake"], STORY + "量")
    driver.execute_script("return new Promise(r => setTimeout(r, 1100))")  # past the minimum time
    click(driver, "form.public-form button[type=submit]")
    wait_for(driver, lambda d: "提交未成功" in d.page_source, message="form errors")
    assert "质量故事不能超过 800 字（现在是 801 字）" in driver.page_source
    assert "无法识别这张图片" in driver.page_source
    assert not OfficerApplication.objects.exists()

    # Then as meant: the page is shown again with what was typed; fix the story and the photo.
    driver.execute_script("arguments[0].value = arguments[1];", find(driver, "#id_story"), STORY)
    find(driver, "#id_photo").send_keys(live["photo"])
    if not find(driver, "#id_consent").is_selected():
        click(driver, "#id_consent")
    driver.execute_script("return new Promise(r => setTimeout(r, 1100))")
    click(driver, "form.public-form button[type=submit]")
    wait_for(driver, lambda d: "提交成功" in d.page_source, message="submitted")
    assert "13987654321" not in driver.page_source

    application = OfficerApplication.objects.get()
    assert application.name == "王小丽" and application.phone == "13987654321"
    assert reader_length(application.story) == 800
    assert application.photo.name.endswith(".png") and os.path.isfile(application.photo.path)
