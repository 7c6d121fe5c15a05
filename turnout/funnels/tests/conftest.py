import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_ladder_cache():
    """The cached ladder lives outside the database that each test rolls back."""
    cache.clear()
    yield
    cache.clear()
