"""Publishing re-indexes just that page; update_index shows a progress bar."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from modelsearch import index as search_index

from search.management.commands.update_index import progress_bar
from search.query import search_pages
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_publishing_updates_the_index_for_that_page_only(news_index):
    other = NewsPageFactory(parent=news_index, title="另一篇鲜花饼")
    page = NewsPageFactory(parent=news_index, title="鲜花饼")
    page.title = "普洱茶"
    revision = page.save_revision()

    with mock.patch.object(
        search_index, "insert_or_update_object", wraps=search_index.insert_or_update_object
    ) as indexed:
        revision.publish()

    indexed_pks = {call.args[0].pk for call in indexed.call_args_list}
    assert indexed_pks == {page.pk}
    assert search_pages("普洱茶") == [page]
    assert search_pages("鲜花饼") == [other]


def test_unpublishing_hides_at_once(news_index):
    page = NewsPageFactory(parent=news_index, title="鲜花饼")
    page.unpublish()
    assert search_pages("鲜花饼") == []


def test_update_index_shows_a_progress_bar(news_index):
    for _ in range(3):
        NewsPageFactory(parent=news_index)
    out = io.StringIO()
    call_command("update_index", stdout=out)
    output = out.getvalue()
    assert "campaign.NewsPage" in output
    assert "[" + "#" * 30 + "]  3/3  100%" in output
    assert "(Chinese-segmented)" in output


def test_progress_bar_text():
    assert progress_bar(0, 4, width=4) == "[----]  0/4  0%"
    assert progress_bar(2, 4, width=4) == "[##--]  2/4  50%"
    assert progress_bar(9, 4, width=4) == "[####]  4/4  100%"
    assert progress_bar(0, 0, width=4) == "[----]  0/0"
