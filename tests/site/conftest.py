import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def clear_cache():
    """Site root paths and renditions are cached; each test starts cold."""
    cache.clear()
    yield
    cache.clear()
