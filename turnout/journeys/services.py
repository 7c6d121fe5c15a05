"""Writes of the journeys app: journeys and their steps, their life (activate, pause, resume,
archive), people entering and leaving, follow-up tasks."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit

from . import steps as flow
from . import triggers
from .models import Enrollment, FollowUpTask, Journey, Step


class JourneyError(ValueError):
    """A change that cannot be made; the message is for the person who asked."""


def _canvass_trigger_errors(organization, config: dict) -> list[str]:
    from turnout.canvassing.models import Effort, Visit

    errors = []
    effort = config.get("effort")
    if (
        effort not in (None, "")
        and not Effort.objects.for_organization(organization).filter(pk=flow._int(effort)).exists()
    ):
        errors.append(_("Choose one of the organization's canvassing efforts, or any effort."))
    if config.get("outcome") and config["outcome"] not in Visit.Outcome.values:
        errors.append(_("Choose the outcome of the visit, or any outcome."))
    if config.get("answer") and not config.get("question"):
        errors.append(_("Give the key of the question whose answer starts the journey."))
    return errors


# --- Checking a journey ---------------------------------------------------------------------


def trigger_errors(*, organization, kind: str, config: dict) -> list[str]:
    from turnout.actions.models import Action
    from turnout.people.models import CustomField, Segment, Tag

    config = config or {}
    if kind == Journey.Trigger.ACTION:
        action = config.get("action")
        if (
            action not in (None, "")
            and not Action.objects.filter(organization=organization, pk=flow._int(action)).exists()
        ):
            return [_("Choose one of the organization's actions, or any action.")]
        return []
    if kind == Journey.Trigger.TAG:
        if (
            not Tag.objects.for_organization(organization)
            .filter(pk=flow._int(config.get("tag")))
            .exists()
        ):
            return [_("Choose the tag that starts the journey.")]
        return []
    if kind == Journey.Trigger.RUNG:
        from turnout.funnels.models import Rung

        if not Rung.objects.filter(
            organization=organization, pk=flow._int(config.get("rung"))
        ).exists():
            return [_("Choose the rung of the ladder that starts the journey.")]
        return []
    if kind == Journey.Trigger.DATE:
        errors = []
        field = config.get("field") or ""
        if (
            field != "created_at"
            and not CustomField.objects.filter(
                organization=organization, key=field, kind=CustomField.Kind.DATE
            ).exists()
        ):
            errors.append(_("Choose the date: when the person was added, or a date field."))
        if flow.parse_time(config.get("time")) is None:
            errors.append(_("Give the time of day as HH:MM."))
        if abs(flow._int(config.get("offset_days"), 10**6)) > flow.MAX_WAIT_DAYS:
            errors.append(_("The offset is at most 366 days before or after the date."))
        return errors
    if kind == Journey.Trigger.SEGMENT:
        if (
            not Segment.objects.for_organization(organization)
            .filter(pk=flow._int(config.get("segment")))
            .exists()
        ):
            return [_("Choose the segment people enter.")]
        return []
    if kind == Journey.Trigger.CANVASS:
        return _canvass_trigger_errors(organization, config)
    return [_("Choose what starts the journey.")]


def journey_problems(*, journey: Journey, steps: dict[str, Step] | None = None) -> list[str]:
    """What prevents the journey from running, in words (empty: it may be activated)."""
    problems = list(
        trigger_errors(
            organization=journey.organization,
            kind=journey.trigger_kind,
            config=journey.trigger_config,
        )
    )
    if steps is None:
        steps = flow.live_steps(journey.steps.all())
    if not journey.entry_key:
        return [*problems, _("Add a first step.")]
    try:
        tree = flow.flow_tree(journey, steps)
    except flow.FlowError as exc:
        return [*problems, str(exc)]
    for key in flow.flow_keys(tree):
        step = steps[key]
        for error in flow.config_errors(
            organization=journey.organization, kind=step.kind, config=step.config, journey=journey
        ):
            problems.append(f"{flow.describe(step, journey.organization)}: {error}")
    return problems


# --- Journeys -------------------------------------------------------------------------------


@transaction.atomic
def journey_create(
    *,
    organization,
    actor,
    name: str,
    description: str = "",
    trigger_kind: str = Journey.Trigger.ACTION,
    trigger_config: dict | None = None,
    allow_reentry: bool = False,
) -> Journey:
    name = name.strip()
    if not name:
        raise JourneyError(_("Give the journey a name."))
    errors = trigger_errors(organization=organization, kind=trigger_kind, config=trigger_config)
    if errors:
        raise JourneyError(errors[0])
    journey = Journey.objects.create(
        organization=organization,
        name=name[:200],
        description=description,
        trigger_kind=trigger_kind,
        trigger_config=trigger_config or {},
        allow_reentry=allow_reentry,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(organization=organization, actor=actor, action="journey.created", target=journey)
    return journey


@transaction.atomic
def journey_update(*, journey: Journey, actor, **fields) -> Journey:
    """Name, description, trigger, re-entry. The trigger of an active journey cannot change:
    pause it first."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    trigger_changed = any(
        name in fields and fields[name] != getattr(journey, name)
        for name in ("trigger_kind", "trigger_config")
    )
    if trigger_changed:
        if journey.status == Journey.Status.ACTIVE:
            raise JourneyError(_("Pause the journey before changing what starts it."))
        if journey.status == Journey.Status.ARCHIVED:
            raise JourneyError(_("An archived journey cannot be changed."))
        errors = trigger_errors(
            organization=journey.organization,
            kind=fields.get("trigger_kind", journey.trigger_kind),
            config=fields.get("trigger_config", journey.trigger_config),
        )
        if errors:
            raise JourneyError(errors[0])
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()[:200]
        if not fields["name"]:
            raise JourneyError(_("Give the journey a name."))
    for name, value in fields.items():
        setattr(journey, name, value)
    if trigger_changed and journey.is_listening:
        # The new trigger takes effect in every process at once (see triggers.py).
        journey.listening_since = timezone.now() + triggers.START_DELAY
        journey.scanned_until = None
        from .models import SegmentMember

        SegmentMember.objects.filter(journey=journey).delete()
    journey.save()
    triggers.cache_forget(journey.organization_id)
    audit_record(
        organization=journey.organization,
        actor=actor,
        action="journey.updated",
        target=journey,
        data={"fields": sorted(fields)},
    )
    return journey


def _set_status(journey: Journey, actor, allowed_from: tuple, status: str, action: str, **extra):
    with transaction.atomic():
        locked = Journey.objects.select_for_update().get(pk=journey.pk)
        if locked.status not in allowed_from:
            raise JourneyError(_("This cannot be done in the journey's present state."))
        locked.status = status
        for name, value in extra.items():
            setattr(locked, name, value)
        locked.save()
        triggers.cache_forget(locked.organization_id)
        audit_record(organization=locked.organization, actor=actor, action=action, target=locked)
    journey.refresh_from_db()
    return journey


def journey_activate(*, journey: Journey, actor) -> Journey:
    """Start the journey: its trigger enrolls people from ``listening_since`` on."""
    journey.refresh_from_db()
    problems = journey_problems(journey=journey)
    if problems:
        raise JourneyError(problems[0])
    now = timezone.now()
    return _set_status(
        journey,
        actor,
        (Journey.Status.DRAFT,),
        Journey.Status.ACTIVE,
        "journey.activated",
        activated_at=now,
        listening_since=now + triggers.START_DELAY,
        scanned_until=None,
        paused_at=None,
    )


def journey_pause(*, journey: Journey, actor) -> Journey:
    """Nobody moves on; the trigger still lets people in, they wait at the start."""
    return _set_status(
        journey,
        actor,
        (Journey.Status.ACTIVE,),
        Journey.Status.PAUSED,
        "journey.paused",
        paused_at=timezone.now(),
    )


def journey_resume(*, journey: Journey, actor) -> Journey:
    """Everyone continues; waits that ended during the pause run now."""
    journey.refresh_from_db()
    problems = journey_problems(journey=journey)
    if problems:
        raise JourneyError(problems[0])
    journey = _set_status(
        journey,
        actor,
        (Journey.Status.PAUSED,),
        Journey.Status.ACTIVE,
        "journey.resumed",
        paused_at=None,
    )
    wake_runner(force=True)
    return journey


def journey_archive(*, journey: Journey, actor) -> Journey:
    """Stop for good: the trigger stops and the people still inside leave the journey."""
    journey = _set_status(
        journey,
        actor,
        (Journey.Status.DRAFT, Journey.Status.ACTIVE, Journey.Status.PAUSED),
        Journey.Status.ARCHIVED,
        "journey.archived",
    )
    Enrollment.objects.filter(journey=journey, status__in=Enrollment.LIVE).update(
        status=Enrollment.Status.EXITED,
        finished_at=timezone.now(),
        outcome="archived",
        claim_token=None,
        next_run_at=None,
    )
    return journey


# --- Steps ----------------------------------------------------------------------------------


def _check_editable(journey: Journey) -> None:
    if journey.status == Journey.Status.ARCHIVED:
        raise JourneyError(_("An archived journey cannot be changed."))
    if journey.structure_locked:
        raise JourneyError(
            _("Pause the journey to add, remove or rewire steps; texts can be edited now.")
        )


def _bump(journey: Journey) -> None:
    Journey.objects.filter(pk=journey.pk).update(version=F("version") + 1)


def _clean_config(journey: Journey, kind: str, config: dict) -> dict:
    errors = flow.config_errors(
        organization=journey.organization, kind=kind, config=config, journey=journey
    )
    if errors:
        raise JourneyError(" ".join(errors))
    return config


@transaction.atomic
def step_add(
    *, journey: Journey, actor, kind: str, config: dict, after: str = "", arm: str = "next"
) -> Step:
    """Insert a step after the step ``after`` (on its "next" or "alt" pointer), or first.
    The path that followed there now follows the new step (on a branch or split: its first
    arm, "then" or A)."""
    journey = Journey.objects.select_for_update().get(pk=journey.pk)
    _check_editable(journey)
    if kind not in Step.Kind.values:
        raise JourneyError(_("Unknown kind of step."))
    _clean_config(journey, kind, config)
    steps = flow.live_steps(journey.steps.all())
    if after:
        parent = steps.get(after)
        if parent is None or arm not in ("next", "alt"):
            raise JourneyError(_("That place in the flow no longer exists."))
        if arm == "alt" and not parent.has_arms:
            raise JourneyError(_("That place in the flow no longer exists."))
        if arm == "next" and parent.kind in (Step.Kind.EXIT, Step.Kind.GOTO):
            raise JourneyError(_("Nothing can follow a step that ends the journey."))
        following = parent.next_key if arm == "next" else parent.alt_key
    else:
        parent, following = None, journey.entry_key
    if kind in (Step.Kind.EXIT, Step.Kind.GOTO) and following:
        raise JourneyError(
            _("Exiting or moving to another journey ends a path: add it at the end of one.")
        )
    key = flow.new_key()
    while key in steps or Step.objects.filter(journey=journey, key=key).exists():
        key = flow.new_key()
    step = Step.objects.create(
        organization=journey.organization,
        journey=journey,
        key=key,
        kind=kind,
        config=config,
        next_key=following,
    )
    if parent is None:
        journey.entry_key = key
        journey.save(update_fields=["entry_key", "updated_at"])
    else:
        setattr(parent, "next_key" if arm == "next" else "alt_key", key)
        parent.save(update_fields=["next_key", "alt_key", "updated_at"])
    _bump(journey)
    audit_record(
        organization=journey.organization,
        actor=actor,
        action="journey.step_added",
        target=journey,
        data={"step": key, "kind": kind},
    )
    return step


@transaction.atomic
def step_update(*, step: Step, actor, config: dict) -> Step:
    """Change a step's settings. While the journey runs, only its texts may change (message
    texts, task title and notes); the rest waits for a pause."""
    journey = Journey.objects.select_for_update().get(pk=step.journey_id)
    if journey.status == Journey.Status.ARCHIVED:
        raise JourneyError(_("An archived journey cannot be changed."))
    step = Step.objects.select_for_update().get(pk=step.pk)
    if step.removed_at is not None:
        raise JourneyError(_("This step was removed."))
    if journey.structure_locked:
        text_keys = flow.TEXT_KEYS.get(step.kind, ())
        merged = dict(step.config)
        for name in text_keys:
            if name in config:
                merged[name] = config[name]
        config = merged
    _clean_config(journey, step.kind, config)
    step.config = config
    step.save(update_fields=["config", "updated_at"])
    _bump(journey)
    audit_record(
        organization=journey.organization,
        actor=actor,
        action="journey.step_changed",
        target=journey,
        data={"step": step.key},
    )
    return step


def _remove_chain(steps: dict[str, Step], key: str, now=None) -> list[str]:
    """Mark the steps from ``key`` on (arms included) removed; returns their keys."""
    now = now or timezone.now()
    removed = []
    pending = [key]
    while pending:
        current = pending.pop()
        step = steps.get(current)
        if not current or step is None or step.removed_at is not None:
            continue
        step.removed_at = now
        step.save(update_fields=["removed_at", "updated_at"])
        removed.append(current)
        pending.extend([step.next_key, step.alt_key])
    return removed


@transaction.atomic
def step_remove(*, step: Step, actor) -> list[str]:
    """Remove a step; the path goes on with the step after it. Removing a branch or a split
    keeps its first arm ("then" or A) and removes the other. People waiting at a removed step
    move on to the step that replaced it. Returns the keys removed."""
    journey = Journey.objects.select_for_update().get(pk=step.journey_id)
    _check_editable(journey)
    steps = flow.live_steps(journey.steps.all())
    step = steps.get(step.key)
    if step is None:
        raise JourneyError(_("This step was removed."))
    parent, pointer = flow.parent_pointer(steps, step.key)
    replacement = step.next_key
    removed = [step.key]
    if step.alt_key:
        removed += _remove_chain(steps, step.alt_key)
    step.removed_at = timezone.now()
    step.save(update_fields=["removed_at", "updated_at"])
    if parent is None:
        journey.entry_key = replacement
        journey.save(update_fields=["entry_key", "updated_at"])
    else:
        setattr(parent, f"{pointer}_key", replacement)
        parent.save(update_fields=["next_key", "alt_key", "updated_at"])
    replacement_step = steps.get(replacement) if replacement else None
    moved = Enrollment.objects.filter(
        journey=journey, status__in=Enrollment.LIVE, step__key__in=removed
    )
    if replacement_step is None:
        moved.update(
            status=Enrollment.Status.COMPLETED,
            step=None,
            next_run_at=None,
            finished_at=timezone.now(),
            outcome="rest_removed",
        )
    else:
        moved.update(
            step=replacement_step, status=Enrollment.Status.ACTIVE, next_run_at=timezone.now()
        )
    _bump(journey)
    audit_record(
        organization=journey.organization,
        actor=actor,
        action="journey.step_removed",
        target=journey,
        data={"steps": removed},
    )
    return removed


# --- People ---------------------------------------------------------------------------------

_last_wake = 0.0


def wake_runner(*, force: bool = False) -> None:
    """Ask a worker to advance due enrollments once the transaction commits. At most every
    TURNOUT_JOURNEYS_WAKE_SECONDS per process (the periodic task runs every minute anyway)."""
    global _last_wake
    interval = getattr(settings, "TURNOUT_JOURNEYS_WAKE_SECONDS", 2)
    now = time.monotonic()
    if not force and interval and now - _last_wake < interval:
        return
    _last_wake = now
    from .tasks import journeys_advance

    enqueue_on_commit(journeys_advance)


def journey_enroll(
    *, journey: Journey, person, trigger_ref: str = "", now=None, wake: bool = True
) -> Enrollment | None:
    """Let a person into a journey at its first step, unless they are in it now, or were
    before and re-entry is not allowed. Returns the enrollment, or None."""
    now = now or timezone.now()
    if person.erased_at is not None or person.organization_id != journey.organization_id:
        return None
    if not journey.is_listening:
        return None
    mine = Enrollment.objects.filter(journey=journey, person=person)
    if journey.allow_reentry:
        if mine.filter(status__in=Enrollment.LIVE).exists():
            return None
    elif mine.exists():
        return None
    entry = Step.objects.filter(
        journey=journey, key=journey.entry_key, removed_at__isnull=True
    ).first()
    if entry is None:
        return None
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                organization_id=journey.organization_id,
                journey=journey,
                person=person,
                step=entry,
                status=Enrollment.Status.ACTIVE,
                next_run_at=now,
                entered_at=now,
                trigger_ref=trigger_ref[:64],
            )
    except IntegrityError:  # entered at the same moment by another transaction
        return None
    if wake and journey.status == Journey.Status.ACTIVE:
        wake_runner()
    return enrollment


@transaction.atomic
def enrollment_exit(*, enrollment: Enrollment, actor) -> bool:
    """Take one person out of a journey now. Returns False if they had already left."""
    updated = Enrollment.objects.filter(pk=enrollment.pk, status__in=Enrollment.LIVE).update(
        status=Enrollment.Status.EXITED,
        finished_at=timezone.now(),
        next_run_at=None,
        claim_token=None,
        outcome=f"exited_by:{actor}"[:300],
    )
    if updated:
        audit_record(
            organization=enrollment.organization,
            actor=actor,
            action="journey.person_exited",
            target=enrollment.journey,
            data={"enrollment": enrollment.pk},
        )
    enrollment.refresh_from_db()
    return bool(updated)


# --- Follow-up tasks ------------------------------------------------------------------------


@transaction.atomic
def task_done(*, task: FollowUpTask, actor) -> bool:
    return bool(
        FollowUpTask.objects.filter(pk=task.pk, done_at__isnull=True).update(
            done_at=timezone.now(),
            done_by=actor if getattr(actor, "is_authenticated", False) else None,
            updated_at=timezone.now(),
        )
    )


@transaction.atomic
def task_reopen(*, task: FollowUpTask, actor) -> bool:
    return bool(
        FollowUpTask.objects.filter(pk=task.pk, done_at__isnull=False).update(
            done_at=None, done_by=None, updated_at=timezone.now()
        )
    )
