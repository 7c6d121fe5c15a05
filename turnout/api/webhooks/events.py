"""The event types a subscription may choose, with their labels and what they are about."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    help: str


EVENT_TYPES: dict[str, EventType] = {
    e.code: e
    for e in [
        EventType("person.created", _("Person created"), _("A new person in the CRM.")),
        EventType(
            "person.updated", _("Person updated"), _("A person's details or contacts changed.")
        ),
        EventType(
            "person.merged",
            _("People merged"),
            _("Two records became one; the payload names the one that was merged away."),
        ),
        EventType(
            "person.erased",
            _("Person erased"),
            _("A person's data was erased: only their identifiers are sent."),
        ),
        EventType(
            "action.taken",
            _("Action taken"),
            _("A petition signature or a form submission (once confirmed)."),
        ),
        EventType("donation.succeeded", _("Donation paid"), _("A donation was paid.")),
        EventType("donation.refunded", _("Donation refunded"), _("A donation was refunded.")),
        EventType(
            "attendance.created",
            _("RSVP to an event"),
            _("Someone answered an event (going or on the waiting list)."),
        ),
        EventType(
            "opt_out",
            _("Opt-out"),
            _("Someone unsubscribed from emails or text messages, or asked not to be contacted."),
        ),
    ]
}

#: Sent only by the "Send a test" button, to one subscription.
PING = "ping"


def event_type_choices() -> list[tuple[str, str]]:
    return [(e.code, e.label) for e in EVENT_TYPES.values()]


def event_label(code: str) -> str:
    if code == PING:
        return str(_("Test"))
    found = EVENT_TYPES.get(code)
    return str(found.label) if found else code
