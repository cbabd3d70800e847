"""People are shown by 姓名 (family name first, no space) across the admin (#16)."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from newsroom.names import full_name
from tests.newsroom.conftest import draft_news


def test_chinese_names_read_family_name_first():
    assert full_name("小编", "李") == "李小编"
    assert full_name("明", "叶") == "叶明"
    assert full_name("嘉伟", "") == "嘉伟"
    assert full_name("Ada", "Lovelace") == "Ada Lovelace"
    assert full_name("", "") == ""


@pytest.mark.django_db
def test_the_admin_shows_people_by_their_chinese_name(client, news_index, editor, chief):
    editor.last_name = "李"
    editor.save()
    page = draft_news(news_index, title="姓名显示", owner=editor)
    Workflow.objects.get(active=True).start(page, editor)
    client.force_login(chief)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "李小编" in html
    assert "小编 李" not in html
    listing = client.get(reverse("wagtailadmin_explore", args=(news_index.pk,))).content.decode()
    assert "李小编" in listing
