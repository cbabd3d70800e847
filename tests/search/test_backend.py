"""The search backend through Wagtail's interface, in the style of Wagtail's
own backend tests (wagtail/search/tests/test_backends.py): index, update,
delete, search, filter, order, autocomplete and rebuild, on both databases."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from modelsearch.backends.base import FilterFieldError
from modelsearch.query import MATCH_ALL, And, Boost, Not, Or, Phrase, PlainText
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from campaign.models import NewsPage, OfficerPage, Organisation
from search.backends import SearchBackend
from tests.factories import NewsPageFactory, OfficerPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    backend = get_search_backend()
    assert isinstance(backend, SearchBackend)  # registered the documented way
    return backend


@pytest.fixture
def books(news_index):
    """Three news items a day apart, newest last."""
    now = timezone.now()
    day = datetime.timedelta(days=1)
    return [
        NewsPageFactory(
            parent=news_index, title="鲜花饼的历史", lead="云南名点。", author="甲", published_at=now - 2 * day
        ),
        NewsPageFactory(parent=news_index, title="普洱茶", lead="配鲜花饼喝。", author="乙", published_at=now - day),
        NewsPageFactory(parent=news_index, title="过桥米线", lead="昆明的早点。", author="甲", published_at=now),
    ]


def titles(results):
    return [obj.title for obj in results]


def test_search_finds_chinese_words_title_first(backend, books):
    results = backend.search("鲜花饼", NewsPage)
    assert titles(results) == ["鲜花饼的历史", "普洱茶"]
    assert results.count() == 2
    assert titles(backend.search("昆明 早点", NewsPage)) == ["过桥米线"]  # every word
    assert titles(backend.search("龙井", NewsPage)) == []


def test_search_through_the_queryset_api(books):
    assert titles(NewsPage.objects.search("普洱")) == ["普洱茶"]
    # Page.objects.search() finds the specific types through the base model.
    assert [page.pk for page in Page.objects.search("米线")] == [books[2].pk]


def test_index_update_and_delete(backend, books):
    NewsPage.objects.filter(pk=books[1].pk).update(title="滇红", lead="茶。")
    page = NewsPage.objects.get(pk=books[1].pk)
    backend.add(page)
    assert titles(backend.search("普洱", NewsPage)) == []
    assert titles(backend.search("滇红", NewsPage)) == ["滇红"]
    backend.delete(page)
    assert titles(backend.search("滇红", NewsPage)) == []


def test_saving_and_deleting_keep_the_index_up_to_date(backend):
    organisation = OrganisationFactory(name="昆明市市场监督管理局")
    assert list(backend.search("监督", Organisation)) == [organisation]
    organisation.name = "云南省质量协会"
    organisation.save()
    assert list(backend.search("监督", Organisation)) == []
    assert list(backend.search("质量协会", Organisation)) == [organisation]
    organisation.delete()
    assert list(backend.search("质量协会", Organisation)) == []


def test_filters_come_from_the_queryset(backend, books, officer_index):
    OfficerPageFactory(parent=officer_index, title="鲜花饼师傅", appointed_year=2021)
    yesterday = books[1].published_at
    assert titles(backend.search("鲜花饼", NewsPage.objects.filter(published_at__gte=yesterday))) == ["普洱茶"]
    assert titles(backend.search("鲜花饼", OfficerPage.objects.filter(appointed_year=2021))) == ["鲜花饼师傅"]
    assert titles(backend.search("鲜花饼", OfficerPage.objects.filter(appointed_year=2020))) == []
    # Filtering on a field that is not a FilterField is refused, as in Wagtail.
    with pytest.raises(FilterFieldError):
        backend.search("鲜花饼", NewsPage.objects.filter(source="昆明日报"))


def test_order_by_a_filter_field_instead_of_relevance(backend, books):
    queryset = NewsPage.objects.order_by("published_at")
    results = backend.search("鲜花饼", queryset, order_by_relevance=False)
    assert titles(results) == ["鲜花饼的历史", "普洱茶"]
    results = backend.search("鲜花饼", NewsPage.objects.order_by("-published_at"), order_by_relevance=False)
    assert titles(results) == ["普洱茶", "鲜花饼的历史"]
    assert results.count() == 2


def test_slicing_counting_and_scores(backend, books):
    results = backend.search("鲜花饼", NewsPage)
    assert titles(results[1:]) == ["普洱茶"]
    assert results[1:].count() == 1
    assert results[0].title == "鲜花饼的历史"
    scored = list(backend.search("鲜花饼", NewsPage).annotate_score("_score"))
    assert scored[0]._score > scored[1]._score


def test_fields_operator_and_query_objects(backend, books):
    assert titles(backend.search("鲜花饼", NewsPage, fields=["title"])) == ["鲜花饼的历史"]
    assert sorted(titles(backend.search("普洱 米线", NewsPage, operator="or"))) == ["普洱茶", "过桥米线"]
    assert titles(backend.search("普洱 米线", NewsPage)) == []
    assert titles(backend.search(Phrase("过桥米线"), NewsPage)) == ["过桥米线"]
    assert titles(backend.search(Boost(PlainText("米线"), 2.0), NewsPage)) == ["过桥米线"]
    assert backend.search(MATCH_ALL, NewsPage).count() == 3
    # Punctuation only: nothing searchable, nothing found, no error.
    assert list(backend.search("《》！", NewsPage)) == []


def test_autocomplete_matches_prefixes(backend):
    OrganisationFactory(name="Kunming Daily 昆明日报")
    assert [o.name for o in backend.autocomplete("Kunm", Organisation)] == ["Kunming Daily 昆明日报"]
    assert [o.name for o in backend.autocomplete("昆", Organisation)] == ["Kunming Daily 昆明日报"]
    assert list(backend.autocomplete("Kunx", Organisation)) == []


def test_traditional_script_and_full_width_queries_match(backend, books):
    assert titles(backend.search("鮮花餅", NewsPage)) == ["鲜花饼的历史", "普洱茶"]
    OrganisationFactory(name="ABC质量")
    assert [o.name for o in backend.search("ａｂｃ", Organisation)] == ["ABC质量"]


def test_rebuild_with_wagtails_update_index(backend, books):
    backend.reset_indexes()
    assert titles(backend.search("鲜花饼", NewsPage)) == []
    call_command("update_index", verbosity=0)
    assert titles(backend.search("鲜花饼", NewsPage)) == ["鲜花饼的历史", "普洱茶"]


def test_not_queries_exclude_their_matches(backend, books):
    # An And of terms and negations: ranked by the terms, without the negated ones.
    query = And([PlainText("鲜花饼"), Not(PlainText("普洱"))])
    assert titles(backend.search(query, NewsPage)) == ["鲜花饼的历史"]
    assert backend.search(query, NewsPage).count() == 1
    # A negation alone, or inside an Or: a filter in the queryset's order.
    alone = backend.search(Not(PlainText("鲜花饼")), NewsPage.objects.order_by("published_at"))
    assert titles(alone) == ["过桥米线"]
    either = backend.search(Or([PlainText("普洱"), Not(PlainText("鲜花饼"))]), NewsPage.objects.order_by("title"))
    assert sorted(titles(either)) == sorted(["普洱茶", "过桥米线"])
    # Negations nest, and work with order_by_relevance=False and the fields limit.
    nested = Not(Or([PlainText("米线"), Not(PlainText("普洱"))]))
    assert titles(backend.search(nested, NewsPage)) == ["普洱茶"]
    unordered = backend.search(query, NewsPage.objects.order_by("-published_at"), order_by_relevance=False)
    assert titles(unordered) == ["鲜花饼的历史"]
    in_titles = backend.search(And([PlainText("鲜花饼"), Not(PlainText("历史"))]), NewsPage, fields=["title"])
    assert titles(in_titles) == []
    assert titles(NewsPage.objects.search(query)) == ["鲜花饼的历史"]
    # Not(MATCH_ALL) finds nothing.
    assert list(backend.search(Not(MATCH_ALL), NewsPage)) == []
