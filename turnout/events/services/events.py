"""Writing events: create, update (with their shifts), publish, cancel; a volunteer's
proposal and the organizers' answer to it.

Every write that changes what people's calendars show (time, place, status, shifts) raises
``sequence`` (the iCalendar SEQUENCE). Changes that free places (more capacity, a new shift
place) promote people from the waiting list, under the same event lock as RSVPs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from turnout.actions.models import LANGUAGES
from turnout.core.audit import audit_record

from ..exceptions import EventError
from ..models import Attendance, Event, Shift
from . import notify

TEXT_FIELDS = ("title", "description", "instructions")
EVENT_FIELDS = (
    *TEXT_FIELDS,
    "visibility",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "address_lines",
    "postal_code",
    "locality",
    "region",
    "country",
    "latitude",
    "longitude",
    "online_url",
    "capacity",
    "waitlist",
    "remind_email",
    "remind_sms",
    "host",
    "campaign",
)
PLACE_TEXT_FIELDS = ("venue", "address_lines", "postal_code", "locality", "region", "online_url")
# Changes that calendars and attendees must hear about.
CALENDAR_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue",
    "address_lines",
    "postal_code",
    "locality",
    "latitude",
    "longitude",
    "online_url",
)
NOTIFY_FIELDS = ("starts_at", "ends_at", "venue", "address_lines", "postal_code", "locality")


@dataclass
class ShiftInput:
    """One shift as a form gives it: ``pk`` None for a new one; ``remove`` to delete it."""

    starts_at: datetime | None
    ends_at: datetime | None
    label: dict = field(default_factory=dict)
    capacity: int | None = None
    pk: int | None = None
    remove: bool = False


# --- Checks (shared by the forms and the services) -------------------------------------------


def _texts(values: dict | None) -> dict:
    values = values or {}
    return {code: str(values.get(code) or "").strip() for code in LANGUAGES if values.get(code)}


def capacity_error(value) -> str:
    if value is not None and value < 1:
        return _("Enter at least 1 place, or leave it empty for no limit.")
    return ""


def event_check(fields: dict) -> dict[str, list[str]]:
    """What is wrong with an event's fields, by field name (empty: nothing)."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if "title" in fields and not _texts(fields["title"]):
        add("title_fr", _("Give the event a title in at least one language."))
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts is None:
        add("starts_at", _("Say when the event starts."))
    if ends is None:
        add("ends_at", _("Say when the event ends."))
    if starts is not None and ends is not None and ends <= starts:
        add("ends_at", _("The event must end after it starts."))
    message = capacity_error(fields.get("capacity"))
    if message:
        add("capacity", message)
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if (latitude is None) != (longitude is None):
        add("latitude", _("Give both the latitude and the longitude, or neither."))
    if latitude is not None and not -90 <= latitude <= 90:
        add("latitude", _("A latitude is between -90 and 90."))
    if longitude is not None and not -180 <= longitude <= 180:
        add("longitude", _("A longitude is between -180 and 180."))
    return errors


def shift_check(shift: ShiftInput, *, starts_at, ends_at) -> dict[str, list[str]]:
    """What is wrong with one shift of an event running from ``starts_at`` to ``ends_at``."""
    errors: dict[str, list[str]] = {}
    if shift.remove:
        return errors
    if shift.starts_at is None:
        errors["starts_at"] = [_("Say when the shift starts.")]
    if shift.ends_at is None:
        errors["ends_at"] = [_("Say when the shift ends.")]
    if shift.starts_at and shift.ends_at:
        if shift.ends_at <= shift.starts_at:
            errors["ends_at"] = [_("The shift must end after it starts.")]
        elif starts_at and ends_at and (shift.starts_at < starts_at or shift.ends_at > ends_at):
            errors["starts_at"] = [_("A shift must fit within the event's start and end.")]
    message = capacity_error(shift.capacity)
    if message:
        errors["capacity"] = [message]
    return errors


def _check(fields: dict, shifts: list[ShiftInput]) -> None:
    errors = event_check(fields)
    for index, shift in enumerate(shifts):
        for name, messages in shift_check(
            shift, starts_at=fields.get("starts_at"), ends_at=fields.get("ends_at")
        ).items():
            errors.setdefault(f"shifts-{index}-{name}", []).extend(messages)
    if errors:
        raise EventError(errors)


def slug_free(base: str, *, exclude_pk: int | None = None) -> str:
    """``base`` (slugified, 80 characters at most) or ``base-2``, ``base-3``... when taken."""
    base = slugify(base)[:70].strip("-") or "event"
    taken = Event.objects.filter(slug__startswith=base)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    used = set(taken.values_list("slug", flat=True))
    slug, number = base, 1
    while slug in used:
        number += 1
        slug = f"{base}-{number}"
    return slug


# --- Create, update, shifts ------------------------------------------------------------------


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown event fields: {sorted(unknown)}")
    fields = dict(fields)
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = _texts(fields[name])
    for name in PLACE_TEXT_FIELDS:
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    if "country" in fields:
        fields["country"] = (fields["country"] or "").strip().upper()[:2]
    return fields


def _new_event(organization, actor, fields: dict, shifts, slug: str, *, status: str) -> Event:
    fields = _clean_fields(fields)
    _check(fields, list(shifts))
    title = next(iter(fields.get("title", {}).values()), "")
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = Event.objects.create(
        organization=organization,
        slug=slug_free(slug or title),
        status=status,
        created_by=user,
        proposed_by=user if status == Event.Status.AWAITING else None,
        **fields,
    )
    _shifts_save(event, list(shifts))
    return event


@transaction.atomic
def event_create(
    *, organization, actor, fields: dict, shifts: list[ShiftInput] = (), slug: str = ""
) -> Event:
    """A new draft event (organizers). Raises EventError with messages by field."""
    event = _new_event(organization, actor, fields, shifts, slug, status=Event.Status.DRAFT)
    audit_record(organization=organization, actor=actor, action="event.create", target=event)
    return event


def _shifts_save(event: Event, shifts: list[ShiftInput]) -> bool:
    """Add, change and remove the event's shifts; True when anything changed. A shift that
    people still signed up for cannot be removed."""
    existing = {s.pk: s for s in Shift.objects.filter(event=event)}
    changed = False
    for shift in shifts:
        row = existing.get(shift.pk) if shift.pk else None
        if shift.pk and row is None:
            raise EventError(_("This shift is not part of the event any more. Reload the page."))
        if shift.remove:
            if row is None:
                continue
            active = Attendance.objects.filter(shift=row, status__in=Attendance.ACTIVE).count()
            if active:
                raise EventError(
                    _(
                        "The shift “%(shift)s” has %(count)s people signed up: it cannot be "
                        "removed. Cancel their sign-ups first or keep the shift."
                    )
                    % {"shift": row, "count": active}
                )
            row.delete()
            changed = True
            continue
        values = {
            "label": _texts(shift.label),
            "starts_at": shift.starts_at,
            "ends_at": shift.ends_at,
            "capacity": shift.capacity,
        }
        if row is None:
            Shift.objects.create(event=event, **values)
            changed = True
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            changed = True
    return changed


@transaction.atomic
def event_update(
    *, event: Event, actor, fields: dict, shifts: list[ShiftInput] = (), slug: str | None = None
) -> list[str]:
    """Change an event and its shifts. The address (slug) changes only while the event was
    never published. People going are told when the time or place of a published event
    changes; freed places go to the waiting list. Returns the changed field names."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    fields = _clean_fields(fields)
    merged = {name: getattr(event, name) for name in EVENT_FIELDS}
    merged.update(fields)
    _check(merged, list(shifts))
    changed = [name for name, value in fields.items() if getattr(event, name) != value]
    for name in changed:
        setattr(event, name, fields[name])
    if slug and slug != event.slug and event.published_at is None:
        event.slug = slug_free(slug, exclude_pk=event.pk)
        changed.append("slug")
    shifts_changed = _shifts_save(event, list(shifts))
    if shifts_changed:
        changed.append("shifts")
    if not changed:
        return []
    if shifts_changed or any(name in CALENDAR_FIELDS for name in changed):
        event.sequence += 1
    event.save()
    audit_record(
        organization=event.organization,
        actor=actor,
        action="event.update",
        target=event,
        data={"fields": changed},
    )
    if event.status == Event.Status.PUBLISHED:
        from .rsvp import waitlist_promote

        waitlist_promote(event=event)
        if any(name in NOTIFY_FIELDS for name in changed):
            notify.event_changed(event=event)
    return changed


# --- Status: publish, cancel -----------------------------------------------------------------


def _set_status(event: Event, status: str, **values) -> Event:
    event.status = status
    for name, value in values.items():
        setattr(event, name, value)
    event.sequence += 1
    event.save()
    return event


@transaction.atomic
def event_publish(*, event: Event, actor) -> Event:
    """Open the event to RSVPs (organizers)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.PUBLISHED:
        return event
    if event.status == Event.Status.CANCELLED:
        raise EventError(_("A cancelled event cannot be published again: create a new one."))
    if event.ends_at <= timezone.now():
        raise EventError(_("This event is over: it cannot be published."))
    _set_status(event, Event.Status.PUBLISHED, published_at=event.published_at or timezone.now())
    audit_record(organization=event.organization, actor=actor, action="event.publish", target=event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor, reason: str = "") -> Event:
    """Cancel the event: its page says so, calendars drop it, and everyone going or waiting
    is told (by email, and by SMS when they agreed to texts about events)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        return event
    was_published = event.status == Event.Status.PUBLISHED
    _set_status(
        event,
        Event.Status.CANCELLED,
        cancelled_at=timezone.now(),
        cancel_reason=(reason or "").strip(),
    )
    audit_record(
        organization=event.organization,
        actor=actor,
        action="event.cancel",
        target=event,
        data={"reason": event.cancel_reason[:200]},
    )
    if was_published and event.ends_at > timezone.now():
        notify.event_cancelled(event=event)
    return event


# --- Volunteers' proposals ---------------------------------------------------------------------


@transaction.atomic
def event_propose(
    *, organization, actor, fields: dict, shifts: list[ShiftInput] = (), slug: str = ""
) -> Event:
    """A member (a volunteer, typically) proposes an event they would host; it waits for an
    organizer's approval, and the organizers are told by email."""
    event = _new_event(organization, actor, fields, shifts, slug, status=Event.Status.AWAITING)
    audit_record(organization=organization, actor=actor, action="event.propose", target=event)
    notify.proposal_submitted(event=event)
    return event


def _awaiting(event: Event) -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.AWAITING:
        raise EventError(_("This proposal was answered already."))
    return event


@transaction.atomic
def event_approve(*, event: Event, actor) -> Event:
    """Approve a proposal: it is published at once and its proposer is told."""
    event = _awaiting(event)
    if event.ends_at <= timezone.now():
        raise EventError(_("This event is over: it cannot be published."))
    now = timezone.now()
    _set_status(
        event,
        Event.Status.PUBLISHED,
        approved_by=actor,
        approved_at=now,
        published_at=now,
        review_note="",
    )
    audit_record(organization=event.organization, actor=actor, action="event.approve", target=event)
    notify.proposal_answered(event=event, approved=True)
    return event


@transaction.atomic
def event_reject(*, event: Event, actor, reason: str) -> Event:
    """Turn a proposal down, saying why (the proposer reads the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise EventError({"reason": [_("Say why, so the person who proposed it understands.")]})
    event = _awaiting(event)
    _set_status(event, Event.Status.REJECTED, approved_by=actor, review_note=reason)
    audit_record(
        organization=event.organization,
        actor=actor,
        action="event.reject",
        target=event,
        data={"reason": reason[:200]},
    )
    notify.proposal_answered(event=event, approved=False)
    return event
