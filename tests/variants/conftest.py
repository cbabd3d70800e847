import pytest
from django.core.cache import cache

from script_variants import markup


@pytest.fixture(autouse=True)
def cold_caches():
    """Each test starts with empty conversion and response caches."""
    cache.clear()
    markup.clear_caches()
    yield
    cache.clear()
    markup.clear_caches()
