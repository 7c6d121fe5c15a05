"""Journey tests run on a Tuesday morning in Paris (inside the default sending hours), with a
ticking frozen clock that tests move (``clock.move_to``) to let waits end. The per-process
trigger cache starts empty in every test."""

import pytest

from turnout.core.tests.clock import clock  # noqa: F401
from turnout.journeys import triggers


@pytest.fixture(autouse=True)
def _fresh_trigger_cache(settings):
    settings.TURNOUT_JOURNEYS_WAKE_SECONDS = 0
    triggers.cache_clear()
    yield
    triggers.cache_clear()
