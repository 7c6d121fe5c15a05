"""Messaging tests run on a Tuesday morning in Paris, inside the default sending hours, so
that what they send is not held back by quiet hours (tests about quiet hours set their own
time). The clock ticks: code that measures durations still sees time pass."""

from turnout.core.tests.clock import clock  # noqa: F401
