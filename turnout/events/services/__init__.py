"""Writes of the events app: events and proposals (``events``), RSVPs and the waiting list
(``rsvp``), check-in (``checkin``), reminders (``reminders``), messages (``notify``)."""

from .checkin import checkin
from .events import (
    ShiftInput,
    event_approve,
    event_cancel,
    event_create,
    event_propose,
    event_publish,
    event_reject,
    event_update,
)
from .rsvp import rsvp_cancel, rsvp_create, waitlist_position

__all__ = [
    "ShiftInput",
    "checkin",
    "event_approve",
    "event_cancel",
    "event_create",
    "event_propose",
    "event_publish",
    "event_reject",
    "event_update",
    "rsvp_cancel",
    "rsvp_create",
    "waitlist_position",
]
