"""Reminders to the people going: an email the day before (24 hours before their shift or
the event), an SMS two hours before, each when the event has it turned on.

A periodic job (every ``EVERY``) finds the reminders due. For each one, a ``ReminderSent``
row is inserted in the same transaction that queues the message: the unique (attendance,
kind) makes it go once, whatever the number of workers, and a worker that dies before the
commit leaves nothing behind, so the next run sends it. The message goes through the
messaging outbox (``notify.queue``): email or SMS only with the person's consent to messages
about events on that channel; an SMS that the sending hours would hold back until (almost)
the start is not sent. Someone who answered after the reminder time got their confirmation
a moment ago: no reminder then.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from turnout.core.periodic import periodic
from turnout.messaging import single
from turnout.messaging.services import dispatch_start, messaging_settings_get
from turnout.people.models import Channel, Purpose

from ..models import Attendance, Event, ReminderSent
from . import notify

EVERY = timedelta(minutes=10)
BATCH = 200
Kind = ReminderSent.Kind


@dataclass(frozen=True)
class ReminderRule:
    kind: str
    channel: str
    before: timedelta
    setting: str  # the event's on/off field
    template: str


RULES = (
    ReminderRule(
        Kind.EMAIL_DAY_BEFORE, Channel.EMAIL, timedelta(hours=24), "remind_email", "reminder"
    ),
    ReminderRule(Kind.SMS_TWO_HOURS, Channel.SMS, timedelta(hours=2), "remind_sms", "reminder"),
)
# An SMS that could only leave this close to the start is not worth sending.
SMS_TOO_LATE = timedelta(minutes=30)


@dataclass
class ReminderRun:
    queued: dict = field(default_factory=dict)  # kind -> messages queued
    skipped: dict = field(default_factory=dict)  # reason -> count


def due(rule: ReminderRule, now: datetime):
    """Attendances whose reminder of this kind is due and not handled yet."""
    window = {"gt": now, "lte": now + rule.before}
    starts = Q(shift__isnull=True, **{f"event__starts_at__{k}": v for k, v in window.items()}) | Q(
        shift__isnull=False, **{f"shift__starts_at__{k}": v for k, v in window.items()}
    )
    return (
        Attendance.objects.filter(
            starts,
            status=Attendance.Status.GOING,
            event__status=Event.Status.PUBLISHED,
            **{f"event__{rule.setting}": True},
        )
        .exclude(reminders__kind=rule.kind)
        .select_related("event__organization", "shift", "person", "organization")
        .order_by("id")
    )


def _skip_reason(rule: ReminderRule, attendance: Attendance, now: datetime) -> str:
    if attendance.created_at > attendance.starts_at - rule.before:
        return "late_signup"
    if rule.channel == Channel.SMS:
        address, reason = single.reachable_contact(
            person=attendance.person, channel=rule.channel, purpose=Purpose.EVENTS
        )
        if reason:
            return reason
        opening = single.sending_opening(
            prefs=messaging_settings_get(organization=attendance.organization),
            channel=rule.channel,
            address=address,
            at=now,
        )
        if opening is not None and opening > attendance.starts_at - SMS_TOO_LATE:
            return "sending_hours"
    return ""


def reminder_send(*, attendance: Attendance, rule: ReminderRule, now: datetime) -> str | None:
    """Handle one reminder once. Returns "" when queued, the reason when skipped, None when
    it was handled already (by another worker, or an earlier run)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = ReminderSent.objects.create(attendance=attendance, kind=rule.kind)
        except IntegrityError:
            return None
        reason = _skip_reason(rule, attendance, now)
        if not reason:
            result = notify.queue(
                attendance,
                name=rule.template,
                channel=rule.channel,
                key=f"event-reminder:{attendance.pk}:{rule.kind}",
                wake=False,
            )
            reason = result.reason if result.message is None else ""
            row.message = result.message
        row.skipped = reason
        row.save(update_fields=["message", "skipped"])
    return reason


def reminders_send(now: datetime | None = None) -> ReminderRun:
    now = now or timezone.now()
    run = ReminderRun()
    for rule in RULES:
        queued = 0
        # In batches: each one handled is left out of the next query.
        while batch := list(due(rule, now)[:BATCH]):
            for attendance in batch:
                reason = reminder_send(attendance=attendance, rule=rule, now=now)
                if reason == "":
                    queued += 1
                elif reason:
                    run.skipped[reason] = run.skipped.get(reason, 0) + 1
        run.queued[rule.kind] = queued
        if queued:
            dispatch_start(provider=single.provider_for(rule.channel), workers=1)
    return run


@periodic("events.reminders", every=EVERY)
def event_reminders_due() -> dict:
    run = reminders_send()
    return {"queued": run.queued, "skipped": run.skipped}
