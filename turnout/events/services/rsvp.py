"""RSVPs: taking one (person upsert with consent, places under a lock), cancelling one, and
serving the waiting list in order.

Lock order: the event row, then attendance rows. Every write that takes or frees a place
(an RSVP, a cancellation, an organizer's change of places) first locks the event row, so two
RSVPs for the last place are decided one after the other: the second one counts the first.
The same person twice never counts twice: one attendance per (event, shift, person), or per
(event, person) without shift, is a unique constraint; answering again reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit
from turnout.people.activity_kinds import EVENT_RSVP
from turnout.people.models import Channel, Consent, Purpose
from turnout.people.services import ConsentInput, PersonData, activity_record, person_upsert

from ..exceptions import RsvpRefused
from ..models import Attendance, Event, Shift
from . import notify

CONSENT_SOURCE = Consent.Source.FORM
REMINDER_CHANNELS = (Channel.EMAIL, Channel.SMS)
ATTRIBUTION_FIELDS = ("source_code", "utm_source", "utm_medium", "utm_campaign")


@dataclass
class Rsvp:
    person: object
    attendances: list[Attendance] = field(default_factory=list)
    # Attendances that were not active before this answer (new, or coming back).
    new: list[Attendance] = field(default_factory=list)


def _going(event: Event, shift: Shift | None) -> tuple[int, int]:
    """(going in the shift, going in the whole event)."""
    going = Attendance.objects.filter(event=event, status=Attendance.Status.GOING)
    in_event = going.count()
    in_shift = going.filter(shift=shift).count() if shift is not None else in_event
    return in_shift, in_event


def has_room(event: Event, shift: Shift | None) -> bool:
    """Whether one more person may go (call with the event row locked)."""
    in_shift, in_event = _going(event, shift)
    if event.capacity is not None and in_event >= event.capacity:
        return False
    return not (shift is not None and shift.capacity is not None and in_shift >= shift.capacity)


def _consents(event: Event, reminders: dict[str, str]) -> list[ConsentInput]:
    return [
        ConsentInput(
            channel=channel,
            purpose=Purpose.EVENTS,
            status=Consent.Status.GRANTED,
            notice_text=str(text),
            source_ref=f"event:{event.slug}",
        )
        for channel, text in reminders.items()
        if text
    ]


def _check_open(event: Event, shifts: list[Shift]) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise RsvpRefused(_("This event is not taking sign-ups."))
    now = timezone.now()
    if event.ends_at <= now:
        raise RsvpRefused(_("This event is over."))
    has_shifts = Shift.objects.filter(event=event).exists()
    if has_shifts and not shifts:
        raise RsvpRefused(_("Choose at least one shift."))
    if not has_shifts and shifts:
        raise RsvpRefused(_("This event has no shifts any more. Reload the page."))
    for shift in shifts:
        if shift.event_id != event.pk:
            raise RsvpRefused(_("This shift is not part of the event. Reload the page."))
        if shift.ends_at <= now:
            raise RsvpRefused(_("The shift “%(shift)s” is over.") % {"shift": shift})


@transaction.atomic
def rsvp_create(
    *,
    event: Event,
    data: PersonData,
    shifts: list[Shift] = (),
    reminders: dict[str, str] | None = None,
    attribution: dict | None = None,
    language: str = "",
    ip_address: str | None = None,
) -> Rsvp:
    """Take an RSVP. ``shifts``: the shifts chosen (required when the event has shifts).
    ``reminders`` maps each channel the person ticked ("email", "sms") to the exact consent
    text they were shown (consent for messages about events). A place is given while there
    is one; otherwise the person joins the waiting list, or, without a waiting list, the
    RSVP is refused (RsvpRefused, nothing written). Someone who answered already keeps their
    place: answering again changes nothing and counts once."""
    shifts = list(shifts)
    reminders = {ch: str(text) for ch, text in (reminders or {}).items() if text}
    if set(reminders) - set(REMINDER_CHANNELS):
        raise RsvpRefused(_("Messages about events are sent by email or SMS only."))
    if Channel.SMS in reminders and not data.phone:
        raise RsvpRefused(_("Give your mobile phone number to be reminded by SMS."))
    if Channel.EMAIL in reminders and not data.email:
        raise RsvpRefused(_("Give your email address to hear from us about this event."))
    # Lock the event first: it decides the places (and refuses a cancelled event).
    event = Event.objects.select_for_update().select_related("organization").get(pk=event.pk)
    _check_open(event, shifts)
    person, _created = person_upsert(
        organization=event.organization,
        data=data,
        source=CONSENT_SOURCE,
        consents=_consents(event, reminders),
        respect_erasure=False,
        ip_address=ip_address,
    )
    attribution = {
        k: str(v)[:100] for k, v in (attribution or {}).items() if k in ATTRIBUTION_FIELDS
    }
    result = Rsvp(person=person)
    refused = []
    for shift in shifts or [None]:
        attendance, is_new = _answer(event, shift, person, language, attribution)
        if attendance is None:
            refused.append(shift)
            continue
        result.attendances.append(attendance)
        if is_new:
            result.new.append(attendance)
    if refused:
        # Nothing is kept: the person chooses again with the right information.
        label = ", ".join(str(s) for s in refused if s is not None) or str(event)
        raise RsvpRefused(_("Sorry, “%(what)s” is full and has no waiting list.") % {"what": label})
    for attendance in result.new:
        activity_record(
            person=person,
            kind=EVENT_RSVP,
            source=attendance,
            summary=str(event)[:200],
            data={
                "event": event.pk,
                "shift": attendance.shift_id,
                "status": attendance.status,
            },
        )
        webhook_emit(organization=event.organization_id, type="attendance.created", obj=attendance)
    if result.new:
        notify.rsvp_confirmed(attendances=result.new)
    return result


def _answer(event, shift, person, language, attribution) -> tuple[Attendance | None, bool]:
    """The person's attendance for ``shift`` after this answer, and whether it is new (or
    active again). None: full and no waiting list."""
    existing = (
        Attendance.objects.select_for_update()
        .filter(event=event, shift=shift, person=person)
        .first()
    )
    if existing is not None and existing.status in Attendance.ACTIVE:
        return existing, False
    now = timezone.now()
    if has_room(event, shift):
        status, waitlisted_at = Attendance.Status.GOING, None
    elif event.waitlist:
        status, waitlisted_at = Attendance.Status.WAITLISTED, now
    else:
        return None, False
    if existing is None:
        attendance = Attendance.objects.create(
            organization=event.organization,
            event=event,
            shift=shift,
            person=person,
            status=status,
            waitlisted_at=waitlisted_at,
            language=language[:8],
            **attribution,
        )
    else:
        attendance = existing
        attendance.status = status
        attendance.waitlisted_at = waitlisted_at
        attendance.cancelled_at = None
        attendance.language = language[:8] or attendance.language
        attendance.save()
    attendance.event = event
    return attendance, True


def waitlist_promote(*, event: Event) -> list[Attendance]:
    """Give the free places to the waiting list, first come first served (call with the
    event row locked). The people promoted are told by email."""
    promoted = []
    waiting = (
        Attendance.objects.select_for_update(of=("self",))
        .filter(event=event, status=Attendance.Status.WAITLISTED)
        .select_related("shift")
        .order_by("waitlisted_at", "id")
    )
    for attendance in waiting:
        if event.capacity is not None and _going(event, None)[1] >= event.capacity:
            break
        if not has_room(event, attendance.shift):
            continue
        attendance.status = Attendance.Status.GOING
        attendance.save(update_fields=["status", "updated_at"])
        attendance.event = event
        promoted.append(attendance)
    if promoted:
        notify.waitlist_promoted(attendances=promoted)
    return promoted


@transaction.atomic
def rsvp_cancel(*, attendance: Attendance) -> bool:
    """Cancel an RSVP (the person's link, or an organizer). A place freed goes to the
    first person waiting. False when it was cancelled already."""
    event = Event.objects.select_for_update().get(pk=attendance.event_id)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.status not in Attendance.ACTIVE:
        return False
    was_going = attendance.status == Attendance.Status.GOING
    attendance.status = Attendance.Status.CANCELLED
    attendance.cancelled_at = timezone.now()
    attendance.save(update_fields=["status", "cancelled_at", "updated_at"])
    if was_going and event.status == Event.Status.PUBLISHED and event.ends_at > timezone.now():
        waitlist_promote(event=event)
    return True


def waitlist_position(attendance: Attendance) -> int | None:
    """1 for the first person waiting for the same shift (or event); None when not waiting."""
    if attendance.status != Attendance.Status.WAITLISTED or attendance.waitlisted_at is None:
        return None
    ahead = Attendance.objects.filter(
        event_id=attendance.event_id,
        shift_id=attendance.shift_id,
        status=Attendance.Status.WAITLISTED,
        waitlisted_at__lt=attendance.waitlisted_at,
    ).count()
    return ahead + 1
