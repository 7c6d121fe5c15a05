"""Volunteer training: modules of lessons and a short quiz, each volunteer's progress, and the
modules an organization requires before a volunteer gets a turf or texting contacts.

A module without an organization is *shipped* with Turnout (read-only, usable by every
organization); an organization copies it to edit the copy, which is its own. Texts are
``{language: text}`` like actions. Progress (``Enrollment``) is kept per organization: a
volunteer of two organizations takes a shipped module in each.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel, TimeStampedModel
from turnout.core.storage import private_storage


class Capability(models.TextChoices):
    """What an organization can make depend on a training."""

    CANVASSING_TURF = "canvassing_turf", _("Get a canvassing turf")
    TEXTING = "texting", _("Get contacts to text")


class Skill(models.TextChoices):
    CANVASSING = "canvassing", _("Canvassing")
    TEXTING = "texting", _("Texting")
    DATA_PROTECTION = "data_protection", _("Data protection")
    OTHER = "other", _("Other")


class ModuleQuerySet(models.QuerySet):
    def for_organization(self, organization):
        """The modules an organization sees: the shipped ones and its own."""
        return self.filter(Q(organization=organization) | Q(organization__isnull=True))

    def shipped(self):
        return self.filter(organization__isnull=True)

    def published(self):
        return self.filter(status=Module.Status.PUBLISHED)


class Module(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        help_text=_("Empty: a module shipped with Turnout."),
    )
    slug = models.SlugField(_("short name"), max_length=80)
    title = models.JSONField(_("title"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    skill = models.CharField(_("skill"), max_length=32, choices=Skill.choices, default=Skill.OTHER)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, help_text=_("The share of right answers needed to pass.")
    )
    points = models.PositiveSmallIntegerField(_("points"), default=10)
    badge = models.CharField(_("badge"), max_length=20, default="star")
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["organization_id", "slug"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="training_one_slug_per_organization"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organization__isnull=True),
                name="training_one_slug_per_shipped_module",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="training_pass_mark_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title_text() or self.slug

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def summary_text(self, language: str | None = None) -> str:
        return pick_text(self.summary, language)

    @property
    def is_shipped(self) -> bool:
        return self.organization_id is None


class Lesson(TimeStampedModel):
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("module")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.JSONField(_("title"), default=dict, blank=True)
    # Plain text: paragraphs separated by a blank line, "- " list items, **bold** (render.py).
    body = models.JSONField(_("text"), default=dict, blank=True)
    image = models.FileField(
        _("image"), upload_to="training/lessons/", blank=True, storage=private_storage
    )
    video_url = models.URLField(_("video link"), blank=True)

    class Meta:
        ordering = ["module", "position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def __str__(self) -> str:
        return self.title_text() or f"#{self.position}"

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def body_text(self, language: str | None = None) -> str:
        return pick_text(self.body, language)


class QuizQuestion(TimeStampedModel):
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="questions", verbose_name=_("module")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.JSONField(_("question"), default=dict, blank=True)
    # [{"key": "a", "text": {lang: text}}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    correct = models.JSONField(_("right answers"), default=list, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)

    class Meta:
        ordering = ["module", "position", "id"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text_for() or f"#{self.position}"

    def text_for(self, language: str | None = None) -> str:
        return pick_text(self.text, language)

    def explanation_text(self, language: str | None = None) -> str:
        return pick_text(self.explanation, language)

    def choice_texts(self, language: str | None = None) -> list[tuple[str, str]]:
        return [(c["key"], pick_text(c.get("text"), language)) for c in self.choices]

    @property
    def is_multiple(self) -> bool:
        return len(self.correct) > 1


class Enrollment(TenantModel):
    """A volunteer's progress on a module, in one organization."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_enrollments",
        verbose_name=_("volunteer"),
    )
    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("module")
    )
    lessons_done = models.JSONField(_("lessons read"), default=list, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    passed_at = models.DateTimeField(_("passed"), null=True, blank=True, db_index=True)
    best_score = models.PositiveSmallIntegerField(_("best score (%)"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("quiz attempts"), default=0)

    class Meta:
        ordering = ["module", "user"]
        verbose_name = _("training progress")
        verbose_name_plural = _("training progress")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "module"], name="training_one_enrollment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module}"

    @property
    def passed(self) -> bool:
        return self.passed_at is not None


class QuizAttempt(TenantModel):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)  # {question id: [keys]}
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"), default=False)
    at = models.DateTimeField(_("time"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.score}%"


class RoleRequirement(TenantModel):
    """Before a volunteer may do ``capability``, they pass ``module`` (or any module of the
    organization, shipped or own, that teaches ``skill``)."""

    capability = models.CharField(_("to"), max_length=32, choices=Capability.choices)
    module = models.ForeignKey(
        Module,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name=_("module"),
    )
    skill = models.CharField(_("skill"), max_length=32, choices=Skill.choices, blank=True)

    class Meta:
        ordering = ["capability", "id"]
        verbose_name = _("required training")
        verbose_name_plural = _("required trainings")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "capability"],
                name="training_one_requirement_per_capability",
            ),
            models.CheckConstraint(
                condition=(Q(module__isnull=False) & Q(skill=""))
                | (Q(module__isnull=True) & ~Q(skill="")),
                name="training_requirement_module_or_skill",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_capability_display()}: {self.module or self.get_skill_display()}"
