"""Voter-information assistant: elections, the curated knowledge base, conversations on every
channel and the organizers' inbox of questions the assistant could not answer.

The assistant never writes an answer of its own: every answer is an ``Entry``'s text, with its
source and its "last verified" date, in which a few computed facts (the election date, the
registration deadline, the days left) may be filled in by deterministic helpers. A question it
cannot match becomes an ``InboxQuestion`` that an organizer answers, and may turn into a new
entry.

Entries belong to an organization (which curates them); the ones shipped with Turnout for
France, Austria and Germany are copied into an organization's knowledge base on request, so
each organization owns, verifies and edits its own copy.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel
from turnout.organizations.choices import Country

#: The slugs every shipped country's knowledge base has (issue 10), in this order on screens.
REQUIRED_SLUGS = (
    "register-deadline",
    "register-how",
    "register-check",
    "who-can-vote",
    "first-time-voter",
    "moved-house",
    "proxy-vote",
    "postal-vote",
    "voting-abroad",
    "polling-station",
    "opening-hours",
    "id-documents",
    "lost-voter-card",
    "accessibility",
    "election-dates",
    "results",
)

#: Countries whose knowledge base ships with Turnout.
SHIPPED_COUNTRIES = ("FR", "AT", "DE")


class Channel(models.TextChoices):
    WEB = "web", _("Web chat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    VOICE = "voice", _("Voice assistant")
    API = "api", _("API")


class Election(TenantModel):
    """An election the assistant informs about. ``slug`` is what clients send as ``election``."""

    class Kind(models.TextChoices):
        EUROPEAN = "european", _("European Parliament")
        PRESIDENTIAL = "presidential", _("Presidential")
        LEGISLATIVE = "legislative", _("Legislative or federal")
        REGIONAL = "regional", _("Regional or state")
        MUNICIPAL = "municipal", _("Municipal")
        REFERENDUM = "referendum", _("Referendum")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("short name"), max_length=80)
    name = models.JSONField(_("name"), default=dict, blank=True)  # {language: text}
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("election day"))
    second_round_date = models.DateField(_("second round"), null=True, blank=True)
    polls_open = models.TimeField(_("polls open at"), null=True, blank=True)
    polls_close = models.TimeField(_("polls close at"), null=True, blank=True)
    # Empty: computed from the country's rule (assistant.facts).
    registration_deadline = models.DateField(
        _("registration deadline"), null=True, blank=True,
        help_text=_("Leave empty to compute it from the country's rule."),
    )  # fmt: skip
    official_site = models.URLField(_("official information site"), blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("campaign"),
    )  # fmt: skip

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="one_election_slug"),
        ]

    def __str__(self) -> str:
        return self.name_text() or self.slug

    def name_text(self, language: str | None = None) -> str:
        return pick_text(self.name, language)


class EntryQuerySet(models.QuerySet):
    def for_organization(self, organization):
        return self.filter(organization=organization)

    def published(self):
        return self.filter(status=Entry.Status.PUBLISHED)


class Entry(TenantModel):
    """One answer of the knowledge base, in one language, for one country (and optionally one
    election: an entry without an election holds for every election in its country).

    ``slug`` is stable across languages and countries ("proxy-vote"): the same slug in FR, EN
    and DE is the same question. ``variants`` are other ways people ask it, ``keywords`` extra
    words and synonyms that should lead to it. ``answer`` may hold ``{placeholders}`` filled by
    the deterministic helpers (assistant.facts), never free text.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.CASCADE, related_name="entries",
        verbose_name=_("election"), help_text=_("Empty: true for every election in the country."),
    )  # fmt: skip
    slug = models.SlugField(_("stable name"), max_length=80)
    question = models.CharField(_("question"), max_length=300)
    variants = models.JSONField(_("other ways to ask"), default=list, blank=True)
    keywords = models.JSONField(_("keywords and synonyms"), default=list, blank=True)
    answer = models.TextField(_("answer"), max_length=2000)
    source_url = models.URLField(_("official source"), max_length=500)
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("owner"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    # Copied from the knowledge base shipped with Turnout (assistant.shipped), and from which
    # version of it; empty for an organization's own entries.
    shipped_version = models.CharField(_("shipped version"), max_length=20, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["country", "language", "slug", "id"]
        verbose_name = _("knowledge-base entry")
        verbose_name_plural = _("knowledge-base entries")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "country", "language", "slug", "election"],
                condition=Q(election__isnull=False),
                name="one_entry_per_election",
            ),
            models.UniqueConstraint(
                fields=["organization", "country", "language", "slug"],
                condition=Q(election__isnull=True),
                name="one_general_entry",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="entry_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["organization", "country", "language", "status"])]

    def __str__(self) -> str:
        return f"{self.country}/{self.language}/{self.slug}"


class ChannelAccount(TenantModel):
    """Where the assistant listens for an organization on a channel, and under which name.

    ``external_id`` routes an incoming message to its organization: the WhatsApp Cloud API
    phone-number id, the Alexa skill's application id, or the SMS keyword ("VOTE"). The
    ``display_name`` is what people see, so that a media partner (a newspaper) can run the
    assistant under its own name. ``country``, ``language`` and ``election`` are the defaults
    for questions that arrive on it.
    """

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    external_id = models.CharField(_("channel id"), max_length=200)
    display_name = models.CharField(_("name shown"), max_length=200, blank=True)
    partner = models.CharField(_("media partner"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    language = models.CharField(_("default language"), max_length=2, choices=settings.LANGUAGES)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("election"),
    )  # fmt: skip
    active = models.BooleanField(_("active"), default=True)
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["channel", "id"]
        verbose_name = _("assistant channel")
        verbose_name_plural = _("assistant channels")
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="one_channel_account"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.display_name or self.external_id}"


class Conversation(TenantModel):
    """One person (or anonymous visitor) talking to the assistant on one channel.

    ``address_hash`` identifies the sender (a keyed hash of the phone number or of the web
    visitor's id) so that turns group without storing the number; ``address`` is kept only
    when the person agreed to be remembered (then ``person`` is set too). ``partner`` names a
    media partner running the channel under its own name (e.g. a newspaper's WhatsApp number).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address_hash = models.CharField(max_length=64, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=254, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assistant_conversations", verbose_name=_("person"),
    )  # fmt: skip
    language = models.CharField(_("language"), max_length=2, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("election"),
    )  # fmt: skip
    account = models.ForeignKey(
        ChannelAccount, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="conversations", verbose_name=_("channel"),
    )  # fmt: skip
    remember = models.BooleanField(_("agreed to be remembered"), default=False)
    last_message_at = models.DateTimeField(_("last message"), null=True, blank=True)
    # Channel state (the WhatsApp phone-number id it came in on, the pending yes/no question
    # of an opt-in, ...).
    state = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["organization", "channel", "address_hash"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


class Turn(TenantModel):
    """A question and what the assistant answered. ``external_id`` is the channel's message id
    (a replayed WhatsApp webhook finds its turn and answers nothing twice)."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered from an entry")
        UNKNOWN = "unknown", _("Did not know")
        FACT = "fact", _("Computed fact")
        OPT_IN = "opt_in", _("Reminder opt-in")
        REJECTED = "rejected", _("Message refused")

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="turns")
    external_id = models.CharField(max_length=200, blank=True)
    question = models.TextField(_("question"), max_length=2000)
    answer = models.TextField(_("answer"), blank=True)
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="turns",
        verbose_name=_("entry"),
    )  # fmt: skip
    entry_slug = models.SlugField(max_length=80, blank=True)
    confidence = models.FloatField(
        _("confidence"), default=0, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("turn")
        verbose_name_plural = _("turns")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=~Q(external_id=""),
                name="one_turn_per_channel_message",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:60]


class InboxQuestion(TenantModel):
    """A question the assistant could not answer, passed to the organizers' shared inbox."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ANSWERED = "answered", _("Answered")
        DISMISSED = "dismissed", _("Dismissed")

    question = models.TextField(_("question"), max_length=2000)
    language = models.CharField(_("language"), max_length=2, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    election = models.ForeignKey(
        Election, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("election"),
    )  # fmt: skip
    turn = models.ForeignKey(
        Turn, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where to send the organizer's answer, when the asker left a way to reach them.
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    entry = models.ForeignKey(
        Entry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("entry made from it"),
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("question for an organizer")
        verbose_name_plural = _("questions for organizers")

    def __str__(self) -> str:
        return self.question[:60]
