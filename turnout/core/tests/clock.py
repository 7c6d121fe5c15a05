"""A frozen, ticking clock on a Tuesday morning in Paris, inside the default sending hours, so
that what tests send is not held back by quiet hours (tests about quiet hours set their own
time). The clock ticks: code that measures durations still sees time pass.

A test package opts in by importing ``clock`` into its conftest; the ``real_clock`` marker
opts a single test out."""

import pytest
from freezegun import freeze_time

TUESDAY_MORNING_PARIS = "2026-11-24 10:00:00+01:00"


@pytest.fixture(autouse=True)
def clock(request):
    """The frozen clock; ``clock.move_to("2026-11-29 10:00+01:00")`` travels."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    with freeze_time(TUESDAY_MORNING_PARIS, tick=True) as frozen:
        yield frozen
