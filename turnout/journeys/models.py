"""Journeys: automations that take people, one by one, through a flow of steps.

A journey starts on a trigger (an action taken, a tag added, a rung reached, a date field
reached, a segment entered) and runs its steps (wait, send an email or SMS, add or remove a
tag, branch on a condition, random split, follow-up task, move to another journey, exit).

The flow is a tree: every step points to the step after it (``next_key``) and a branch or a
split also to the first step of its other arm (``alt_key``); an empty pointer ends the path.
Steps are never deleted once a journey has run: a removed step keeps its row (and the log
lines that name it) with ``removed_at`` set.

Exactly once (docs/decisions/0041-journeys-exactly-once.md): a step's side effects and its
``StepRun`` row commit in one transaction, and ``StepRun`` is unique per (enrollment, step).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.core.models import TenantModel, TenantQuerySet


class Journey(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("journey status", "Draft")
        ACTIVE = "active", pgettext_lazy("journey status", "Active")
        PAUSED = "paused", pgettext_lazy("journey status", "Paused")
        ARCHIVED = "archived", pgettext_lazy("journey status", "Archived")

    class Trigger(models.TextChoices):
        ACTION = "action", _("An action is taken")
        TAG = "tag", _("A tag is added")
        RUNG = "rung", _("A rung of the ladder is reached")
        DATE = "date", _("A date is reached")
        SEGMENT = "segment", _("Someone enters a segment")
        CANVASS = "canvass", _("A door was canvassed")

    #: Statuses in which the trigger enrolls people (a paused journey holds them at the start).
    LISTENING = (Status.ACTIVE, Status.PAUSED)

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    trigger_kind = models.CharField(
        _("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.ACTION
    )
    #: action: {"action": id | null (any)}; tag: {"tag": id}; rung: {"rung": id};
    #: date: {"field": "created_at" | custom field key, "offset_days": n, "time": "HH:MM"};
    #: segment: {"segment": id, "include_current": bool};
    #: canvass: {"effort": id | null (any), "outcome": "" | visit outcome,
    #: "question": "" | question key, "answer": "" | answer key}.
    trigger_config = models.JSONField(_("trigger settings"), default=dict, blank=True)
    allow_reentry = models.BooleanField(
        _("people may go through it again"),
        default=False,
        help_text=_("Otherwise a person goes through this journey once, ever."),
    )
    entry_key = models.CharField(max_length=16, blank=True)
    #: When the trigger takes effect (a few seconds after activation: see triggers.py).
    listening_since = models.DateTimeField(_("listening since"), null=True, blank=True)
    #: Date triggers: instants up to here have been scanned. Segment triggers: last scan.
    scanned_until = models.DateTimeField(null=True, blank=True)
    #: Goes up with every change of the steps: runners re-read the steps when it moved.
    version = models.PositiveIntegerField(default=0)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        indexes = [
            models.Index(fields=["organization", "status", "trigger_kind"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_listening(self) -> bool:
        return self.status in self.LISTENING

    @property
    def structure_locked(self) -> bool:
        """Steps may be added, removed or rewired only while nobody moves through the flow."""
        return self.status == self.Status.ACTIVE


class Step(TenantModel):
    class Kind(models.TextChoices):
        WAIT = "wait", _("Wait")
        SEND_EMAIL = "send_email", _("Send an email")
        SEND_SMS = "send_sms", _("Send an SMS")
        TAG_ADD = "tag_add", _("Add a tag")
        TAG_REMOVE = "tag_remove", _("Remove a tag")
        BRANCH = "branch", _("If / otherwise")
        SPLIT = "split", _("Random split (A/B)")
        TASK = "task", _("Follow-up task")
        GOTO = "goto_journey", _("Move to another journey")
        EXIT = "exit", _("Exit")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=16)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    config = models.JSONField(_("settings"), default=dict, blank=True)
    #: The step after this one; for a branch the "then" arm, for a split the A arm.
    next_key = models.CharField(max_length=16, blank=True)
    #: Branch: the "otherwise" arm; split: the B arm.
    alt_key = models.CharField(max_length=16, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["journey", "id"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["journey", "key"], name="journey_step_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.key})"

    @property
    def has_arms(self) -> bool:
        return self.kind in (self.Kind.BRANCH, self.Kind.SPLIT)


class EnrollmentQuerySet(TenantQuerySet):
    def live(self):
        return self.filter(status__in=Enrollment.LIVE)


class Enrollment(TenantModel):
    """One person's way through one journey."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("enrollment status", "In progress")
        WAITING = "waiting", pgettext_lazy("enrollment status", "Waiting")
        COMPLETED = "completed", pgettext_lazy("enrollment status", "Completed")
        EXITED = "exited", pgettext_lazy("enrollment status", "Exited")
        FAILED = "failed", pgettext_lazy("enrollment status", "Failed")

    LIVE = (Status.ACTIVE, Status.WAITING)

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    #: The step to run next (or being waited on); empty once finished.
    step = models.ForeignKey(
        Step,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("current step"),
    )
    next_run_at = models.DateTimeField(_("next run"), null=True, blank=True)
    #: Set by the runner that works on the enrollment; a claim older than the timeout is
    #: taken over (the runner died).
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    #: What made the person enter (an activity id, a date...): one entry per occurrence.
    trigger_ref = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["-entered_at", "-id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "person"],
                condition=Q(status__in=["active", "waiting"]),
                name="one_live_enrollment_per_journey",
            )
        ]
        indexes = [
            # What runners claim: only the live rows are in this index.
            models.Index(
                fields=["next_run_at", "id"],
                condition=Q(status__in=["active", "waiting"]),
                name="enrollment_due_idx",
            ),
            models.Index(fields=["journey", "status"]),
            models.Index(fields=["person", "journey"]),
        ]

    def __str__(self) -> str:
        return f"{self.journey_id}:{self.person_id}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE


class StepRun(TenantModel):
    """What one step did for one enrollment. At most one per (enrollment, step)."""

    class Status(models.TextChoices):
        DONE = "done", pgettext_lazy("step run", "Done")
        WAITING = "waiting", pgettext_lazy("step run", "Waiting")
        DEFERRED = "deferred", _("Held until sending hours")
        SKIPPED = "skipped", pgettext_lazy("step run", "Skipped")
        FAILED = "failed", pgettext_lazy("step run", "Failed")

    FINAL = (Status.DONE, Status.SKIPPED, Status.FAILED)

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="runs")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    ran_at = models.DateTimeField(_("time"), default=timezone.now)
    #: message id, branch taken, reason for a skip, deferrals...; "next": the key followed.
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["ran_at", "id"]
        verbose_name = _("step run")
        verbose_name_plural = _("step runs")
        constraints = [models.UniqueConstraint(fields=["enrollment", "step"], name="step_run_once")]
        indexes = [models.Index(fields=["step", "status"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}/{self.step_id}: {self.status}"


class FollowUpTask(TenantModel):
    """Something an organizer should do for a person (call them, thank them...)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    title = models.CharField(_("task"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(
        pgettext_lazy("follow-up task", "done on"), null=True, blank=True
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )
    journey = models.ForeignKey(
        Journey,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("journey"),
    )
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrollment = models.ForeignKey(
        Enrollment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        indexes = [
            models.Index(fields=["organization", "assignee", "done_at"]),
            models.Index(fields=["person", "done_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class SegmentMember(TenantModel):
    """A person the journey saw in its segment at its last scan: someone who is in the
    segment now and not here has just entered it."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("segment member seen")
        verbose_name_plural = _("segment members seen")
        constraints = [
            models.UniqueConstraint(fields=["journey", "person"], name="segment_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.journey_id}:{self.person_id}"
