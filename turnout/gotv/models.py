"""Get out the vote: election reminders people asked for, partner perks (a pool of codes, one
per person) and partner media placements tracked as channels.

- A ``ReminderProgram`` belongs to one election of an organization: which channels, the eve
  and election-day texts per language, when they go out, its status. ``ReminderSubscription``
  is one person asking for reminders on one channel (with the exact consent text they saw);
  ``ReminderDelivery`` is one reminder handled (round x eve/day), inserted in the transaction
  that queues the message so that it is handled once whatever the number of workers.
- A ``PerkOffer`` holds a pool of ``PerkCode`` rows; ``PerkClaim`` gives one code to one
  person (unique per offer and person, and per code) and records its redemption.
- A ``Placement`` is a partner's ad, billboard, newspaper bot or radio spot: declared audience
  with its method, a tracked link counted per day (``PlacementDay``) and, when it serves a
  cooperative campaign, the figures that feed the campaign's reach.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel
from turnout.organizations.choices import Country

#: Time zones offered for the send times (the countries shipped with the assistant first).
TIME_ZONES = [
    ("Europe/Paris", "Europe/Paris"),
    ("Europe/Berlin", "Europe/Berlin"),
    ("Europe/Vienna", "Europe/Vienna"),
    ("Europe/Brussels", "Europe/Brussels"),
    ("Europe/Zurich", "Europe/Zurich"),
    ("Europe/Luxembourg", "Europe/Luxembourg"),
]
COUNTRY_ZONES = {"FR": "Europe/Paris", "DE": "Europe/Berlin", "AT": "Europe/Vienna"}
#: When the election day's polls close, if the election does not say.
DEFAULT_POLLS_CLOSE = time(20, 0)


class ReminderChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class ReminderKind(models.TextChoices):
    EVE = "eve", _("Eve of the election")
    DAY = "day", _("Election day")


class ReminderProgram(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RUNNING = "running", _("Running")
        PAUSED = "paused", _("Paused")
        FINISHED = "finished", _("Finished")

    election = models.ForeignKey(
        "assistant.Election", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("election"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    email = models.BooleanField(_("send by email"), default=True)
    sms = models.BooleanField(_("send by SMS"), default=True)
    # {language: {"subject": ..., "body": ...}}
    eve_text = models.JSONField(_("eve message"), default=dict, blank=True)
    day_text = models.JSONField(_("election-day message"), default=dict, blank=True)
    eve_time = models.TimeField(_("eve message at"), default=time(18, 0))
    day_time = models.TimeField(_("election-day message at"), default=time(9, 0))
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default="Europe/Paris"
    )
    second_round = models.BooleanField(
        _("remind for the second round too"), default=True,
        help_text=_("When the election has a second round."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    started_at = models.DateTimeField(_("started"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder program")
        verbose_name_plural = _("reminder programs")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "election"], name="gotv_one_program_per_election"
            ),
        ]

    def __str__(self) -> str:
        return str(self.election)

    @property
    def channels(self) -> list[str]:
        return [
            c
            for c, on in ((ReminderChannel.EMAIL, self.email), (ReminderChannel.SMS, self.sms))
            if on
        ]

    def rounds(self) -> list[tuple[int, date]]:
        """(round, election day) of the rounds this program reminds of."""
        out = [(1, self.election.date)]
        if self.second_round and self.election.second_round_date:
            out.append((2, self.election.second_round_date))
        return out

    def send_at(self, day: date, kind: str) -> datetime:
        zone = ZoneInfo(self.time_zone)
        if kind == ReminderKind.EVE:
            return datetime.combine(day - timedelta(days=1), self.eve_time, tzinfo=zone)
        return datetime.combine(day, self.day_time, tzinfo=zone)

    def deadline(self, day: date, kind: str) -> datetime:
        """After this moment a reminder of this kind is of no use any more: the eve's at the
        start of election day, the day's when the polls close."""
        zone = ZoneInfo(self.time_zone)
        if kind == ReminderKind.EVE:
            return datetime.combine(day, time(0, 0), tzinfo=zone)
        return datetime.combine(day, self.election.polls_close or DEFAULT_POLLS_CLOSE, tzinfo=zone)

    def text_for(self, kind: str) -> dict:
        return self.eve_text if kind == ReminderKind.EVE else self.day_text


class ReminderSubscription(TenantModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    class Source(models.TextChoices):
        ASSISTANT = "assistant", _("Assistant conversation")
        WEB = "web", _("Public opt-in page")
        STAFF = "staff", _("Added by staff")

    program = models.ForeignKey(
        ReminderProgram, on_delete=models.CASCADE, related_name="subscriptions"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="gotv_subscriptions",
        verbose_name=_("person"),
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=ReminderChannel.choices)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    consent_text = models.TextField(_("text agreed to"))
    consent = models.ForeignKey(
        "people.Consent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reminder subscription")
        verbose_name_plural = _("reminder subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person", "channel"], name="gotv_one_subscription"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_channel_display()})"


class ReminderDelivery(models.Model):
    """One reminder handled: queued (``message``) or skipped (``skipped`` says why)."""

    subscription = models.ForeignKey(
        ReminderSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    kind = models.CharField(_("kind"), max_length=4, choices=ReminderKind.choices)
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    skipped = models.CharField(_("not sent because"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("handled"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "round", "kind"], name="gotv_one_delivery"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} r{self.round} {self.kind}"


# --- Partner perks ---------------------------------------------------------------------------


class PerkOfferQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def open_on(self, day: date):
        return self.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            status=PerkOffer.Status.PUBLISHED,
        )


class PerkOffer(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("short name"), max_length=80)
    partner_name = models.CharField(_("partner"), max_length=200)
    partner_url = models.URLField(_("where to use the code"), blank=True)
    title = models.JSONField(_("title"), default=dict, blank=True)  # {language: text}
    description = models.JSONField(_("description"), default=dict, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    election = models.ForeignKey(
        "assistant.Election", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("election"),
    )  # fmt: skip
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    low_stock_at = models.PositiveIntegerField(
        _("warn when fewer codes are left than"), default=20,
        validators=[MaxValueValidator(1_000_000)],
    )  # fmt: skip

    objects = PerkOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner perk")
        verbose_name_plural = _("partner perks")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="gotv_one_offer_slug"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="gotv_offer_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title_text() or self.slug

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def description_text(self, language: str | None = None) -> str:
        return pick_text(self.description, language)

    def is_open(self, day: date) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and (self.starts_on is None or self.starts_on <= day)
            and (self.ends_on is None or self.ends_on >= day)
        )


class PerkCode(models.Model):
    """One code of an offer's pool; ``claimed_at`` is set when it is given to someone."""

    offer = models.ForeignKey(PerkOffer, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=100)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("given out"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("perk code")
        verbose_name_plural = _("perk codes")
        constraints = [
            models.UniqueConstraint(fields=["offer", "code"], name="gotv_code_once_per_offer"),
        ]
        indexes = [
            models.Index(
                fields=["offer", "id"], condition=Q(claimed_at__isnull=True), name="gotv_code_free"
            )
        ]

    def __str__(self) -> str:
        return masked(self.code)


def masked(code: str) -> str:
    """A code as lists show it to people who may not see codes: its last characters only."""
    return "•" * 4 + code[-3:] if len(code) > 4 else "•" * 4


class PerkClaim(TenantModel):
    class Source(models.TextChoices):
        ASSISTANT = "assistant", _("Assistant conversation")
        WEB = "web", _("Public claim page")
        STAFF = "staff", _("Given by staff")

    class RedeemedVia(models.TextChoices):
        PARTNER_FILE = "partner_file", _("Partner's redemption file")
        STAFF = "staff", _("Marked by staff")

    offer = models.ForeignKey(PerkOffer, on_delete=models.CASCADE, related_name="claims")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="perk_claims",
        verbose_name=_("person"),
    )  # fmt: skip
    code = models.OneToOneField(PerkCode, on_delete=models.PROTECT, related_name="claim")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    consent_text = models.TextField(_("text agreed to"), blank=True)
    redeemed_at = models.DateTimeField(_("redeemed"), null=True, blank=True)
    redeemed_via = models.CharField(
        _("redemption recorded from"), max_length=14, choices=RedeemedVia.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("perk claim")
        verbose_name_plural = _("perk claims")
        constraints = [
            models.UniqueConstraint(fields=["offer", "person"], name="gotv_one_claim_per_person"),
        ]
        indexes = [models.Index(fields=["offer", "created_at"])]

    #: Set by ``perk_claim``: False when the person had claimed already (their first claim).
    created = True

    def __str__(self) -> str:
        return f"{self.offer} – {self.person}"


# --- Media placements ------------------------------------------------------------------------


def new_placement_code() -> str:
    return secrets.token_urlsafe(9)[:12]


class Placement(TenantModel):
    class Kind(models.TextChoices):
        IN_APP_AD = "in_app_ad", _("In-app advertisement")
        BILLBOARD = "billboard", _("Billboard or poster")
        NEWSPAPER_BOT = "newspaper_bot", _("Newspaper chatbot")
        RADIO = "radio", _("Radio spot")
        NEWSLETTER = "newsletter", _("Partner newsletter")
        OTHER = "other", _("Other")

    partner = models.CharField(_("partner"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    declared_audience = models.PositiveBigIntegerField(
        _("declared audience"), default=0, validators=[MaxValueValidator(1_000_000_000)]
    )
    audience_method = models.CharField(
        _("how the audience was counted"), max_length=300, blank=True
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    destination_url = models.URLField(_("where the link leads"), max_length=500, blank=True)
    link_code = models.CharField(max_length=16, unique=True, default=new_placement_code)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("cooperative campaign"),
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("media placement")
        verbose_name_plural = _("media placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="gotv_placement_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.name}"


class PlacementDay(models.Model):
    """Clicks on a placement's tracked link, per day (``F()`` upserts; nobody tracked)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="days")
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        verbose_name = _("placement clicks of a day")
        verbose_name_plural = _("placement clicks per day")
        constraints = [
            models.UniqueConstraint(fields=["placement", "day"], name="gotv_one_placement_day"),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.day}: {self.clicks}"
