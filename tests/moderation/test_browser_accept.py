"""A chief accepts an officer application in headless Chromium, and the draft officer page opens with its fields.

Uses the browser fixture of tests/site (Debian's chromium + chromedriver, nothing downloaded);
skips, saying why, only when no Chromium is found.
"""

import pytest
from django.contrib.auth.models import Group

from campaign.models import OfficerPage
from moderation.models import PersonalDataAccess
from newsroom import roles
from participation.models import Status
from tests.newsroom.test_browser_workflow import click, find, sign_in, wait_for
from tests.site.test_browser import browser  # noqa: F401  (module-scoped headless Chromium)

from .conftest import PASSWORD, PHONE, STORY

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def office(live_server, settings, officer_index, application, django_user_model):
    settings.ROOT_URLCONF = "tests.site.browser_urls"
    settings.BASE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    chief = django_user_model.objects.create_user(username="zhuren", password=PASSWORD)
    chief.groups.add(Group.objects.get(name=roles.CHIEF_EDITOR))
    return {"url": live_server.url, "application": application, "chief": chief}


def test_chief_accepts_an_application_and_edits_the_draft_officer_page(browser, office):  # noqa: F811
    base, driver, application = office["url"], browser, office["application"]
    sign_in(driver, base, "zhuren")

    # The queue of the officer form, filtered to new submissions.
    driver.get(f"{base}/admin/moderation/officer/?form={application.form_id}&status=new")
    click(driver, f'a[href$="/admin/moderation/submissions/officerapplication/{application.pk}/"]')
    find(driver, "h1")
    assert PHONE not in driver.page_source  # contact data only on request
    click(driver, 'a[href$="?personal=1"]')
    wait_for(driver, lambda d: PHONE in d.page_source, message="the phone number shown on request")
    assert PersonalDataAccess.objects.filter(submission_id=application.pk, action="view").count() == 1

    click(driver, 'form[action$="/accept/"] button[type=submit]')
    wait_for(driver, lambda d: "/admin/pages/" in d.current_url and "/edit/" in d.current_url, message="page editor")
    assert find(driver, "#id_title").get_attribute("value") == "张三"
    assert find(driver, "#id_occupation").get_attribute("value") == "社区医生"
    assert find(driver, "#id_declaration").get_attribute("value") == "质量是对每一位病人的承诺。"
    assert find(driver, "#id_story").get_attribute("value") == STORY
    assert find(driver, 'input[name="photo"]').get_attribute("value")

    page = OfficerPage.objects.get()
    assert not page.live and page.photo is not None
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED and application.officer_page_id == page.pk
