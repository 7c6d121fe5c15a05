"""Cooperative campaigns: an initiator's non-partisan campaign around an election that other
organizations join, sign the charter of, personalize and relay.

``Campaign.organization`` is the initiator (the tenant that owns the campaign, its charter,
quests, moderation queue, dashboard and pipeline). A joining organization is a
``Participation``; everything it contributes hangs off its participation, so that suspending it
hides its contributions everywhere in one place. Per-language texts are JSON dicts
``{"fr": ..., "en": ..., "de": ...}`` read with ``pick_text``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel, TenantQuerySet, TimeStampedModel
from turnout.core.storage import private_storage
from turnout.organizations.choices import Country

# Declared figures above this are refused as absurd (more than the planet's population).
MAX_DECLARED = 10_000_000_000
LINK_CODE_LENGTH = 7
LINK_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_link_code() -> str:
    return "".join(secrets.choice(LINK_ALPHABET) for _ in range(LINK_CODE_LENGTH))


class CampaignQuerySet(TenantQuerySet):
    def public(self):
        """Campaigns whose public page is visible: open or closed, never drafts."""
        return self.exclude(status=Campaign.Status.DRAFT)


class Campaign(TenantModel):
    """A non-partisan campaign around an election. ``organization`` is the initiator."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ElectionKind(models.TextChoices):
        EUROPEAN = "european", _("European Parliament")
        PRESIDENTIAL = "presidential", _("Presidential")
        LEGISLATIVE = "legislative", _("Legislative or federal")
        REGIONAL = "regional", _("Regional or state")
        MUNICIPAL = "municipal", _("Municipal")
        REFERENDUM = "referendum", _("Referendum")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name = models.JSONField(_("name"), default=dict, blank=True)
    message = models.JSONField(_("message"), default=dict, blank=True)
    tagline = models.JSONField(_("tagline"), default=dict, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    election_country = models.CharField(
        _("country of the election"), max_length=2, choices=Country.choices, blank=True,
        help_text=_("Empty for an election in several countries, such as the European one."),
    )  # fmt: skip
    election_kind = models.CharField(
        _("kind of election"), max_length=16, choices=ElectionKind.choices,
        default=ElectionKind.EUROPEAN,
    )  # fmt: skip
    election_date = models.DateField(_("election day"))
    second_round_date = models.DateField(_("second round"), null=True, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    # The pledge ("I will vote") is an action of the actions module, owned by the initiator.
    pledge_action = models.OneToOneField(
        "actions.Action", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="campaign", verbose_name=_("pledge"),
    )  # fmt: skip
    templates = models.ManyToManyField(
        "visuals.VisualTemplate", blank=True, related_name="campaigns",
        verbose_name=_("visual templates"),
    )  # fmt: skip
    # A sister campaign keeps a link to the campaign it was cloned from.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="sisters",
        verbose_name=_("cloned from"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-election_date", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name_text() or self.slug

    def name_text(self, language: str | None = None) -> str:
        return pick_text(self.name, language)

    def message_text(self, language: str | None = None) -> str:
        return pick_text(self.message, language)

    def tagline_text(self, language: str | None = None) -> str:
        return pick_text(self.tagline, language)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CharterVersion(TimeStampedModel):
    """One version of a campaign's charter. Versions are never edited once signed: a change
    is a new version, and each participation records the version it signed."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="charters")
    number = models.PositiveIntegerField(_("version"))
    text = models.JSONField(_("text"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["campaign", "-number"]
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_charter_number")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} v{self.number}"

    def text_for(self, language: str | None = None) -> str:
        return pick_text(self.text, language)


class Partner(TimeStampedModel):
    """An agency, NGO, creative, public actor or media credited on the public page."""

    class Role(models.TextChoices):
        AGENCY = "agency", _("Agency")
        NGO = "ngo", _("NGO")
        CREATIVE = "creative", _("Creative")
        PUBLIC = "public", _("Public actor")
        MEDIA = "media", _("Media")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    credit = models.JSONField(_("credit"), default=dict, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="campaigns/partners/", blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["campaign", "position", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    def credit_text(self, language: str | None = None) -> str:
        return pick_text(self.credit, language)


class ParticipationQuerySet(models.QuerySet):
    def visible(self):
        """Participations whose contributions show in public: approved, not suspended."""
        return self.filter(status=Participation.Status.APPROVED)


class Participation(TimeStampedModel):
    """An organization's application to, then participation in, a campaign."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Waiting for review")
        CHANGES = "changes", _("Changes requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="participations",
        verbose_name=_("organization"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    charter = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="signatures",
        verbose_name=_("charter version signed"),
    )  # fmt: skip
    charter_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("charter signed by"),
    )  # fmt: skip
    charter_signed_at = models.DateTimeField(_("charter signed"))
    # Audience stated when applying: {"linkedin": 1200, "instagram": 300, ...}
    followers = models.JSONField(_("followers per network"), default=dict, blank=True)
    employees = models.PositiveIntegerField(
        _("employees or members"), null=True, blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )  # fmt: skip
    motivation = models.TextField(_("why you join"), blank=True, max_length=2000)
    decision_note = models.TextField(_("message to the organization"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Tracked link /r/<code>: attributes clicks and pledges to this organization.
    link_code = models.CharField(max_length=16, unique=True, default=new_link_code)
    points = models.PositiveIntegerField(_("points"), default=0)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organization"], name="one_participation_per_org"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status", "-points"])]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.organization_id} ({self.status})"

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.APPROVED


class Quest(TimeStampedModel):
    """A task participating organizations take on, in tiers, with points and a badge."""

    class Verification(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic: the platform sees it")
        EVIDENCE = "evidence", _("Evidence reviewed by a moderator")
        SELF = "self", _("Self-declared")

    class Rule(models.TextChoices):
        # What an automatic quest watches, with ``threshold``.
        VISUAL_DOWNLOADED = "visual_downloaded", _("Visual personalized and downloaded")
        POST_PUBLISHED = "post_published", _("Post link submitted")
        LINK_CLICKS = "link_clicks", _("Tracked link clicks")
        PLEDGES = "pledges", _("Pledges through the tracked link")
        EVENT_HELD = "event_held", _("Event held")

    class Evidence(models.TextChoices):
        LINK = "link", _("Link to a post")
        PHOTO = "photo", _("Photo")
        REPORT = "report", _("Short report")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quests")
    key = models.SlugField(max_length=40)
    tier = models.PositiveSmallIntegerField(
        _("tier"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.JSONField(_("title"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    points = models.PositiveIntegerField(_("points"), default=10)
    badge = models.CharField(_("badge"), max_length=20, default="star")
    verification = models.CharField(
        _("verification"), max_length=10, choices=Verification.choices,
        default=Verification.SELF,
    )  # fmt: skip
    rule = models.CharField(_("what is watched"), max_length=20, choices=Rule.choices, blank=True)
    threshold = models.PositiveIntegerField(_("target"), default=1)
    evidence = models.CharField(
        _("evidence asked"), max_length=8, choices=Evidence.choices, blank=True
    )

    class Meta:
        ordering = ["campaign", "tier", "position", "id"]
        verbose_name = _("quest")
        verbose_name_plural = _("quests")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="one_quest_key"),
            models.CheckConstraint(
                condition=~Q(verification="automatic") | ~Q(rule=""),
                name="automatic_quest_has_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.title_text() or self.key

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def description_text(self, language: str | None = None) -> str:
        return pick_text(self.description, language)


class QuestProgress(TimeStampedModel):
    """Where one participating organization stands on one quest."""

    class Status(models.TextChoices):
        STARTED = "started", _("In progress")
        SUBMITTED = "submitted", _("Waiting for review")
        REJECTED = "rejected", _("Not accepted")
        DONE = "done", _("Done")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="quest_progress"
    )
    quest = models.ForeignKey(Quest, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.STARTED
    )
    value = models.PositiveIntegerField(_("progress"), default=0)
    evidence_url = models.URLField(_("link"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("photo"), upload_to="campaigns/evidence/", blank=True, storage=private_storage
    )
    evidence_text = models.TextField(_("report"), blank=True, max_length=4000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    review_note = models.TextField(_("reviewer's note"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["quest__tier", "quest__position", "id"]
        verbose_name = _("quest progress")
        verbose_name_plural = _("quest progress")
        constraints = [
            models.UniqueConstraint(fields=["participation", "quest"], name="one_progress_row")
        ]
        indexes = [models.Index(fields=["quest", "status"])]

    def __str__(self) -> str:
        return f"{self.participation_id}/{self.quest_id} {self.status}"


class Contribution(TimeStampedModel):
    """Something a participating organization published for the campaign, shown on the wall."""

    class Kind(models.TextChoices):
        VISUAL = "visual", _("Personalized visual")
        POST = "post", _("Post on a social network")
        OFFLINE = "offline", _("Offline placement")

    class Network(models.TextChoices):
        LINKEDIN = "linkedin", "LinkedIn"
        INSTAGRAM = "instagram", "Instagram"
        X = "x", "X"
        FACEBOOK = "facebook", "Facebook"
        TIKTOK = "tiktok", "TikTok"
        MASTODON = "mastodon", "Mastodon"
        BLUESKY = "bluesky", "Bluesky"
        YOUTUBE = "youtube", "YouTube"

    class Placement(models.TextChoices):
        BILLBOARD = "billboard", _("Billboards")
        POSTER = "poster", _("Posters")
        SCREEN = "screen", _("Screens")
        PRINT = "print", _("Print (newspaper, magazine)")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contributions")
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    network = models.CharField(_("network"), max_length=10, choices=Network.choices, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    placement = models.CharField(
        _("placement"), max_length=10, choices=Placement.choices, blank=True
    )
    quantity = models.PositiveIntegerField(
        _("how many"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    place = models.CharField(_("where"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    # The picture shown on the wall: a render of the organization's personalized visual, or
    # an uploaded photo (sanitized and re-encoded on upload).
    render = models.ForeignKey(
        "visuals.Render", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image = models.ImageField(_("picture"), upload_to="campaigns/wall/", blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    hidden_at = models.DateTimeField(_("hidden by the initiator"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["campaign", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "url"], condition=~Q(url=""), name="one_contribution_per_url"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class MeasuredDay(models.Model):
    """Measured reach, per campaign, per organization (null: the campaign's own page), per
    day: tracked-link clicks and page views. Counted with ``F()`` upserts; no IP, no cookie."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="measured_days")
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.CASCADE,
        related_name="measured_days",
    )  # fmt: skip
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)
    page_views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "participation", "day"],
                condition=Q(participation__isnull=False),
                name="one_measured_day_per_org",
            ),
            models.UniqueConstraint(
                fields=["campaign", "day"],
                condition=Q(participation__isnull=True),
                name="one_measured_day_per_campaign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.participation_id} {self.day}"


class DeclaredReach(TimeStampedModel):
    """A reach figure an organization declares (not measured by the platform), with its method."""

    class Kind(models.TextChoices):
        IMPRESSIONS = "impressions", _("Post impressions")
        FOLLOWERS = "followers", _("Followers reached")
        BILLBOARD = "billboard", _("Billboard audience")
        NEWSLETTER = "newsletter", _("Newsletter recipients")
        EMPLOYEES = "employees", _("Employees informed")
        OTHER = "other", _("Other")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="declared_reach"
    )
    contribution = models.ForeignKey(
        Contribution, null=True, blank=True, on_delete=models.CASCADE,
        related_name="declared_reach",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    figure = models.PositiveBigIntegerField(
        _("people reached"), validators=[MaxValueValidator(MAX_DECLARED)]
    )
    method = models.CharField(_("how it was counted"), max_length=300)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("declared reach")
        verbose_name_plural = _("declared reach")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.figure}"


class Lead(TenantModel):
    """A participating organization in the initiator's sales pipeline. ``organization`` is the
    initiator; ``prospect`` the organization met through the campaign."""

    class Stage(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        CONTACTED = "contacted", _("Contacted")
        MEETING = "meeting", _("Meeting")
        PROPOSAL = "proposal", _("Proposal")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    prospect = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("organization"),
    )  # fmt: skip
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads",
        verbose_name=_("met through"),
    )  # fmt: skip
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PARTICIPANT,
        db_index=True,
    )  # fmt: skip
    value_cents = models.PositiveBigIntegerField(_("deal value"), default=0)
    currency = models.CharField(max_length=3, default="EUR")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("owner"),
    )  # fmt: skip
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_on = models.DateField(_("next step date"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        constraints = [
            models.UniqueConstraint(fields=["organization", "prospect"], name="one_lead_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.prospect_id} ({self.stage})"


class LeadStageChange(models.Model):
    """History of a lead's stages, for the conversion report."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, blank=True)
    to_stage = models.CharField(max_length=12)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.lead_id}: {self.from_stage} -> {self.to_stage}"
