"""URL scheme: pinyin slugs from the title, editable, and old URLs redirect."""

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect

from campaign.models import NewsPage
from newsroom.slugs import pinyin_slug
from tests.factories import NewsPageFactory
from tests.newsroom.conftest import draft_news, news_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "title, slug",
    [
        ("质量月启动仪式", "zhiliangyue-qidong-yishi"),
        ("昆明品牌“连连看”", "kunming-pinpai-lianliankan"),
        ("2022年全国“质量月”", "2022-nian-quanguo-zhiliangyue"),
        ("中国·昆明“质量赋能产业发展”论坛", "zhongguo-kunming-zhiliang-funeng-chanye-fazhan-luntan"),
        ("Quality Month 质量月", "quality-month-zhiliangyue"),
    ],
)
def test_pinyin_slug(title, slug):
    assert pinyin_slug(title) == slug


def test_pinyin_slug_is_bounded():
    slug = pinyin_slug("质量强市" * 40)
    assert len(slug) <= 80 and not slug.endswith("-")


def add_news(client, news_index, title, slug=""):
    url = reverse("wagtailadmin_pages:add", args=("campaign", "newspage", news_index.pk))
    response = client.post(url, news_form_data(title, slug=slug))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return NewsPage.objects.filter(title=title).latest("pk")


def test_blank_slug_is_filled_with_pinyin(client, editor, news_index):
    client.force_login(editor)
    assert add_news(client, news_index, "小小质量官体验营开营").slug == "xiaoxiao-zhiliangguan-tiyanying-kaiying"


def test_chinese_slug_from_the_browser_becomes_pinyin(client, editor, news_index):
    # Wagtail's title-to-slug sync fills in a Unicode slug while typing.
    client.force_login(editor)
    assert add_news(client, news_index, "品牌故事大赛", slug="品牌故事大赛").slug == "pinpai-gushi-dasai"


def test_editor_can_choose_their_own_slug(client, editor, news_index):
    client.force_login(editor)
    assert add_news(client, news_index, "品牌故事大赛", slug="brand-story-2022").slug == "brand-story-2022"


def test_same_title_gets_a_numbered_slug(client, editor, news_index):
    client.force_login(editor)
    first = add_news(client, news_index, "质量月")
    second = add_news(client, news_index, "质量月")
    assert (first.slug, second.slug) == ("zhiliangyue", "zhiliangyue-2")


def test_slug_help_text_explains_the_scheme(client, editor, news_index):
    client.force_login(editor)
    page = draft_news(news_index)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "保存时按标题自动生成拼音" in edit


def test_changed_published_url_leaves_a_redirect(client, chief, news_index, django_capture_on_commit_callbacks):
    page = NewsPageFactory(parent=news_index, title="启动仪式", slug="qidong-yishi")
    old_url = page.url
    assert client.get(old_url).status_code == 200

    client.force_login(chief)
    # Wagtail creates the redirect once the slug change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            news_form_data("启动仪式", slug="zhiliangyue-qidong-yishi", **{"action-publish": "1"}),
        )
    page.refresh_from_db()
    assert page.slug == "zhiliangyue-qidong-yishi"
    assert Redirect.objects.filter(old_path="/news/qidong-yishi", redirect_page=page).exists()

    client.logout()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/news/zhiliangyue-qidong-yishi/")
