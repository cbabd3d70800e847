import pytest
from django.core.cache import cache

from publishing.templatetags import fragment_cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Site root paths and renditions are cached; each test starts cold."""
    cache.clear()
    fragment_cache.clear()  # the {% picture %} HTML this process remembers
    yield
    cache.clear()
    fragment_cache.clear()


@pytest.fixture
def reader_site(demo, live_server, settings):
    """The demo on a live server with media served, every absolute link on it (axe and Lighthouse checks)."""
    settings.ROOT_URLCONF = "tests.site.browser_urls"
    settings.BASE_URL = live_server.url
    return live_server.url
