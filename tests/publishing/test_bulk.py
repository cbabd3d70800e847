"""publishing.bulk: pages added in bulk sit in the tree exactly where Page.add_child would put them."""

import pytest

from campaign.models import NewsPage
from publishing.bulk import bulk_add_children
from tests.factories import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_bulk_added_pages_follow_add_child_in_the_tree(client, news_index):
    first = NewsPageFactory(parent=news_index, title="逐条添加")
    pages = [NewsPage(title=f"批量 {n}", slug=f"bulk-{n}", live=True) for n in range(40)]
    bulk_add_children(news_index, pages)
    after = news_index.add_child(instance=NewsPage(title="之后逐条添加", slug="after", live=True))
    news_index.refresh_from_db()
    children = list(news_index.get_children().order_by("path"))
    assert [page.title for page in children] == ["逐条添加", *(f"批量 {n}" for n in range(40)), "之后逐条添加"]
    assert news_index.numchild == 42
    # Steps are consecutive in treebeard's alphabet (…9, A, B…): the 36th child's step is "0010".
    assert children[35].path == news_index.path + "0010"
    assert first.path < pages[0].path < after.path
    assert NewsPage.objects.get(slug="bulk-39").url_path == f"{news_index.url_path}bulk-39/"
    assert client.get(pages[0].url).status_code == 200
