"""Actions people take (OSDI petitions/signatures, forms/submissions) and their submissions.

An action belongs to the organization that owns it (``organization``); co-sponsors are
``ActionSponsor`` rows. A submission lives in the owner's CRM: one per (action, person), the
counter ``signature_count`` is the exact number of confirmed submissions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from turnout.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from turnout.core.storage import private_storage

LANGUAGES = ("fr", "en", "de")


def pick_text(values: dict | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active one), else the first language that has one."""
    values = values or {}
    language = (language or get_language() or "fr")[:2]
    if values.get(language):
        return values[language]
    for code in LANGUAGES:
        if values.get(code):
            return values[code]
    return ""


class ActionQuerySet(TenantQuerySet):
    def published(self):
        return self.filter(status=Action.Status.PUBLISHED)


class Action(TenantModel):
    """A petition, a pledge or a signup form. ``organization`` is the owner."""

    class Kind(models.TextChoices):
        PETITION = "petition", _("Petition")
        PLEDGE = "pledge", _("Pledge")
        FORM = "form", _("Signup form")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PETITION)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    thank_you = models.JSONField(_("thank-you text"), default=dict, blank=True)
    consent_text = models.JSONField(_("consent text"), default=dict, blank=True)
    targets = models.TextField(_("targets"), blank=True)
    goal = models.PositiveIntegerField(_("goal"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    double_opt_in = models.BooleanField(_("confirm by email"), default=False)
    frame_ancestors = models.TextField(
        _("sites allowed to embed"),
        blank=True,
        help_text=_("One origin per line (https://example.org); empty: any site."),
    )
    signature_count = models.PositiveIntegerField(_("signatures"), default=0, editable=False)
    # Extra questions of the form (``questions.py``): a list of dicts with stable keys; a
    # removed question stays in the list, marked, so that old answers remain readable.
    questions = models.JSONField(_("questions"), default=list, blank=True)
    # What the thank-you page asks next (``asks.py``), in order; empty: share.
    next_asks = models.JSONField(_("next asks"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closing date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["organization", "status", "-created_at"])]

    def __str__(self) -> str:
        return self.title_text() or self.slug

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def description_text(self, language: str | None = None) -> str:
        return pick_text(self.description, language)

    def thank_you_text(self, language: str | None = None) -> str:
        return pick_text(self.thank_you, language)

    def consent_text_for(self, language: str | None = None) -> str:
        return pick_text(self.consent_text, language)

    @property
    def activity_kind(self) -> str:
        return {
            self.Kind.PETITION: "petition_signed",
            self.Kind.PLEDGE: "pledge_taken",
        }.get(self.kind, "form_submitted")

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ActionSponsor(TimeStampedModel):
    """An organization that carries the action. The owner has a row too (``is_owner``); every
    other sponsor receives only the people who ticked its own opt-in box."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="sponsors")
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    opt_in_label = models.JSONField(_("opt-in label"), default=dict, blank=True)
    is_owner = models.BooleanField(_("owner"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hidden = models.BooleanField(
        _("hidden from the form"),
        default=False,
        help_text=_("Its box is no longer shown; the people who ticked it stay theirs."),
    )

    class Meta:
        ordering = ["-is_owner", "position", "id"]
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        constraints = [
            models.UniqueConstraint(fields=["action", "organization"], name="one_sponsor_row"),
            models.UniqueConstraint(
                fields=["action"], condition=models.Q(is_owner=True), name="one_owner_sponsor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.organization_id}"

    def label_text(self, language: str | None = None) -> str:
        return pick_text(self.opt_in_label, language)


class Submission(TenantModel):
    """One person's signature of (or answer to) an action: one per (action, person).
    ``organization`` is the action's owner; ``person`` lives in the owner's CRM."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="submissions")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="action_submissions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    source_code = models.CharField(_("source code"), max_length=100, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    referrer = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_submissions",
        verbose_name=_("referred by"),
    )
    referring_organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referring organization"),
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    consent_given = models.BooleanField(_("consent given"), default=False)
    # Petitions: the signer ticked "show my name to the targets" (the exact text shown is
    # kept); the last submission of the person decides.
    show_name = models.BooleanField(_("name shown to the targets"), default=False)
    show_name_text = models.TextField(_("text of the box ticked"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(fields=["action", "person"], name="one_submission_per_person")
        ]
        indexes = [models.Index(fields=["action", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action_id}/{self.person_id} ({self.status})"


class SponsorOptIn(TimeStampedModel):
    """Whether the signer ticked a co-sponsor's box, and the person created in the sponsor's
    CRM once the submission is confirmed."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="opt_ins")
    sponsor = models.ForeignKey(ActionSponsor, on_delete=models.CASCADE, related_name="opt_ins")
    granted = models.BooleanField(_("granted"), default=False)
    notice_text = models.TextField(_("text shown"), blank=True)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person in the sponsor's CRM"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("sponsor opt-in")
        verbose_name_plural = _("sponsor opt-ins")
        constraints = [
            models.UniqueConstraint(fields=["submission", "sponsor"], name="one_opt_in_per_sponsor")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} -> {self.sponsor_id}: {self.granted}"


class Delivery(TenantModel):
    """A petition handed to its targets: the counts at that moment and the files made (a PDF
    and a CSV of the signers who agreed to be named), prepared by a background job."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="deliveries")
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("prepared by"),
    )
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    confirmed_total = models.PositiveIntegerField(_("signatures"), null=True, blank=True)
    named_count = models.PositiveIntegerField(_("named"), null=True, blank=True)
    unnamed_count = models.PositiveIntegerField(_("not named"), null=True, blank=True)
    pdf_file = models.FileField(
        _("PDF"), upload_to="actions/deliveries/%Y/%m/", blank=True, storage=private_storage
    )
    csv_file = models.FileField(
        _("CSV"), upload_to="actions/deliveries/%Y/%m/", blank=True, storage=private_storage
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%Y-%m-%d})"

    @property
    def is_ready(self) -> bool:
        """Counted and written (its files may have been deleted since, after an erasure)."""
        return self.counted_at is not None


class SubmissionIntake(TenantModel):
    """A submission as the public form accepted it, waiting to be folded into the CRM.

    The sign page validates what it can cheaply (the form, the email and phone, the honeypot,
    the rate limit), writes one row here and thanks the person; a worker folds the rows in id
    order, in batches, through ``submission_apply`` and marks each processed in the same
    transaction (``intake.py``, docs/decisions/0043-signature-intake-queue.md). ``payload``
    holds what was typed and shown (the person, the answers, the consent and co-sponsor texts,
    the attribution); it is cleared once recorded, and kept, with the reason, when the CRM
    refused it, for the organizers to see and retry. ``organization`` is the action's owner.
    """

    class Outcome(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RECORDED = "recorded", _("Recorded")
        UPDATED = "updated", _("Recorded again (an update)")
        REFUSED = "refused", _("Not recorded")
        FAILED = "failed", _("Failed")

    PROBLEMS = (Outcome.REFUSED, Outcome.FAILED)

    # No foreign-key constraints in the database for these two (Django still cascades): the
    # check of each would lock the action's and the organization's rows (FOR KEY SHARE) on
    # every insert, rows shared by all the signers of a petition (multixacts under load).
    # The insert checks the action itself (it must exist and be published).
    # No index of their own either: every signature would update both twice (its insert and
    # its fold); the queries of the queue go through the partial indexes below, and deleting
    # an organization or an action (rare) scans the queue instead.
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_constraint=False,
        db_index=False,
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        related_name="intakes",
        db_constraint=False,
        db_index=False,
    )
    payload = models.JSONField(_("what was submitted"), default=dict, blank=True)
    # The normalized email (or phone) of the payload while it is kept: erasure finds it.
    contact_key = models.CharField(_("contact"), max_length=260, blank=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.WAITING
    )
    error = models.TextField(_("reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    submission = models.ForeignKey(
        Submission,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="intakes",
        db_index=False,  # the partial index below: the column is empty when a row comes in
    )
    # A row that came through a web process's spool (``spool.py``) carries the random number
    # its signer's thank-you page put in the referral code, since it had no id yet.
    ref = models.BigIntegerField(_("spool reference"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("submission waiting to be recorded")
        verbose_name_plural = _("submissions waiting to be recorded")
        indexes = [
            # What the fold claims: tiny, only the rows not processed yet.
            models.Index(
                fields=["id"], condition=models.Q(processed_at__isnull=True), name="intake_waiting"
            ),
            models.Index(
                fields=["action", "id"],
                condition=models.Q(outcome__in=["refused", "failed"]),
                name="intake_problems",
            ),
            models.Index(
                fields=["submission"],
                condition=models.Q(submission__isnull=False),
                name="intake_submission",
            ),
            # A referral code handed out before the row existed (``referral.spool_referral_code``).
            models.Index(fields=["ref"], condition=models.Q(ref__isnull=False), name="intake_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}#{self.pk} ({self.outcome})"


class IntakeSpoolFile(models.Model):
    """How far the spool file of a web process was moved into the intake queue (``spool.py``,
    docs/decisions/0101-intake-spool.md): written in the transaction that inserts the rows, so
    that a line is moved once, whatever the crashes. The row goes when the file goes."""

    name = models.CharField(_("file"), max_length=200, unique=True)
    offset = models.BigIntegerField(_("bytes moved"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("intake spool file")
        verbose_name_plural = _("intake spool files")

    def __str__(self) -> str:
        return f"{self.name} @ {self.offset}"
