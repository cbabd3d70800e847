"""Admin avatars are Wagtail's local default, never a Gravatar URL (issue #16, item 2)."""

import pytest
from django.urls import reverse

from tests.newsroom.conftest import draft_news

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["editor", "chief", "partner_manager", "administrator"])
def test_no_admin_page_references_gravatar(client, role_users, news_index, role):
    user = role_users[role]
    for person in role_users.values():
        person.email = f"{person.username}@example.com"  # an address is what Gravatar would hash
        person.save()
    page = draft_news(news_index, title="头像测试", owner=role_users["editor"])
    client.force_login(user)
    paths = ["/admin/", reverse("wagtailadmin_account")]
    if role != "partner_manager":  # the partner manager has no pages
        paths += [
            reverse("wagtailadmin_explore", args=(news_index.pk,)),
            reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        ]
    if role == "administrator":
        paths.append(reverse("wagtailusers_users:index"))
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "gravatar" not in html.lower(), path
        assert "avatar" in html, path  # the avatar is still shown, from the admin's own static files
