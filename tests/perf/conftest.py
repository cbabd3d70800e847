import pytest
from django.core.cache import cache


@pytest.fixture
def response_cache(settings):
    """The whole-response cache switched on, starting empty (it is off elsewhere in tests)."""
    settings.RESPONSE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()
