"""Check-in at the door: by the attendee's token (their QR code, or the button of the
check-in list). Idempotent: the second scan says when the first one happened, and the
person's timeline gets one line ("came to an event" or "did a volunteer shift")."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from turnout.people.activity_kinds import EVENT_ATTENDED, SHIFT_ATTENDED
from turnout.people.services import activity_record

from ..models import Attendance


@transaction.atomic
def checkin(*, attendance: Attendance, actor) -> tuple[Attendance, bool]:
    """Record that the person came. Returns the attendance and whether this call checked
    them in (False: they were checked in already, ``attended_at`` says when)."""
    now = timezone.now()
    done = Attendance.objects.filter(pk=attendance.pk, attended_at__isnull=True).update(
        attended_at=now,
        checked_in_by=actor if getattr(actor, "is_authenticated", False) else None,
        updated_at=now,
    )
    attendance = Attendance.objects.select_related("event", "shift", "person").get(pk=attendance.pk)
    if done:
        event = attendance.event
        activity_record(
            person=attendance.person,
            kind=SHIFT_ATTENDED if attendance.shift_id else EVENT_ATTENDED,
            actor=actor,
            source=attendance,
            summary=(f"{event} · {attendance.shift}" if attendance.shift_id else str(event))[:300],
            data={"event": event.pk, "shift": attendance.shift_id},
            occurred_at=now,
        )
    return attendance, bool(done)
