"""The demo content: loaded once, complete, and clean Simplified Chinese."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page

from campaign.models import (
    ActivityPage,
    CampaignOrganisation,
    CampaignPage,
    NewsPage,
    OfficerPage,
    Organisation,
)
from script_variants.converter import to_simplified

GLOSS = re.compile(r"\([a-zA-Z\u00c0-\u024f\u0300-\u036f]+\)")
MOJIBAKE_CHARACTERS = set("顒訉⒊蝹フ")  # what the damaged sentences decode to
ASCII_PUNCTUATION_IN_CHINESE = re.compile(r"[\u4e00-\u9fff][,;:?!]|[,;:?!][\u4e00-\u9fff]")


def counts():
    return {
        "pages": Page.objects.count(),
        "campaigns": CampaignPage.objects.count(),
        "activities": ActivityPage.objects.count(),
        "officers": OfficerPage.objects.count(),
        "news": NewsPage.objects.count(),
        "organisations": Organisation.objects.count(),
        "roles": CampaignOrganisation.objects.count(),
        "images": get_image_model().objects.count(),
    }


def test_loading_twice_gives_the_same_counts(demo):
    first = counts()
    call_command("load_initial_data", stdout=io.StringIO())
    assert counts() == first
    assert first["campaigns"] == 1
    assert first["activities"] == 6
    assert first["officers"] == 3
    assert first["news"] == 1
    assert first["organisations"] == 6
    assert first["roles"] == 6


def test_demo_matches_the_seed(demo):
    campaign = CampaignPage.objects.get()
    assert campaign.year == 2022
    assert [a.title for a in campaign.activities().specific()] == [
        "2022年“质量月”系列宣传",
        "第七届“质量强市 昆明快走”——“晒”质量成绩 “比”发展速度",
        "昆明市第二届“小小质量官”体验营",
        "昆明品牌“连连看”",
        "昆明市第四届品牌故事大赛",
        "中国·昆明“质量赋能产业发展”论坛",
    ]
    roles = {label: [o.name for o in orgs] for label, orgs in campaign.organisations_by_role()}
    assert roles["主办"] == ["昆明市人民政府"]
    assert roles["承办"] == ["昆明市实施质量强市战略领导小组办公室", "昆明报业传媒集团"]
    assert len(roles["协办"]) == 3
    contest = ActivityPage.objects.get(number=5)
    assert [s.title for s in contest.sub_activities.all()] == ["“昆明市品牌建设十佳案例”征集", "“春城质量官”征集"]
    assert contest.contact_email == "KMPP2022@126.com"
    assert ActivityPage.objects.get(number=3).contact_phone == "0871-65392426"


def test_no_invented_quotes(demo):
    xia = OfficerPage.objects.get(title="夏嘉伟")
    assert xia.declaration == "昆明政府质量工作连续三年排名全省第一实至名归，我们必须为‘质量昆明’竖起大拇指。"
    for name in ("金飞豹", "晏敏"):
        officer = OfficerPage.objects.get(title=name)
        assert officer.declaration == ""
        assert officer.story == ""


def test_every_page_that_wants_an_image_has_one(demo):
    assert all(a.hero_image_id for a in ActivityPage.objects.all())
    assert all(o.photo_id for o in OfficerPage.objects.all())
    assert CampaignPage.objects.get().hero_image_id
    assert NewsPage.objects.get().hero_image_id
    assert all(image.description for image in get_image_model().objects.all())


def all_demo_text():
    """Every piece of human text stored in the demo pages, with StreamField JSON flattened."""
    texts = []
    for page in Page.objects.filter(depth__gt=1).specific():
        for field in page._meta.concrete_fields:
            value = getattr(page, field.attname)
            if field.name in {"path", "url_path", "slug", "draft_title", "latest_revision_created_at"}:
                continue
            if hasattr(value, "raw_data"):
                texts.append(str(list(value.raw_data)))
            elif isinstance(value, str):
                texts.append(value)
        texts += (
            [s.title + s.description for s in getattr(page, "sub_activities", []).all()]
            if isinstance(page, ActivityPage)
            else []
        )
    return texts


def test_demo_text_is_clean_simplified_chinese(demo):
    texts = all_demo_text()
    assert texts
    joined = "\n".join(texts)
    assert "质量" in joined
    assert not GLOSS.search(joined), GLOSS.search(joined)
    assert not MOJIBAKE_CHARACTERS & set(joined)
    assert "\ufffd" not in joined
    for text in texts:
        assert to_simplified(text) == text, text
        assert not ASCII_PUNCTUATION_IN_CHINESE.search(re.sub(r"<[^>]+>", "", text)), text


def test_repaired_sentence_is_in_the_news_item(demo):
    news = NewsPage.objects.get()
    body = str(list(news.body.raw_data))
    assert "等六大主题活动。活动将持续至10月，期待各单位、企业、市民踊跃参与。" in body
    assert "竖起大拇指" in body
    assert news.source == "昆明信息港"


@pytest.mark.parametrize("path", ["/", "/2022/", "/officers/", "/officers/xia-jiawei/", "/news/"])
def test_demo_pages_render(demo, client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_live_streams_have_three_sample_sessions_once(demo):
    call_command("load_initial_data", verbosity=0)
    streams = ActivityPage.objects.get(number=4)
    sessions = list(streams.sessions.order_by("sort_order"))
    assert [s.title for s in sessions] == ["第一期直播（示例时间）", "第二期直播（示例时间）", "第三期直播（示例时间）"]
    assert all(streams.start_date <= s.local_start.date() <= streams.end_date for s in sessions)
    assert [s.time_range_label for s in sessions] == [
        "9月9日 19:30–21:00",
        "9月16日 19:30–21:00",
        "9月23日 19:30–21:00",
    ]
