"""Releasing the reminders that are due.

Every few minutes (``tasks.gotv_reminders_due``) each running program's rounds are looked at:
an eve or election-day reminder is due from its send time (e.g. 18:00 the day before, 09:00 on
the day, in the program's time zone) until it is of no use any more (midnight for the eve,
the polls' closing for the day). For each active subscription without one, a
``ReminderDelivery`` row is inserted in the same transaction that queues the message: the
unique (subscription, round, kind) makes it go once whatever the number of workers, and the
message's idempotency key ``gotv:<subscription>:<round>:<kind>`` makes a second queueing
return the first message. A worker that dies before its commit leaves nothing behind.

The message goes through ``messaging.single.message_queue_one`` as a consent-based message
(purpose "election reminders", decision 0088): the address must be subscribed with that
consent, the suppression list and the organization's sending hours apply. An SMS the sending
hours would hold back past its deadline is not sent (``sending_hours``): under the French
default (no SMS on Sundays) the election-day SMS of a Sunday election is skipped, and the
program's page says so before it starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from turnout.messaging import single
from turnout.messaging.services import dispatch_start, messaging_settings_get
from turnout.people.models import Purpose

from ..models import (
    ReminderChannel,
    ReminderDelivery,
    ReminderKind,
    ReminderProgram,
    ReminderSubscription,
)
from ..stations import station_text
from ..texts import facts_for, fill_content

BATCH = 200


@dataclass
class SendRun:
    queued: int = 0
    skipped: dict = field(default_factory=dict)  # reason -> count


def due_slots(program: ReminderProgram, now: datetime) -> list[tuple[int, object, str]]:
    """(round, day, kind) of the reminders of ``program`` due at ``now``."""
    out = []
    for round_number, day in program.rounds():
        for kind in (ReminderKind.EVE, ReminderKind.DAY):
            if program.send_at(day, kind) <= now < program.deadline(day, kind):
                out.append((round_number, day, kind))
    return out


def reminder_content(*, subscription: ReminderSubscription, day, kind: str) -> dict:
    """The message of one reminder in every language of the program, placeholders filled."""
    program = subscription.program
    station = station_text(subscription.person)
    return fill_content(
        program.text_for(kind),
        lambda language: facts_for(
            election=program.election, day=day, station_text=station, language=language
        ),
    )


def reminder_send_one(
    *, subscription: ReminderSubscription, round_number: int, day, kind: str, now: datetime, prefs
) -> str | None:
    """Handle one reminder once: "" queued, the reason when skipped, None when another run
    handled it already."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = ReminderDelivery.objects.create(
                    subscription=subscription, round=round_number, kind=kind
                )
        except IntegrityError:
            return None
        program = subscription.program
        person = subscription.person
        address, reason = single.reachable_contact(
            person=person, channel=subscription.channel, purpose=Purpose.REMINDERS
        )
        if not reason and subscription.channel == ReminderChannel.SMS:
            # Emails are not held by the sending hours; an SMS that they would hold past
            # its use (a Sunday election day under the French default) is not sent.
            opening = single.sending_opening(
                prefs=prefs, channel=subscription.channel, address=address, at=now
            )
            if opening is not None and opening >= program.deadline(day, kind):
                reason = "sending_hours"
        if not reason:
            queued = single.message_queue_one(
                person=person,
                channel=subscription.channel,
                purpose=Purpose.REMINDERS,
                content=reminder_content(subscription=subscription, day=day, kind=kind),
                idempotency_key=f"gotv:{subscription.pk}:{round_number}:{kind}",
                default_language=next(iter(program.text_for(kind)), "fr"),
                address=address,
                wake=False,
                prefs=prefs,
            )
            row.message = queued.message
            reason = queued.reason if queued.message is None else ""
        row.skipped = reason
        row.save(update_fields=["message", "skipped"])
    return reason


def program_send_due(*, program: ReminderProgram, now: datetime | None = None) -> SendRun:
    now = now or timezone.now()
    run = SendRun()
    if program.status != ReminderProgram.Status.RUNNING:
        return run
    prefs = messaging_settings_get(organization=program.organization)
    channels = program.channels
    for round_number, day, kind in due_slots(program, now):
        pending = (
            ReminderSubscription.objects.filter(
                program=program,
                status=ReminderSubscription.Status.ACTIVE,
                channel__in=channels,
            )
            .exclude(
                Exists(
                    ReminderDelivery.objects.filter(
                        subscription=OuterRef("pk"), round=round_number, kind=kind
                    )
                )
            )
            .select_related("person__organization", "program__election", "program__organization")
            .order_by("id")
        )
        # In batches: each one handled is left out of the next query.
        while batch := list(pending[:BATCH]):
            for subscription in batch:
                reason = reminder_send_one(
                    subscription=subscription,
                    round_number=round_number,
                    day=day,
                    kind=kind,
                    now=now,
                    prefs=prefs,
                )
                if reason == "":
                    run.queued += 1
                elif reason:
                    run.skipped[reason] = run.skipped.get(reason, 0) + 1
    if run.queued:
        for channel in channels:
            dispatch_start(provider=single.provider_for(channel), workers=1)
    return run


def reminders_send_due(now: datetime | None = None) -> SendRun:
    """Every running program's due reminders."""
    total = SendRun()
    for program in ReminderProgram.objects.filter(
        status=ReminderProgram.Status.RUNNING
    ).select_related("election", "organization"):
        run = program_send_due(program=program, now=now)
        total.queued += run.queued
        for reason, n in run.skipped.items():
            total.skipped[reason] = total.skipped.get(reason, 0) + n
    return total
