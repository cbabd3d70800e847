import datetime

import pytest
from django.utils import timezone

from participation.models import CampSession, FormKind, ParticipationForm
from tests.factories import ActivityPageFactory, CampaignPageFactory

PURPOSE = "用于“春城质量官”评选和联系入选者。"
CONSENT = "我同意主办方为评选和联系目的处理我填写的个人信息，保存一年后删除。"


@pytest.fixture
def activity(home):
    campaign = CampaignPageFactory(parent=home)
    return ActivityPageFactory(parent=campaign, title="品牌故事大赛")


def make_form(activity, kind, **kwargs):
    now = timezone.now()
    values = {
        "activity": activity,
        "kind": kind,
        "title": FormKind(kind).label,
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=30),
        "purpose": PURPOSE,
        "consent_text": CONSENT,
    }
    values.update(kwargs)
    return ParticipationForm.objects.create(**values)


@pytest.fixture
def officer_form(activity):
    return make_form(activity, FormKind.OFFICER, notify_emails="moderator@example.com")


@pytest.fixture
def case_form(activity):
    return make_form(activity, FormKind.CASE, count_mode="all", count_label="已有 {n} 家企业报送案例")


@pytest.fixture
def camp_form(activity):
    form = make_form(activity, FormKind.CAMP)
    CampSession.objects.create(form=form, title="第一期", capacity=2, sort_order=0)
    CampSession.objects.create(form=form, title="第二期", capacity=5, sort_order=1)
    return form


@pytest.fixture(autouse=True)
def quick_forms(settings):
    """No minimum time to submit unless a test asks for it; the cache (rate limits) starts empty."""
    from django.core.cache import cache

    settings.PARTICIPATION_MIN_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def officer_data(form, **overrides):
    from participation import abuse
    from tests.newsroom.images import make_png_file

    data = {
        "photo": make_png_file(),
        "name": "王小丽",
        "occupation": "质检员",
        "story": "质量是一点一滴做出来的。",
        "declaration": "质量是每个人的责任。",
        "phone": "13987654321",
        "email": "wang@example.com",
        "consent": "on",
        "website": "",
        "started": abuse.start_token(form.pk),
    }
    data.update(overrides)
    return data
