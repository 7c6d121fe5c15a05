"""Reads of the journeys app, always within one organization."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import steps as flow
from .models import Enrollment, FollowUpTask, Journey, Step, StepRun

REASONS = {
    "erased": gettext_lazy("the person was erased"),
    "do_not_contact": gettext_lazy("the person must not be contacted"),
    "no_contact": gettext_lazy("no email address or mobile number"),
    "unsubscribed": gettext_lazy("the address or number is unsubscribed"),
    "no_consent": gettext_lazy("no consent for this purpose"),
    "suppressed": gettext_lazy("the address or number is on the suppression list"),
    "tag_deleted": gettext_lazy("the tag was deleted"),
    "journey_inactive": gettext_lazy("the other journey is not active"),
}


def journey_list(*, organization) -> QuerySet[Journey]:
    live = Q(enrollments__status__in=Enrollment.LIVE)
    return (
        Journey.objects.for_organization(organization)
        .annotate(
            live_count=Count("enrollments", filter=live),
            completed_count=Count(
                "enrollments", filter=Q(enrollments__status=Enrollment.Status.COMPLETED)
            ),
            total_count=Count("enrollments"),
        )
        .order_by("status", "-created_at", "-id")
    )


def journey_get(*, organization, journey_id: int) -> Journey:
    return get_object_or_404(Journey.objects.for_organization(organization), pk=journey_id)


def step_get(*, journey: Journey, step_id: int) -> Step:
    return get_object_or_404(
        Step.objects.filter(journey=journey, organization_id=journey.organization_id),
        pk=step_id,
        removed_at__isnull=True,
    )


def enrollment_get(*, journey: Journey, enrollment_id: int) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.filter(
            journey=journey, organization_id=journey.organization_id
        ).select_related("person", "step"),
        pk=enrollment_id,
    )


def task_get(*, organization, task_id: int) -> FollowUpTask:
    return get_object_or_404(FollowUpTask.objects.for_organization(organization), pk=task_id)


def other_journeys(*, journey: Journey | None, organization) -> QuerySet[Journey]:
    rows = Journey.objects.for_organization(organization).exclude(status=Journey.Status.ARCHIVED)
    return rows.exclude(pk=journey.pk) if journey is not None else rows


# --- Trigger in words -----------------------------------------------------------------------


def trigger_text(journey: Journey) -> str:
    from turnout.actions.models import Action
    from turnout.people.models import CustomField, Segment, Tag

    config = journey.trigger_config or {}
    org = journey.organization_id
    kind = journey.trigger_kind
    if kind == Journey.Trigger.ACTION:
        if config.get("action") in (None, ""):
            return _("When someone takes any action (signs, pledges, fills in a form)")
        action = Action.objects.filter(organization_id=org, pk=flow._int(config["action"])).first()
        return _("When someone takes the action “%(action)s”") % {
            "action": action or _("(deleted)")
        }
    if kind == Journey.Trigger.TAG:
        tag = Tag.objects.filter(organization_id=org, pk=flow._int(config.get("tag"))).first()
        return _("When someone gets the tag “%(tag)s”") % {"tag": tag or _("(deleted)")}
    if kind == Journey.Trigger.RUNG:
        from turnout.funnels.models import Rung

        rung = Rung.objects.filter(organization_id=org, pk=flow._int(config.get("rung"))).first()
        return _("When someone reaches the rung “%(rung)s”") % {"rung": rung or _("(deleted)")}
    if kind == Journey.Trigger.DATE:
        field = config.get("field") or "created_at"
        if field == "created_at":
            name = _("the day they were added")
        else:
            custom = CustomField.objects.filter(organization_id=org, key=field).first()
            name = custom.label if custom else field
        offset = flow._int(config.get("offset_days"))
        if offset > 0:
            when = _("%(n)s days after %(date)s") % {"n": offset, "date": name}
        elif offset < 0:
            when = _("%(n)s days before %(date)s") % {"n": -offset, "date": name}
        else:
            when = _("on %(date)s") % {"date": name}
        return _("For each person, %(when)s, at %(time)s") % {
            "when": when,
            "time": config.get("time", "09:00"),
        }
    if kind == Journey.Trigger.SEGMENT:
        segment = Segment.objects.filter(
            organization_id=org, pk=flow._int(config.get("segment"))
        ).first()
        text = _("When someone enters the segment “%(segment)s”") % {
            "segment": segment or _("(deleted)")
        }
        if config.get("include_current"):
            text += " " + _("(and everyone in it when the journey starts)")
        return text
    if kind == Journey.Trigger.CANVASS:
        return _canvass_text(org, config)
    return ""


def _canvass_text(org: int, config: dict) -> str:
    from turnout.canvassing.models import Effort, Visit

    parts = []
    if config.get("effort") not in (None, ""):
        effort = Effort.objects.filter(organization_id=org, pk=flow._int(config["effort"])).first()
        parts.append(_("effort “%(effort)s”") % {"effort": effort or _("(deleted)")})
    if config.get("outcome") in Visit.Outcome.values:
        parts.append(
            _("outcome “%(outcome)s”") % {"outcome": Visit.Outcome(config["outcome"]).label}
        )
    if config.get("question"):
        parts.append(
            _("answer “%(answer)s” to %(question)s")
            % {"answer": config.get("answer") or _("(any)"), "question": config["question"]}
        )
    text = _("When a door is canvassed and the person met is recorded")
    return f"{text} ({', '.join(str(p) for p in parts)})" if parts else text


# --- The flow with its counts ---------------------------------------------------------------


@dataclass
class Card:
    step: Step
    text: str
    label: str
    here: int  # people at this step now (waiting or about to run it)
    done: int
    skipped: int
    held: int  # held until sending hours
    arms: list  # [(label, people who went that way, [Card]), (...)]


def _ways(step: Step) -> tuple[str, ...]:
    """How the runner names the arms of a step (its log's "arm" or "branch")."""
    if step.kind == Step.Kind.SPLIT:
        return ("A", "B")
    if step.kind == Step.Kind.BRANCH:
        return ("then", "otherwise")
    return ()


def journey_flow(*, journey: Journey) -> tuple[list[Card], list[str]]:
    """The flow as cards (with counts per step) and what is wrong with it."""
    steps = flow.live_steps(journey.steps.all())
    here = dict(
        Enrollment.objects.filter(journey=journey, status__in=Enrollment.LIVE)
        .values_list("step_id")
        .annotate(n=Count("id"))
    )
    runs: dict[int, dict[str, int]] = {}
    for step_id, status, n in (
        StepRun.objects.filter(step__journey=journey)
        .values_list("step_id", "status")
        .annotate(n=Count("id"))
    ):
        runs.setdefault(step_id, {})[status] = n
    ways: dict[tuple[int, str], int] = {}
    for step_id, way, n in (
        StepRun.objects.filter(
            step__journey=journey,
            step__kind__in=[Step.Kind.BRANCH, Step.Kind.SPLIT],
            status=StepRun.Status.DONE,
        )
        .annotate(
            way=Coalesce(KeyTextTransform("branch", "detail"), KeyTextTransform("arm", "detail"))
        )
        .values_list("step_id", "way")
        .annotate(n=Count("id"))
    ):
        ways[(step_id, way)] = n
    try:
        tree = flow.flow_tree(journey, steps)
    except flow.FlowError as exc:
        return [], [str(exc)]

    def cards(nodes) -> list[Card]:
        out = []
        for node in nodes:
            step = node.step
            counts = runs.get(step.pk, {})
            out.append(
                Card(
                    step=step,
                    text=flow.describe(step, journey.organization),
                    label=str(step.get_kind_display()),
                    here=here.get(step.pk, 0),
                    done=counts.get(StepRun.Status.DONE, 0),
                    skipped=counts.get(StepRun.Status.SKIPPED, 0),
                    held=counts.get(StepRun.Status.DEFERRED, 0),
                    arms=[
                        (label, ways.get((step.pk, way), 0), cards(arm))
                        for (label, arm), way in zip(node.arms, _ways(step), strict=True)
                    ],
                )
            )
        return out

    return cards(tree), []


def journey_people(*, journey: Journey, status: str = "") -> QuerySet[Enrollment]:
    rows = Enrollment.objects.filter(journey=journey).select_related("person", "step")
    if status == "live":
        rows = rows.filter(status__in=Enrollment.LIVE)
    elif status in Enrollment.Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("-entered_at", "-id")


def journey_counts(*, journey: Journey) -> dict:
    rows = dict(
        Enrollment.objects.filter(journey=journey).values_list("status").annotate(n=Count("id"))
    )
    return {
        "live": rows.get("active", 0) + rows.get("waiting", 0),
        "completed": rows.get("completed", 0),
        "exited": rows.get("exited", 0),
        "failed": rows.get("failed", 0),
        "total": sum(rows.values()),
    }


# --- Logs -----------------------------------------------------------------------------------

#: Enrollment.outcome is a code, "code:detail" for some; it is read in the reader's language.
OUTCOMES = {
    "completed": gettext_lazy("Went through the whole journey."),
    "exit_step": gettext_lazy("Left at an exit step."),
    "moved": gettext_lazy("Moved to the journey “%(detail)s”."),
    "not_moved": gettext_lazy(
        "Not moved to “%(detail)s”: already in it, or went through it before."
    ),
    "goto_inactive": gettext_lazy("Could not move to another journey: it is not active."),
    "failed": gettext_lazy("Stopped after repeated errors: %(detail)s"),
    "archived": gettext_lazy("The journey was archived."),
    "rest_removed": gettext_lazy("The rest of the journey was removed."),
    "exited_by": gettext_lazy("Taken out of the journey by %(detail)s."),
    "merged": gettext_lazy("Merged into another record already in this journey."),
    "erased": gettext_lazy("The person was erased."),
}


def outcome_text(enrollment: Enrollment) -> str:
    code, _sep, detail = (enrollment.outcome or "").partition(":")
    text = OUTCOMES.get(code)
    if text is None:
        return enrollment.outcome
    return str(text) % {"detail": detail} if "%(detail)s" in str(text) else str(text)


def _when(value: str) -> str:
    at = parse_datetime(value or "")
    return date_format(localtime(at), "SHORT_DATETIME_FORMAT") if at else "?"


def run_text(run: StepRun) -> str:
    """What a step did for the person, in words."""
    detail = run.detail or {}
    kind = run.step.kind
    held = ""
    if detail.get("deferred_until") and run.status != StepRun.Status.DEFERRED:
        held = " " + _("(held until the sending hours opened at %(time)s)") % {
            "time": _when(detail["deferred_until"])
        }
    if run.status == StepRun.Status.SKIPPED:
        reason = REASONS.get(detail.get("reason"), detail.get("reason", ""))
        return _("Skipped: %(reason)s.") % {"reason": reason}
    if run.status == StepRun.Status.FAILED:
        return _("Failed: %(error)s") % {"error": detail.get("error", "")}
    if run.status == StepRun.Status.DEFERRED:
        return _("Held until the sending hours open, at %(time)s") % {
            "time": _when(detail.get("deferred_until"))
        }
    if run.status == StepRun.Status.WAITING:
        return _("Waiting until %(time)s") % {"time": _when(detail.get("until"))}
    if kind == Step.Kind.WAIT:
        return _("Waited until %(time)s") % {"time": _when(detail.get("until"))}
    if kind in (Step.Kind.SEND_EMAIL, Step.Kind.SEND_SMS):
        return _("Message queued for sending.") + held
    if kind == Step.Kind.BRANCH:
        return (
            _("The condition held: went on with “then”.")
            if detail.get("branch") == "then"
            else _("The condition did not hold: went on with “otherwise”.")
        )
    if kind == Step.Kind.SPLIT:
        return _("Drawn into arm %(arm)s.") % {"arm": detail.get("arm", "?")}
    if kind in (Step.Kind.TAG_ADD, Step.Kind.TAG_REMOVE):
        if not detail.get("changed"):
            return _("Nothing to change.")
        return _("Tag added.") if kind == Step.Kind.TAG_ADD else _("Tag removed.")
    if kind == Step.Kind.TASK:
        return _("Task created.")
    if kind == Step.Kind.GOTO:
        return (
            _("Moved to the other journey.")
            if detail.get("enrollment")
            else _("Not moved: already in the other journey, or went through it before.")
        )
    if kind == Step.Kind.EXIT:
        return _("Left the journey.")
    return str(run.get_status_display())


@dataclass
class LogLine:
    run: StepRun
    step_text: str
    text: str


def enrollment_log(*, enrollment: Enrollment) -> list[LogLine]:
    runs = (
        StepRun.objects.filter(enrollment=enrollment)
        .select_related("step")
        .order_by("created_at", "id")
    )
    organization = enrollment.journey.organization
    return [
        LogLine(run=run, step_text=flow.describe(run.step, organization), text=run_text(run))
        for run in runs
    ]


def enrollment_place(enrollment: Enrollment) -> str:
    """Where the person is now, in words."""
    if not enrollment.is_live:
        return outcome_text(enrollment) or enrollment.get_status_display()
    if enrollment.step is None:
        return ""
    return flow.describe(enrollment.step, enrollment.journey.organization)


# --- Tasks and the person page --------------------------------------------------------------


def tasks_for(*, organization, user=None, done: bool = False) -> QuerySet[FollowUpTask]:
    rows = (
        FollowUpTask.objects.for_organization(organization)
        .filter(done_at__isnull=not done)
        .select_related("person", "assignee", "journey", "done_by")
    )
    if user is not None:
        rows = rows.filter(assignee=user)
    return rows.order_by("-done_at", "due_on", "id") if done else rows.order_by("due_on", "id")


def person_journeys(*, organization, person) -> dict:
    enrollments = list(
        Enrollment.objects.for_organization(organization)
        .filter(person=person)
        .select_related("journey__organization", "step")
        .order_by("-entered_at", "-id")[:20]
    )
    runs: dict[int, list[LogLine]] = {}
    for run in (
        StepRun.objects.filter(enrollment__in=[e.pk for e in enrollments])
        .select_related("step")
        .order_by("created_at", "id")
    ):
        runs.setdefault(run.enrollment_id, []).append(
            LogLine(
                run=run,
                step_text=flow.describe(run.step, organization),
                text=run_text(run),
            )
        )
    tasks = list(
        FollowUpTask.objects.for_organization(organization)
        .filter(person=person, done_at__isnull=True)
        .select_related("assignee", "journey")
        .order_by("due_on", "id")
    )
    return {
        "enrollments": [
            {"enrollment": e, "place": enrollment_place(e), "log": runs.get(e.pk, [])}
            for e in enrollments
        ],
        "tasks": tasks,
    }
