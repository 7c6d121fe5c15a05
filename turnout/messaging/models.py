from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.core.models import TenantModel
from turnout.people.models import Channel, Purpose


class OutboxMessage(models.Model):
    """A message that the embedded default 'sent' to the local outbox instead of a provider.

    The outbox is the development and demo stand-in for the email and SMS providers: the
    messages are shown on the Outbox screen, where a developer can read them and follow links.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sender = models.CharField(_("from"), max_length=254, blank=True)
    to = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return self.subject or self.body[:60]


class MessagingSettings(TenantModel):
    """An organization's sending settings: sender identities, the SMS opt-out text and the
    hours during which prospection messages may reach people."""

    class QuietHours(models.TextChoices):
        FRANCE = "FR", _("France (Mon–Sat 08:00–20:00, no public holidays)")
        GERMANY = "DE", _("Germany (Mon–Sat 08:00–20:00, no public holidays)")
        AUSTRIA = "AT", _("Austria (Mon–Sat 08:00–20:00, no public holidays)")
        NONE = "", _("No restriction")

    sms_sender = models.CharField(
        _("SMS sender"),
        max_length=16,
        blank=True,
        help_text=_("Alphanumeric sender ID (up to 11 letters) or the number replies come to."),
    )
    sms_optout_text = models.CharField(
        _("SMS opt-out text"),
        max_length=60,
        blank=True,
        help_text=_("Appended to broadcasts. Empty: “STOP” instructions in the person's language."),
    )
    sms_optout_required = models.BooleanField(_("append the opt-out text to SMS"), default=True)
    quiet_hours = models.CharField(
        _("sending hours"), max_length=4, choices=QuietHours.choices, default=QuietHours.FRANCE
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Paris",
        help_text=_("Used when a recipient's own time zone cannot be told from the number."),
    )
    email_from_name = models.CharField(_("email sender name"), max_length=100, blank=True)
    email_reply_to = models.EmailField(_("reply-to address"), blank=True)
    email_tracking = models.BooleanField(
        _("count opens and clicks"),
        default=False,
        help_text=_("Off by default. When on, only totals per message are kept, never per person."),
    )

    class Meta:
        verbose_name = _("messaging settings")
        verbose_name_plural = _("messaging settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_messaging_settings_per_org")
        ]

    def __str__(self) -> str:
        return str(self.organization)


class Audience(TenantModel):
    """Who a broadcast or a texting campaign reaches: a segment or a static list, for one
    purpose of consent, in each person's language (else the default one)."""

    segment = models.ForeignKey(
        "people.Segment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("segment"),
    )
    people_list = models.ForeignKey(
        "people.PeopleList",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("list"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=40, choices=Purpose.choices, default=Purpose.CAMPAIGNS
    )
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )

    class Meta:
        abstract = True


class Broadcast(Audience):
    """One email or SMS sent to an audience (a segment or a list), possibly scheduled."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUING = "queuing", _("Preparing")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("broadcast status", "Sent")
        CANCELLED = "cancelled", pgettext_lazy("broadcast status", "Cancelled")

    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=[(Channel.EMAIL, _("Email")), (Channel.SMS, _("SMS"))],
    )
    name = models.CharField(_("name"), max_length=200)
    #: {"fr": {"subject": ..., "body": ...}, "en": {...}}: the person's language, else the first.
    content = models.JSONField(_("content"), default=dict, blank=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    #: Totals only, and only when the organization turned tracking on: never per person.
    opens = models.PositiveIntegerField(_("opens"), default=0)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("broadcast")
        verbose_name_plural = _("broadcasts")

    def __str__(self) -> str:
        return self.name


class Message(TenantModel):
    """One message to or from one person: the outbox row dispatchers claim, and the record of
    what was sent or received.

    ``idempotency_key`` is unique: a broadcast inserts at most one row per (broadcast,
    person), a texter's click at most one per conversation step, an inbound webhook at most
    one per provider event. The status walks queued -> claimed -> sending -> sent ->
    delivered (or failed); a message is handed to a provider only by the transition
    claimed -> sending, which is recorded before the provider call.
    """

    class Direction(models.TextChoices):
        OUTBOUND = "out", pgettext_lazy("message direction", "Sent")
        INBOUND = "in", pgettext_lazy("message direction", "Received")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("message status", "Queued")
        CLAIMED = "claimed", _("Being sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", pgettext_lazy("message status", "Sent")
        DELIVERED = "delivered", pgettext_lazy("message status", "Delivered")
        FAILED = "failed", pgettext_lazy("message status", "Failed")
        SUPPRESSED = "suppressed", _("Not sent: opted out")
        CANCELLED = "cancelled", pgettext_lazy("message status", "Cancelled")
        UNCERTAIN = "uncertain", _("Unknown: check with the provider")
        RECEIVED = "received", pgettext_lazy("message status", "Received")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.OUTBOUND
    )
    idempotency_key = models.CharField(max_length=120, unique=True)
    broadcast = models.ForeignKey(
        Broadcast, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    conversation = models.ForeignKey(
        "messaging.Conversation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_address = models.CharField(_("to"), max_length=254)
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    not_before = models.DateTimeField(_("not before"), default=timezone.now)
    #: Transactional messages (a confirmation the person asked for) ignore sending hours.
    transactional = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    provider_id = models.CharField(_("provider's id"), max_length=100, blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS segments"), null=True, blank=True)
    cost_cents = models.PositiveIntegerField(_("cost (cents)"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # What dispatchers claim: only the queued rows are in this index.
            models.Index(
                fields=["provider", "not_before", "id"],
                condition=Q(status="queued"),
                name="message_claimable_idx",
            ),
            models.Index(
                fields=["status", "claimed_at"],
                condition=Q(status__in=["claimed", "sending"]),
                name="message_in_flight_idx",
            ),
            models.Index(fields=["broadcast", "status"]),
            models.Index(fields=["provider", "provider_id"]),
            models.Index(fields=["organization", "to_address"]),
            models.Index(fields=["conversation", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.to_address}"


class WebhookEvent(models.Model):
    """Every provider event we accepted, by its id: a replayed webhook is recognised here."""

    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=200)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="webhook_event_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id}"


class ProviderThrottle(models.Model):
    """The next instant a provider account may be sent to: shared by every dispatcher, on
    every machine, so the provider's rate limit holds across workers."""

    provider = models.CharField(max_length=40, primary_key=True)
    next_slot_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("provider throttle")
        verbose_name_plural = _("provider throttles")

    def __str__(self) -> str:
        return self.provider


class TextingCampaign(Audience):
    """Peer-to-peer texting: volunteers send each first message by hand, then answer replies."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        DONE = "done", _("Finished")

    name = models.CharField(_("name"), max_length=200)
    #: {"fr": "Bonjour {first_name|}, ...", "de": "..."}
    script = models.JSONField(_("first message"), default=dict, blank=True)
    batch_size = models.PositiveSmallIntegerField(
        _("contacts per batch"),
        default=25,
        help_text=_("How many people a texter receives each time they ask for more."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    texters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("texters")
    )
    contacts_loaded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("texting campaign")
        verbose_name_plural = _("texting campaigns")

    def __str__(self) -> str:
        return self.name


class Conversation(TenantModel):
    """One person in a texting campaign, and the texter who talks with them."""

    class Status(models.TextChoices):
        UNASSIGNED = "unassigned", _("Not assigned")
        TO_SEND = "to_send", _("First message to send")
        WAITING = "waiting", _("Waiting for a reply")
        NEEDS_REPLY = "needs_reply", _("Needs a reply")
        CLOSED = "closed", _("Closed")
        OPTED_OUT = "opted_out", _("Opted out")

    campaign = models.ForeignKey(
        TextingCampaign, on_delete=models.CASCADE, related_name="conversations"
    )
    person = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(_("phone number"), max_length=20)
    language = models.CharField(_("language"), max_length=8, blank=True)
    texter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("texter"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNASSIGNED
    )
    last_message_at = models.DateTimeField(null=True, blank=True)
    wrong_number = models.BooleanField(_("wrong number"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "phone"], name="conversation_once_per_phone"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status", "id"]),
            models.Index(fields=["campaign", "texter", "status"]),
            models.Index(fields=["organization", "phone"]),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.phone}"


class SurveyQuestion(TenantModel):
    campaign = models.ForeignKey(
        TextingCampaign, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(_("answers"), default=list)
    reveals_opinion = models.BooleanField(
        _("reveals a political opinion"),
        default=True,
        help_text=_("Answers are then visible only to admins."),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text


class SurveyAnswer(TenantModel):
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="answers")
    answer = models.CharField(_("answer"), max_length=200)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "conversation"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.answer


class CannedResponse(TenantModel):
    """A prepared reply; one click sends it and can tag the person or record a survey answer."""

    campaign = models.ForeignKey(
        TextingCampaign, on_delete=models.CASCADE, related_name="canned_responses"
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), blank=True)
    tag = models.ForeignKey(
        "people.Tag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("add tag"),
    )
    question = models.ForeignKey(
        SurveyQuestion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answers question"),
    )
    answer = models.CharField(_("answer"), max_length=200, blank=True)
    closes = models.BooleanField(_("closes the conversation"), default=False)
    marks_wrong_number = models.BooleanField(_("marks a wrong number"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")

    def __str__(self) -> str:
        return self.title
