"""The judged query set over the demo content: every expected page in the
top 10, nothing unexpected in the top 3 for names, nothing for the queries
that should find nothing. Runs on SQLite and, with DATABASE_URL, PostgreSQL."""

import pytest
from django.core.management import call_command

from search.evaluation import evaluate
from search.judged_queries import JUDGED_QUERIES
from search.query import search_pages


@pytest.fixture
def indexed_demo(demo):
    call_command("update_index", verbosity=0)
    return demo


def slugs(query, **kwargs):
    return [page.slug for page in search_pages(query, **kwargs)]


def test_query_set_is_big_and_varied():
    kinds = {kind for _query, kind, _expected in JUDGED_QUERIES}
    assert len(JUDGED_QUERIES) >= 40
    assert {"name", "title", "word", "traditional", "single", "number", "mixed", "none"} <= kinds


@pytest.mark.django_db
def test_judged_queries(indexed_demo):
    result = evaluate(slugs)
    assert result["failures"] == []
    assert result["recall"] == 1.0

    # The "done when" queries put the page titled with them first.
    for query, first in [
        ("小小质量官", "little-quality-officers-camp"),
        ("春城质量官", "officers"),
        ("夏嘉伟", "xia-jiawei"),
        ("質量月", "quality-month-publicity"),
        ("连连看", "kunming-brands-lianliankan"),
        ("论坛", "quality-empowers-industry-forum"),
    ]:
        assert slugs(query)[0] == first, query
    assert "little-quality-officers-camp" in slugs("0871-65392426")

    check_queryset_narrows_to_a_model()


def check_queryset_narrows_to_a_model():
    from campaign.models import NewsPage, OfficerPage

    assert slugs("夏嘉伟", queryset=OfficerPage.objects.all()) == ["xia-jiawei"]
    assert slugs("夏嘉伟", queryset=NewsPage.objects.all()) == ["2022-quality-month-launch"]
    results = search_pages("质量", queryset=NewsPage.objects.all())
    assert results and all(isinstance(page, NewsPage) for page in results)
