"""Editors' searches in the Wagtail admin find Chinese words."""

import pytest

from tests.factories import NewsPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_page_search_finds_a_word_inside_a_title(editor_client, news_index):
    NewsPageFactory(parent=news_index, title="春城质量官夏嘉伟代言质量昆明")
    draft = NewsPageFactory(parent=news_index, title="草稿：质量官访谈", unpublished=True)

    response = editor_client.get("/admin/pages/search/", {"q": "质量官"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "春城质量官夏嘉伟代言质量昆明" in html
    assert draft.title in html  # editors do see their drafts in the admin

    html = editor_client.get("/admin/pages/search/", {"q": "質量官"}).content.decode()
    assert "春城质量官夏嘉伟代言质量昆明" in html


def test_admin_snippet_search_finds_a_word_inside_a_name(editor_client):
    OrganisationFactory(name="昆明市市场监督管理局")
    OrganisationFactory(name="昆明报业传媒集团")

    html = editor_client.get("/admin/snippets/campaign/organisation/", {"q": "监督"}).content.decode()
    assert "昆明市市场监督管理局" in html
    assert "昆明报业传媒集团" not in html


def test_admin_search_survives_odd_queries(editor_client, news_index):
    NewsPageFactory(parent=news_index, title="鲜花饼")
    for query in ['"', "质量*", "NEAR(a b)", "-论坛 AND (", "' OR 1=1 --", "😀", "\x00", "质" * 1000]:
        assert editor_client.get("/admin/pages/search/", {"q": query}).status_code == 200, query
        assert editor_client.get("/admin/snippets/campaign/organisation/", {"q": query}).status_code == 200, query


def test_admin_image_search_and_chooser_find_a_word_inside_a_title(editor_client):
    from wagtail_factories import ImageFactory

    ImageFactory(title="春城质量官夏嘉伟")
    ImageFactory(title="过桥米线")
    for url in ("/admin/images/", "/admin/images/chooser/results/"):
        response = editor_client.get(url, {"q": "夏嘉伟"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "春城质量官夏嘉伟" in html, url
        assert "过桥米线" not in html, url
