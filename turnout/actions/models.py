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
