"""How events read: dates in the event's own time zone and the reader's language, the place
in one line, and the public addresses of an RSVP (ticket, calendar file, cancel link)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation

from .models import Attendance, Event


def local(moment, zone: str):
    return moment.astimezone(ZoneInfo(zone or settings.TIME_ZONE))


def when_text(starts_at, ends_at, zone: str) -> str:
    """ "Tuesday 24 November 2026, 18:00–20:00" in the active language, in ``zone``; an
    event over several days names both days."""
    start, end = local(starts_at, zone), local(ends_at, zone)
    day = formats.date_format(start, "l j F Y")
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}–{end:%H:%M}"
    return f"{day}, {start:%H:%M} – {formats.date_format(end, 'l j F Y')}, {end:%H:%M}"


def event_when(event: Event) -> str:
    return when_text(event.starts_at, event.ends_at, event.time_zone)


def attendance_when(attendance: Attendance) -> str:
    return when_text(attendance.starts_at, attendance.ends_at, attendance.event.time_zone)


def public_url(name: str, language: str | None = None, **kwargs) -> str:
    """An absolute public address in ``language`` (default: the active one)."""
    with translation.override(language or translation.get_language() or "fr"):
        return settings.SITE_URL + reverse(f"events_public:{name}", kwargs=kwargs)


def rsvp_links(attendance: Attendance, language: str | None = None) -> dict:
    token = attendance.token
    return {
        "ticket": public_url("rsvp", language, token=token),
        "ics": public_url("rsvp_ics", language, token=token),
        "cancel": public_url("rsvp_cancel", language, token=token),
    }


def checkin_url(attendance: Attendance) -> str:
    """What the attendee's QR code says: the organizers' check-in page for this RSVP."""
    with translation.override(attendance.language or settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse(
            "events:checkin_one",
            kwargs={
                "org_slug": attendance.event.organization.slug,
                "attendance_token": attendance.token,
            },
        )
