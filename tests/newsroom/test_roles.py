"""Each role against each action: exactly the permissions it needs."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Workflow

from campaign.models import NewsPage
from newsroom import roles
from tests.factories import ActivityPageFactory, CampaignPageFactory, NewsPageFactory
from tests.newsroom.conftest import draft_news, news_form_data
from tests.newsroom.images import make_png_file

pytestmark = pytest.mark.django_db


def test_groups_exist_and_wagtail_stock_groups_are_gone():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ROLE_NAMES) <= names
    assert not names & set(roles.WAGTAIL_DEFAULT_GROUPS)


def test_partner_manager_holds_admin_access_keys_and_webhooks_only():
    group = Group.objects.get(name=roles.PARTNER_MANAGER)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert held == {"wagtailadmin.access_admin", *roles.PARTNER_MANAGER_PERMISSIONS}
    assert not group.page_permissions.exists()
    assert not group.collection_permissions.exists()


def test_administrators_hold_every_permission():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=roles.ADMINISTRATOR)
    assert group.permissions.count() == Permission.objects.count()


# role -> the page actions it may take; scheduling is publishing with a go-live time.
ACTIONS = ["create", "edit", "submit", "publish", "unpublish", "schedule", "lock", "unlock"]
PAGE_MATRIX = {
    "editor": {"create", "edit", "submit", "lock"},
    "chief": set(ACTIONS),
    "partner_manager": set(),
    "administrator": set(ACTIONS),
}


@pytest.mark.parametrize("role", PAGE_MATRIX)
@pytest.mark.parametrize("kind", ["news", "activity"])
def test_page_permission_matrix(role, kind, role_users, news_index, home):
    if kind == "news":
        parent = news_index
        page = NewsPageFactory(parent=news_index)
    else:
        parent = CampaignPageFactory(parent=home, year=2030, slug="2030")
        page = ActivityPageFactory(parent=parent)
    user = role_users[role]
    expected = PAGE_MATRIX[role]
    page_perms = page.permissions_for_user(user)
    actual = {
        "create": parent.permissions_for_user(user).can_add_subpage(),
        "edit": page_perms.can_edit(),
        # Wagtail checks edit rights separately from the workflow being available.
        "submit": page_perms.can_edit() and page_perms.can_submit_for_moderation(),
        "publish": page_perms.can_publish(),
        "unpublish": page_perms.can_unpublish(),
        "schedule": page_perms.can_publish(),  # scheduling is publishing with a go-live time
        "lock": page_perms.can_lock(),
        "unlock": page_perms.can_unlock(),
    }
    assert {action for action, allowed in actual.items() if allowed} == expected


def test_workflow_covers_news_and_activities_but_not_officers(home, news_index, officer_index):
    campaign = CampaignPageFactory(parent=home)
    activity = ActivityPageFactory(parent=campaign)
    news = NewsPageFactory(parent=news_index)
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert news.get_workflow() == workflow
    assert activity.get_workflow() == workflow
    assert officer_index.get_workflow() is None


@pytest.mark.parametrize(
    "role, allowed",
    [("editor", True), ("chief", True), ("partner_manager", False), ("administrator", True)],
)
def test_create_news_through_the_admin(role, allowed, role_users, client, news_index):
    client.force_login(role_users[role])
    url = reverse("wagtailadmin_pages:add", args=("campaign", "newspage", news_index.pk))
    response = client.post(url, news_form_data("记者节特稿"))
    if allowed:
        assert response.status_code == 302
        page = NewsPage.objects.get(title="记者节特稿")
        assert not page.live
        assert page.slug == "jizhejie-tegao"
    else:
        assert response.status_code in (302, 403)
        assert not NewsPage.objects.filter(title="记者节特稿").exists()


@pytest.mark.parametrize(
    "role, publishes", [("editor", False), ("chief", True), ("administrator", True), ("partner_manager", False)]
)
def test_publish_button_through_the_admin(role, publishes, role_users, client, news_index):
    page = draft_news(news_index, "待发稿")
    client.force_login(role_users[role])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(url, news_form_data("待发稿", slug=page.slug, **{"action-publish": "1"}))
    page.refresh_from_db()
    assert page.live is publishes


@pytest.mark.parametrize("role, schedules", [("editor", False), ("chief", True)])
def test_schedule_through_the_admin(role, schedules, role_users, client, news_index):
    page = draft_news(news_index, "定时稿")
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    client.force_login(role_users[role])
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(url, news_form_data("定时稿", slug=page.slug, go_live_at=when, **{"action-publish": "1"}))
    page.refresh_from_db()
    assert not page.live
    assert page.revisions.filter(approved_go_live_at__isnull=False).exists() is schedules


@pytest.mark.parametrize("role, unpublishes", [("editor", False), ("chief", True), ("partner_manager", False)])
def test_unpublish_through_the_admin(role, unpublishes, role_users, client, news_index):
    page = NewsPageFactory(parent=news_index)
    client.force_login(role_users[role])
    client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    page.refresh_from_db()
    assert page.live is not unpublishes


@pytest.mark.parametrize(
    "role, status", [("editor", 200), ("chief", 200), ("administrator", 200), ("partner_manager", 302)]
)
def test_manage_images(role, status, role_users, client):
    client.force_login(role_users[role])
    response = client.get(reverse("wagtailimages:add_multiple"))
    assert response.status_code == status


@pytest.mark.parametrize("role, can_delete", [("editor", False), ("chief", True), ("administrator", True)])
def test_only_chiefs_and_administrators_change_or_delete_others_images(role, can_delete, role_users):
    from wagtail.images import get_image_model
    from wagtail.images.models import Image
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    someone_elses = Image.objects.create(title="别人的图", file=make_png_file(), description="测试图")
    assert policy.user_has_permission_for_instance(role_users[role], "delete", someone_elses) is can_delete
    assert policy.user_has_permission_for_instance(role_users[role], "change", someone_elses) is can_delete
    own = Image.objects.create(
        title="自己的图", file=make_png_file(), description="测试图", uploaded_by_user=role_users[role]
    )
    assert policy.user_has_permission_for_instance(role_users[role], "change", own)


@pytest.mark.parametrize(
    "role, status", [("editor", 200), ("chief", 200), ("administrator", 200), ("partner_manager", 302)]
)
def test_import_wire_copy_access(role, status, role_users, client, news_index):
    client.force_login(role_users[role])
    response = client.get(reverse("newsroom_import"))
    assert response.status_code == status


def test_partner_manager_can_log_in_but_sees_no_pages(partner_manager, client, news_index):
    client.force_login(partner_manager)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.get(reverse("wagtailadmin_explore", args=(news_index.pk,)))
    assert response.status_code in (302, 403)


def test_page_permissions_live_on_the_tree_root():
    root = Page.get_first_root_node()
    editor = Group.objects.get(name=roles.EDITOR)
    assert set(editor.page_permissions.values_list("page_id", flat=True)) == {root.pk}
