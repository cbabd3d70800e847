"""The partner-manager role holds no page permission, so no admin screen may show it a page title."""

import json

import pytest
from django.contrib.auth.models import Group

from newsroom import roles
from tests.factories import NewsIndexPageFactory, NewsPageFactory

SECRET_TITLES = ["机密草稿标题甲", "密码保护页面标题乙", "公开新闻标题丙"]


@pytest.fixture
def pages(home):
    index = NewsIndexPageFactory(parent=home, title="新闻索引页标题丁")
    return [
        index,
        NewsPageFactory(parent=index, title=SECRET_TITLES[0], visibility="draft"),
        NewsPageFactory(parent=index, title=SECRET_TITLES[1], visibility="live+password"),
        NewsPageFactory(parent=index, title=SECRET_TITLES[2]),
    ]


@pytest.fixture
def partner_manager(db, django_user_model):
    user = django_user_model.objects.create_user(username="partners", password="pass-1234-abcd")
    user.groups.add(Group.objects.get(name=roles.PARTNER_MANAGER))
    return user


def admin_urls(home, pages):
    index, *news = pages
    ids = "&".join(f"id={page.pk}" for page in pages)
    urls = [
        "/admin/choose-page/",
        f"/admin/choose-page/{home.pk}/",
        f"/admin/choose-page/{index.pk}/",
        "/admin/choose-page/search/?q=标题",
        f"/admin/choose-page/chosen-multiple/?{ids}",
    ]
    for action in ("delete", "move", "publish", "unpublish"):
        urls.append(f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next=/admin/")
    return urls


def shown(response):
    """The text a browser would show: modal responses carry their HTML inside JSON."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.django_db
def test_partner_manager_reads_no_page_title(client, home, pages, partner_manager):
    client.force_login(partner_manager)
    leaks = []
    for url in admin_urls(home, pages):
        response = client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
        assert response.status_code < 500, url
        body = shown(response)
        leaks += [(url, title) for title in [*SECRET_TITLES, "新闻索引页标题丁", home.title] if title in body]
    assert not leaks


@pytest.mark.django_db
def test_editors_still_choose_pages(client, home, pages, django_user_model):
    editor = django_user_model.objects.create_user(username="bianji", password="pass-1234-abcd")
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    client.force_login(editor)
    index = pages[0]
    response = client.get(f"/admin/choose-page/{index.pk}/", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200
    assert SECRET_TITLES[2] in shown(response)
    response = client.get("/admin/choose-page/search/?q=公开新闻", HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert SECRET_TITLES[2] in shown(response)
    response = client.get(f"/admin/bulk/wagtailcore/page/publish/?id={pages[3].pk}&next=/admin/")
    assert response.status_code == 200
