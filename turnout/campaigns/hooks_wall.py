"""Hooks of the wall area: importing the reminders registers the hourly run that sends the
election reminders pledgers asked for (``turnout.core.periodic``)."""

from . import reminders  # noqa: F401
