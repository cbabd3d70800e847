import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import nested_form_data, streamfield

from newsroom import roles


def make_user(django_user_model, username, group_name=None, **extra):
    user = django_user_model.objects.create_user(username=username, password="pass-1234-abcd", **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_user(django_user_model, "editor", roles.EDITOR, first_name="小编")


@pytest.fixture
def chief(db, django_user_model):
    return make_user(django_user_model, "chief", roles.CHIEF_EDITOR, first_name="主任")


@pytest.fixture
def partner_manager(db, django_user_model):
    return make_user(django_user_model, "partners", roles.PARTNER_MANAGER)


@pytest.fixture
def administrator(db, django_user_model):
    return make_user(django_user_model, "administrator", roles.ADMINISTRATOR)


@pytest.fixture
def role_users(editor, chief, partner_manager, administrator):
    return {"editor": editor, "chief": chief, "partner_manager": partner_manager, "administrator": administrator}


def news_form_data(title="测试新闻", slug="", **overrides):
    """POST data for the NewsPage admin form, as the browser sends it."""
    data = {
        "title": title,
        "slug": slug,
        "subtitle": "",
        "source": "昆明信息港",
        "author": "",
        "published_at": "2026-09-01 09:00",
        "import_warnings": "",
        "lead": "导语。",
        "hero_image": "",
        "body": streamfield([]),
        "tags": "",
        "campaign": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def draft_news(parent, title="草稿新闻", **fields):
    """A never-published news item, as an editor leaves it after saving a draft."""
    from campaign.models import NewsPage

    page = parent.add_child(instance=NewsPage(title=title, live=False, lead="导语。", **fields))
    page.save_revision()
    return page
