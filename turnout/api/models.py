"""Outgoing webhooks: an organization's subscriptions, the events they hear about and one
delivery per (subscription, event). See ``turnout/api/webhooks/`` for the logic and
docs/guide/api-webhooks.md for what receivers get."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from turnout.core.models import TenantModel, TenantQuerySet


class WebhookSubscription(TenantModel):
    """A URL of the organization's that receives the events it chose, signed with its secret.

    The secret is kept as is (it signs every delivery) and shown once, when it is made."""

    class DisabledReason(models.TextChoices):
        MANUAL = "manual", _("Turned off by an admin")
        FAILURES = "failures", _("Turned off after repeated failures")

    name = models.CharField(_("name"), max_length=100, blank=True)
    target_url = models.URLField(_("URL"), max_length=2000)
    event_types = models.JSONField(_("events"), default=list)
    secret = models.CharField(max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(
        _("why it is off"), max_length=10, choices=DisabledReason.choices, blank=True
    )
    disabled_at = models.DateTimeField(_("turned off"), null=True, blank=True)
    # Failed attempts in a row (any success resets it), since when, and the deliveries that
    # gave up in that streak: together they decide the automatic disabling.
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    gave_up_streak = models.PositiveIntegerField(default=0)
    secret_rotated_at = models.DateTimeField(_("secret changed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        indexes = [models.Index(fields=["organization", "active"])]

    def __str__(self) -> str:
        return self.name or self.target_url[:80]

    @property
    def secret_hint(self) -> str:
        return f"{self.secret[:10]}…" if self.secret else ""


class WebhookEvent(TenantModel):
    """Something that happened, once, with the payload every subscriber gets (scrubbed to the
    identifiers when the person it is about is erased)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("event"), max_length=40, db_index=True)
    resource_type = models.CharField(max_length=40, blank=True)
    resource_id = models.CharField(max_length=64, blank=True)
    # The person the payload is about (their data is in it): erasure scrubs by this.
    person_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    payload = models.JSONField(default=dict)
    scrubbed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} {self.resource_type}:{self.resource_id}"


class WebhookDeliveryQuerySet(TenantQuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(
            status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING],
            next_attempt_at__lte=now,
            subscription__active=True,
        )

    def failed(self):
        return self.filter(
            status__in=[WebhookDelivery.Status.FAILED, WebhookDelivery.Status.GAVE_UP]
        )


class WebhookDelivery(TenantModel):
    """The sending of one event to one subscription: at most one row per pair, claimed by one
    worker at a time (status ``sending``), retried on a schedule until it succeeds or gives up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENDING = "sending", _("Sending")
        SUCCEEDED = "succeeded", _("Delivered")
        RETRYING = "retrying", _("Will retry")
        FAILED = "failed", _("Failed")
        GAVE_UP = "gave_up", _("Gave up")

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Retries are scheduled from the first attempt; a manual replay tries once more.
    max_attempts = models.PositiveSmallIntegerField(default=9)
    # A test or a replay asked by a person: one attempt, no automatic retry ("failed").
    manual = models.BooleanField(default=False)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    response_excerpt = models.TextField(_("response (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event"], name="one_delivery_per_subscription_and_event"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["subscription", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.subscription_id} ({self.status})"

    @property
    def failed_for_good(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.GAVE_UP)

    @property
    def tone(self) -> str:
        """The CSS status class: succeeded, failed or pending."""
        if self.status == self.Status.SUCCEEDED:
            return "succeeded"
        return "failed" if self.failed_for_good else "pending"
