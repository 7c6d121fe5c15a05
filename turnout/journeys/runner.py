"""The runner: moves people through their journeys, each step exactly once.

Any number of runners (worker tasks, on any number of machines) call ``journeys_run`` at the
same time. Each claims a batch of due enrollments with row locks that others skip (``SELECT
... FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serializes writers), stamps them with its
claim token and lets the locks go. Then, person by person, step by step, each step in ONE
transaction that:

1. locks the enrollment and checks that the claim is still this runner's (a runner that was
   thought dead and came back stops here);
2. runs the step's side effects (a queued outbox message, a tag, a task, an enrollment in
   another journey) and records its ``StepRun`` (unique per enrollment and step);
3. moves the enrollment to the next step, or makes it wait (a wait step, or a message held
   until the sending hours open), or ends it.

A crash before the commit leaves nothing of the step: it runs again. A crash after the commit
leaves the enrollment on the next step: the step never runs again. The outbox message's
idempotency key (``journey:<enrollment>:<step>``) is a second guard, and the dispatcher sends
each message exactly once. A runner that dies leaves its claims; another takes them over once
they are older than ``TURNOUT_JOURNEYS_CLAIM_SECONDS``.

Branches and splits are decided inside the step's transaction too, so a retry after a crash
decides again from scratch; a split is a hash of the enrollment and the step, so it always
sends the same person the same way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from turnout.messaging import single
from turnout.people.models import Activity, Channel

from . import triggers
from .models import Enrollment, FollowUpTask, Journey, Step, StepRun
from .steps import _int, parse_time

logger = logging.getLogger("turnout.journeys")

MAX_STEPS_PER_TURN = 200
MAX_ATTEMPTS = 5
Kind = Step.Kind


def claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "TURNOUT_JOURNEYS_CLAIM_SECONDS", 300))


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(60 * 2 ** (attempts - 1), 3600))


@dataclass
class Outcome:
    status: str
    detail: dict = field(default_factory=dict)
    next_key: str | None = None  # None: the step's own next
    wait_until: dt.datetime | None = None  # WAITING and DEFERRED
    finish: str = ""  # an Enrollment status that ends the enrollment
    text: str = ""  # the enrollment's outcome code when it ends (selectors.outcome_text)


class RunContext:
    """What one run reads once: steps of each journey, time zones, messaging settings."""

    def __init__(self, now: dt.datetime | None = None):
        self.fixed_now = now
        self.steps: dict[int, tuple[int, dict[str, Step]]] = {}
        self.by_pk: dict[int, Step] = {}
        self.prefs: dict = {}
        self.zones: dict = {}
        self.providers: set[str] = set()

    def now(self) -> dt.datetime:
        return self.fixed_now or timezone.now()

    def steps_of(self, journey: Journey) -> dict[str, Step]:
        """The journey's steps by key, read again whenever the journey's steps changed."""
        cached = self.steps.get(journey.pk)
        if cached is None or cached[0] != journey.version:
            steps = {s.key: s for s in Step.objects.filter(journey_id=journey.pk)}
            self.steps[journey.pk] = cached = (journey.version, steps)
            self.by_pk.update({s.pk: s for s in steps.values()})
        return cached[1]

    def step(self, journey: Journey, step_id: int | None) -> Step | None:
        self.steps_of(journey)
        return self.by_pk.get(step_id)

    def prefs_of(self, organization):
        if organization.pk not in self.prefs:
            from turnout.messaging.services import messaging_settings_get

            self.prefs[organization.pk] = messaging_settings_get(organization=organization)
        return self.prefs[organization.pk]

    def zone_of(self, organization):
        if organization.pk not in self.zones:
            self.zones[organization.pk] = triggers.zone_named(self.prefs_of(organization).time_zone)
        return self.zones[organization.pk]


# --- Claiming -------------------------------------------------------------------------------


def enrollments_claim(*, now: dt.datetime, limit: int) -> tuple[uuid.UUID, list[int]]:
    """Claim up to ``limit`` due enrollments of active journeys (unclaimed, or claimed by a
    runner that has not been heard of for the claim timeout)."""
    token = uuid.uuid4()
    stale = now - claim_timeout()
    with transaction.atomic():
        ids = list(
            Enrollment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status__in=Enrollment.LIVE,
                next_run_at__lte=now,
                journey__status=Journey.Status.ACTIVE,
            )
            .filter(Q(claim_token__isnull=True) | Q(claimed_at__lt=stale))
            .order_by("next_run_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            Enrollment.objects.filter(id__in=ids).update(claim_token=token, claimed_at=now)
    return token, ids


# --- Steps ----------------------------------------------------------------------------------


def split_bucket(enrollment_id: int, step_key: str) -> int:
    """0-99, the same for the same enrollment and step whenever it is asked."""
    digest = hashlib.sha256(f"{enrollment_id}:{step_key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100


def wait_until(config: dict, start: dt.datetime, zone) -> dt.datetime:
    if config.get("mode") == "until":
        at = parse_time(config.get("time")) or dt.time(9)
        weekday = config.get("weekday")
        local = start.astimezone(zone)
        day = local.date()
        for _i in range(8):
            candidate = dt.datetime.combine(day, at, tzinfo=zone)
            if candidate > local and (weekday in (None, "") or day.weekday() == _int(weekday)):
                return candidate.astimezone(dt.UTC)
            day += dt.timedelta(days=1)
        return start
    return start + dt.timedelta(days=_int(config.get("days")), hours=_int(config.get("hours")))


def _wait(ctx, enrollment, step, person, now) -> Outcome:
    until = wait_until(step.config, now, ctx.zone_of(enrollment.journey.organization))
    detail = {"until": until.isoformat()}
    if until <= now:
        return Outcome(StepRun.Status.DONE, detail)
    return Outcome(StepRun.Status.WAITING, detail, wait_until=until)


def _default_language(organization) -> str:
    return "de" if organization.country in ("DE", "AT", "CH") else "fr"


def _send(ctx, enrollment, step, person, now) -> Outcome:
    channel = Channel.EMAIL if step.kind == Kind.SEND_EMAIL else Channel.SMS
    config = step.config
    address, reason = single.reachable_contact(
        person=person, channel=channel, purpose=config.get("purpose", "")
    )
    if reason:
        return Outcome(StepRun.Status.SKIPPED, {"reason": reason})
    organization = enrollment.journey.organization
    if not (channel == Channel.EMAIL and config.get("any_hour")):
        opening = single.sending_opening(
            prefs=ctx.prefs_of(organization), channel=channel, address=address, at=now
        )
        if opening is not None:
            return Outcome(
                StepRun.Status.DEFERRED,
                {"deferred_until": opening.isoformat(), "deferred_at": now.isoformat()},
                wait_until=opening,
            )
    queued = single.message_queue_one(
        person=person,
        channel=channel,
        purpose=config.get("purpose", ""),
        content=config.get("content") or {},
        idempotency_key=f"journey:{enrollment.pk}:{step.key}",
        default_language=_default_language(organization),
        address=address,
        not_before=now,
        wake=False,
        prefs=ctx.prefs_of(organization),
    )
    if queued.message is None:
        return Outcome(StepRun.Status.SKIPPED, {"reason": queued.reason})
    ctx.providers.add(queued.message.provider)
    return Outcome(StepRun.Status.DONE, {"message": queued.message.pk, "channel": channel})


def _tag(ctx, enrollment, step, person, now) -> Outcome:
    from turnout.people.models import Tag
    from turnout.people.services import tag_remove, tags_add

    tag = Tag.objects.filter(
        organization_id=enrollment.organization_id, pk=_int(step.config.get("tag"))
    ).first()
    if tag is None:
        return Outcome(StepRun.Status.SKIPPED, {"reason": "tag_deleted"})
    if step.kind == Kind.TAG_ADD:
        changed = bool(tags_add(person=person, names=[tag.name]))
    else:
        changed = tag_remove(person=person, tag=tag)
    return Outcome(StepRun.Status.DONE, {"tag": tag.name, "changed": changed})


def condition_holds(*, enrollment, person, condition: dict) -> bool:
    """Whether the person matches a branch condition now (CRM segment rules)."""
    from turnout.people.models import Segment
    from turnout.people.segments.filters import people_matching, segment_people

    kind = (condition or {}).get("type")
    if kind == "activity":
        rows = Activity.objects.filter(person=person, kind=str(condition.get("kind", "")))
        if condition.get("since_entry"):
            rows = rows.filter(occurred_at__gte=enrollment.entered_at)
        return rows.exists()
    try:
        if kind == "tag":
            people = people_matching(
                organization=enrollment.journey.organization,
                definition={
                    "match": "all",
                    "conditions": [
                        {"field": "tag", "op": "has", "value": [_int(condition.get("tag"))]}
                    ],
                },
            )
        elif kind == "segment":
            segment = Segment.objects.filter(
                organization_id=enrollment.organization_id, pk=_int(condition.get("segment"))
            ).first()
            if segment is None:
                return False
            people = segment_people(segment)
        else:
            return False
    except ValidationError:
        return False  # a tag or segment that no longer exists matches nobody
    return people.filter(pk=person.pk).exists()


def _branch(ctx, enrollment, step, person, now) -> Outcome:
    holds = condition_holds(
        enrollment=enrollment, person=person, condition=step.config.get("condition") or {}
    )
    next_key = step.next_key if holds else step.alt_key
    return Outcome(
        StepRun.Status.DONE,
        {"branch": "then" if holds else "otherwise", "next": next_key},
        next_key=next_key,
    )


def _split(ctx, enrollment, step, person, now) -> Outcome:
    percent = _int(step.config.get("percent_a"), 50)
    arm_a = split_bucket(enrollment.pk, step.key) < percent
    next_key = step.next_key if arm_a else step.alt_key
    return Outcome(
        StepRun.Status.DONE, {"arm": "A" if arm_a else "B", "next": next_key}, next_key=next_key
    )


def _is_member(organization_id: int, user_id) -> bool:
    from turnout.organizations.models import Membership

    return (
        bool(user_id)
        and Membership.objects.filter(organization_id=organization_id, user_id=user_id).exists()
    )


def _task(ctx, enrollment, step, person, now) -> Outcome:
    config = step.config
    organization_id = enrollment.organization_id
    assignee = None
    if config.get("assignee") == "organizer" and _is_member(organization_id, person.organizer_id):
        assignee = person.organizer_id
    if assignee is None and _is_member(organization_id, _int(config.get("member")) or None):
        assignee = _int(config.get("member"))
    local_day = now.astimezone(ctx.zone_of(enrollment.journey.organization)).date()
    task = FollowUpTask.objects.create(
        organization_id=organization_id,
        person=person,
        assignee_id=assignee,
        title=str(config.get("title", ""))[:200],
        notes=str(config.get("notes", "")),
        due_on=local_day + dt.timedelta(days=_int(config.get("due_days"))),
        journey_id=enrollment.journey_id,
        step=step,
        enrollment=enrollment,
    )
    return Outcome(StepRun.Status.DONE, {"task": task.pk, "assignee": assignee})


def _goto(ctx, enrollment, step, person, now) -> Outcome:
    from .services import journey_enroll

    target = (
        Journey.objects.filter(
            organization_id=enrollment.organization_id, pk=_int(step.config.get("journey"))
        )
        .exclude(pk=enrollment.journey_id)
        .first()
    )
    if target is None or not target.is_listening:
        return Outcome(
            StepRun.Status.SKIPPED,
            {"reason": "journey_inactive"},
            finish=Enrollment.Status.COMPLETED,
            text="goto_inactive",
        )
    moved = journey_enroll(
        journey=target, person=person, trigger_ref=f"from:{enrollment.pk}", now=now, wake=False
    )
    return Outcome(
        StepRun.Status.DONE,
        {"journey": target.pk, "enrollment": moved.pk if moved else None},
        finish=Enrollment.Status.COMPLETED,
        text=f"{'moved' if moved else 'not_moved'}:{target.name}",
    )


def _exit(ctx, enrollment, step, person, now) -> Outcome:
    return Outcome(
        StepRun.Status.DONE,
        finish=Enrollment.Status.COMPLETED,
        text="exit_step",
    )


EXECUTORS = {
    Kind.WAIT: _wait,
    Kind.SEND_EMAIL: _send,
    Kind.SEND_SMS: _send,
    Kind.TAG_ADD: _tag,
    Kind.TAG_REMOVE: _tag,
    Kind.BRANCH: _branch,
    Kind.SPLIT: _split,
    Kind.TASK: _task,
    Kind.GOTO: _goto,
    Kind.EXIT: _exit,
}


# --- Advancing one enrollment ---------------------------------------------------------------

_RELEASE = {"claim_token": None, "claimed_at": None}


def _save(enrollment: Enrollment, **fields) -> None:
    fields["updated_at"] = timezone.now()
    Enrollment.objects.filter(pk=enrollment.pk).update(**fields)


def _finish(enrollment: Enrollment, status: str, text: str, now) -> None:
    _save(
        enrollment,
        status=status,
        step=None,
        next_run_at=None,
        finished_at=now,
        outcome=text[:300],
        attempts=0,
        **_RELEASE,
    )


def _record(enrollment, step, run: StepRun | None, outcome: Outcome, now) -> None:
    if run is None:
        StepRun.objects.create(
            organization_id=enrollment.organization_id,
            enrollment=enrollment,
            step=step,
            status=outcome.status,
            ran_at=now,
            detail=outcome.detail,
        )
        return
    run.status = outcome.status
    run.ran_at = now
    run.detail = {**run.detail, **outcome.detail}
    run.save(update_fields=["status", "ran_at", "detail", "updated_at"])


def _move(ctx, enrollment, next_key: str, now) -> str:
    target = ctx.steps_of(enrollment.journey).get(next_key) if next_key else None
    if target is None or target.removed_at is not None:
        _finish(enrollment, Enrollment.Status.COMPLETED, "completed", now)
        return "completed"
    _save(
        enrollment,
        step=target,
        status=Enrollment.Status.ACTIVE,
        next_run_at=now,
        attempts=0,
    )
    return "continue"


def _turn(enrollment_id: int, token, ctx: RunContext) -> str:
    """One step of one enrollment, inside the caller's transaction."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("journey__organization", "person")
        .filter(pk=enrollment_id, claim_token=token)
        .first()
    )
    if enrollment is None:
        return "lost"  # taken over by another runner, or exited meanwhile
    now = ctx.now()
    journey = enrollment.journey
    if not enrollment.is_live:
        _save(enrollment, **_RELEASE)
        return "finished"
    if journey.status != Journey.Status.ACTIVE:
        _save(enrollment, **_RELEASE)  # paused: it stays due and goes on at resume
        return "paused"
    person = enrollment.person
    person.organization = journey.organization
    if person.erased_at is not None:
        _finish(enrollment, Enrollment.Status.EXITED, "erased", now)
        return "exited"
    step = ctx.step(journey, enrollment.step_id)
    if step is None or step.removed_at is not None:
        _finish(enrollment, Enrollment.Status.COMPLETED, "completed", now)
        return "completed"
    run = StepRun.objects.filter(enrollment=enrollment, step=step).first()
    if run is not None and run.status in StepRun.FINAL:
        # Already done (never re-run): follow the way it went.
        return _move(ctx, enrollment, run.detail.get("next", step.next_key), now)
    if run is not None and run.status == StepRun.Status.WAITING:
        until = parse_datetime(run.detail.get("until", "")) or now
        if until > now:
            _save(enrollment, status=Enrollment.Status.WAITING, next_run_at=until, **_RELEASE)
            return "waiting"
        _record(enrollment, step, run, Outcome(StepRun.Status.DONE), now)
        return _move(ctx, enrollment, step.next_key, now)
    outcome = EXECUTORS[step.kind](ctx, enrollment, step, person, now)
    _record(enrollment, step, run, outcome, now)
    if outcome.status in (StepRun.Status.WAITING, StepRun.Status.DEFERRED):
        _save(
            enrollment,
            status=Enrollment.Status.WAITING,
            next_run_at=outcome.wait_until,
            attempts=0,
            **_RELEASE,
        )
        return "waiting"
    if outcome.finish:
        _finish(enrollment, outcome.finish, outcome.text, now)
        return "completed"
    return _move(
        ctx, enrollment, step.next_key if outcome.next_key is None else outcome.next_key, now
    )


def _failed(enrollment_id: int, token, ctx: RunContext, error: Exception) -> None:
    now = ctx.now()
    with transaction.atomic():
        enrollment = (
            Enrollment.objects.select_for_update()
            .filter(pk=enrollment_id, claim_token=token)
            .first()
        )
        if enrollment is None:
            return
        attempts = enrollment.attempts + 1
        if attempts < MAX_ATTEMPTS:
            _save(enrollment, attempts=attempts, next_run_at=now + _backoff(attempts), **_RELEASE)
            return
        if enrollment.step_id:
            run = StepRun.objects.filter(enrollment=enrollment, step_id=enrollment.step_id).first()
            outcome = Outcome(StepRun.Status.FAILED, {"error": str(error)[:300]})
            _record(enrollment, enrollment.step, run, outcome, now)
        _finish(
            enrollment,
            Enrollment.Status.FAILED,
            f"failed:{str(error)[:200]}",
            now,
        )


def enrollment_advance(*, enrollment_id: int, token, ctx: RunContext) -> str:
    """Take a claimed enrollment as far as it goes now: through every step that takes no
    time, up to a wait, a hold until sending hours, or the end."""
    for _i in range(MAX_STEPS_PER_TURN):
        try:
            with transaction.atomic():
                result = _turn(enrollment_id, token, ctx)
        except Exception as exc:
            logger.exception("journey step failed", extra={"enrollment": enrollment_id})
            _failed(enrollment_id, token, ctx, exc)
            return "error"
        if result != "continue":
            return result
    Enrollment.objects.filter(pk=enrollment_id, claim_token=token).update(**_RELEASE)
    return "yielded"


def journeys_run(
    *,
    now: dt.datetime | None = None,
    batch_size: int | None = None,
    max_seconds: float | None = None,
) -> dict:
    """Advance every due enrollment (until none is left or ``max_seconds`` passed).
    ``now`` fixes the clock (the demo replays past days with it)."""
    size = batch_size or getattr(settings, "TURNOUT_JOURNEYS_BATCH", 100)
    deadline = time.monotonic() + max_seconds if max_seconds else None
    ctx = RunContext(now)
    stats: Counter = Counter()
    seen: set[int] = set()
    while deadline is None or time.monotonic() < deadline:
        token, ids = enrollments_claim(now=ctx.now(), limit=size)
        if not ids:
            break
        fresh = [pk for pk in ids if pk not in seen]
        for pk in ids:
            stats[enrollment_advance(enrollment_id=pk, token=token, ctx=ctx)] += 1
        seen.update(ids)
        stats["batches"] += 1
        if not fresh:
            break

    if ctx.providers:
        from turnout.messaging.services import dispatch_start

        for provider in sorted(ctx.providers):
            dispatch_start(provider=provider)
    return dict(stats)
