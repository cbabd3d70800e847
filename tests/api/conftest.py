import pytest
from django.core.cache import cache
from wagtail.models import Collection, CollectionViewRestriction
from wagtail_factories import ImageFactory

from tests.factories import CampaignPageFactory, NewsPageFactory


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    """Each test starts with empty rate-limit counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def image(db):
    return ImageFactory(title="主图", file__width=1200, file__height=800, focal_point_x=600, focal_point_y=400)


@pytest.fixture
def private_image(db):
    root = Collection.get_first_root_node()
    collection = root.add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return ImageFactory(title="内部图片", collection=collection)


@pytest.fixture
def campaign(home):
    return CampaignPageFactory(parent=home, year=2022, slug="2022", title="2022年昆明市全国“质量月”")


@pytest.fixture
def news(news_index, campaign, image):
    item = NewsPageFactory(parent=news_index, title="公开新闻", slug="public-news", campaign=campaign, hero_image=image)
    item.tags.add("质量月")
    item.save_revision().publish()
    item.refresh_from_db()
    return item


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response):
    return {item["id"] for item in results(response)}
