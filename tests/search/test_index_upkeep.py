"""Publishing re-indexes just that page; Wagtail's own update_index rebuilds the index."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from modelsearch import index as search_index

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


def test_update_index_is_wagtails_and_rebuilds_in_place(news_index):
    pages = [NewsPageFactory(parent=news_index, title=f"鲜花饼{n}") for n in range(3)]
    gone = NewsPageFactory(parent=news_index, title="过期的鲜花饼")
    # The index has an entry the database no longer has an object for.
    with mock.patch.object(search_index, "remove_object"):
        gone.delete()
    out = io.StringIO()
    call_command("update_index", stdout=out)
    output = out.getvalue()
    assert "campaign.NewsPage" in output
    assert "(Chinese-segmented)" in output
    assert sorted(page.pk for page in search_pages("鲜花饼")) == sorted(page.pk for page in pages)
    assert search_pages("过期") == []


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_update_index_shows_a_tqdm_bar_per_model_on_a_terminal(news_index, monkeypatch):
    for n in range(3):
        NewsPageFactory(parent=news_index, title=f"鲜花饼{n}")
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("update_index", stdout=io.StringIO())
    bars = terminal.getvalue()
    assert "索引 新闻: 100%" in bars
    assert "3/3" in bars
    # Not a terminal (logs, CI): no bar.
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    call_command("update_index", stdout=io.StringIO())
    assert "索引" not in plain.getvalue()
