"""Events and attendances (RSVPs) as OSDI dicts."""

from __future__ import annotations

from turnout.events.models import Attendance, Event

from ...osdi.links import LinkContext, identifiers_of, iso
from ..common import links, person_link, public_url


def _location(event: Event) -> dict:
    location = {
        "venue": event.venue,
        "address_lines": [line for line in event.address_lines.splitlines() if line.strip()],
        "locality": event.locality,
        "region": event.region,
        "postal_code": event.postal_code,
        "country": event.country,
    }
    if event.has_place:
        location["location"] = {"latitude": event.latitude, "longitude": event.longitude}
    return location


def event_representation(event: Event, ctx: LinkContext) -> dict:
    """An OSDI event. ``total_accepted`` when the selector annotated it."""
    data = {
        "identifiers": identifiers_of(ctx, event.uuid),
        "created_date": iso(event.created_at),
        "modified_date": iso(event.updated_at),
        "origin_system": "Turnout",
        "name": event.slug,
        "title": event.title_text(),
        "description": event.description_text(),
        "instructions": event.instructions_text(),
        "start_date": iso(event.starts_at),
        "end_date": iso(event.ends_at),
        "status": event.osdi_status,
        "visibility": event.osdi_visibility,
        "type": "open",
        "capacity": event.capacity,
        "waitlist": event.waitlist,
        "location": _location(event),
    }
    if event.online_url:
        data["online_url"] = event.online_url
    if hasattr(event, "total_accepted"):
        data["total_accepted"] = event.total_accepted
    if event.status == Event.Status.PUBLISHED and event.visibility == Event.Visibility.PUBLIC:
        data["browser_url"] = public_url(ctx, "events_public:event", event.slug)
    data["_links"] = {
        "self": ctx.link("event", event.uuid),
        "osdi:attendances": ctx.link("event-attendances", event.uuid),
        "osdi:record_attendance_helper": ctx.link("event-record-attendance", event.uuid),
    }
    return data


def attendance_representation(attendance: Attendance, ctx: LinkContext) -> dict:
    """An OSDI attendance: ``accepted`` (going), ``tentative`` (on the waiting list) or
    ``declined`` (cancelled). Needs ``attendance.event`` and ``attendance.person``."""
    event_uuid = attendance.event.uuid
    data = {
        "identifiers": identifiers_of(ctx, attendance.pk),
        "created_date": iso(attendance.created_at),
        "modified_date": iso(attendance.updated_at),
        "origin_system": "Turnout",
        "status": attendance.osdi_status,
        "waitlisted": attendance.status == Attendance.Status.WAITLISTED,
        "attended": attendance.attended_at is not None,
    }
    if attendance.shift_id:
        data["shift"] = attendance.shift_id
    data["_links"] = links(
        self=ctx.link("event-attendance", event_uuid, attendance.pk),
        osdi__event=ctx.link("event", event_uuid),
        osdi__person=person_link(ctx, attendance.person),
    )
    return data
