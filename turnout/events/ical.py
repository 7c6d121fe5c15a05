"""iCalendar files (RFC 5545, built with ``icalendar``, see decision 0065): one per RSVP (the
attendee's calendar entry) and one feed per organization (its public published events).

Times are in UTC. Each entry's UID is stable (the event's uuid, and the shift for a shift's
entry), SEQUENCE is the event's ``sequence`` (raised by every change), and a cancelled event
(or a cancelled RSVP, in the attendee's own file) has STATUS:CANCELLED so that calendars
that imported it drop it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from . import text
from .models import Attendance, Event

PRODID = "-//Turnout//Events//EN"
ICAL_STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}


def uid(event: Event, shift=None) -> str:
    suffix = f"-shift-{shift.pk}" if shift is not None else ""
    return f"event-{event.uuid}{suffix}@turnout"


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _vevent(
    event: Event,
    *,
    language: str,
    shift=None,
    status: str | None = None,
    private_details: bool = False,
) -> VEvent:
    entry = VEvent()
    entry.add("uid", uid(event, shift))
    entry.add("dtstamp", _utc(timezone.now()))
    entry.add("created", _utc(event.created_at))
    entry.add("last-modified", _utc(event.updated_at))
    entry.add("sequence", event.sequence)
    starts = shift.starts_at if shift is not None else event.starts_at
    ends = shift.ends_at if shift is not None else event.ends_at
    entry.add("dtstart", _utc(starts))
    entry.add("dtend", _utc(ends))
    title = event.title_text(language)
    if shift is not None and shift.label_text(language):
        title = f"{title} · {shift.label_text(language)}"
    entry.add("summary", title)
    url = text.public_url("event", language, slug=event.slug)
    parts = [event.description_text(language)]
    if private_details:
        parts.append(event.instructions_text(language))
        if event.online_url:
            parts.append(event.online_url)
    parts.append(url)
    entry.add("description", "\n\n".join(part for part in parts if part))
    if event.address_text:
        entry.add("location", event.address_text)
    elif private_details and event.online_url:
        entry.add("location", event.online_url)
    if event.has_place:
        entry.add("geo", (event.latitude, event.longitude))
    entry.add("url", url)
    entry.add("status", status or ICAL_STATUS[event.osdi_status])
    entry.add("transp", "OPAQUE")
    return entry


def rsvp_calendar(attendance: Attendance, language: str) -> bytes:
    """The attendee's calendar file: their shift (or the event), with the instructions and
    the online address; cancelled when the event or their RSVP is."""
    event = attendance.event
    status = None
    if attendance.status not in Attendance.ACTIVE:
        status = "CANCELLED"
    elif attendance.status == Attendance.Status.WAITLISTED and event.osdi_status == "confirmed":
        status = "TENTATIVE"
    calendar = _calendar(event.title_text(language))
    calendar.add_component(
        _vevent(
            event,
            language=language,
            shift=attendance.shift,
            status=status,
            private_details=attendance.status == Attendance.Status.GOING,
        )
    )
    return calendar.to_ical()


def feed_calendar(organization, events, language: str) -> bytes:
    calendar = _calendar(organization.name)
    for event in events:
        calendar.add_component(_vevent(event, language=language))
    return calendar.to_ical()
