"""Events (OSDI ``osdi:event``), their shifts, the people who answered (``osdi:attendance``)
and the reminders sent to them.

An event belongs to the organization that runs it. Its texts are kept per language like an
action's. Times are aware and stored in UTC; ``time_zone`` is the zone the event happens in
(what its page shows and its form takes). An event with shifts takes sign-ups per shift, each
shift with its own places; without shifts, people sign up for the event itself. Places are
checked under a lock of the event row (``services.rsvp``): ``capacity`` is never exceeded
and the waiting list is served in order.

Field names follow OSDI so the API can map them one to one: ``title``, ``description``,
``instructions``, ``starts_at``/``ends_at`` (``start_date``/``end_date``), the location
(``venue``, ``address_lines``, ``locality``, ``postal_code``, ``region``, ``country``,
``latitude``, ``longitude``), ``capacity``, ``visibility`` and ``status`` (see ``osdi_*``).
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.actions.models import pick_text
from turnout.core.models import TenantModel, TenantQuerySet, TimeStampedModel

TIME_ZONES = [
    ("Europe/Paris", "Europe/Paris"),
    ("Europe/Berlin", "Europe/Berlin"),
    ("Europe/Vienna", "Europe/Vienna"),
    ("Europe/Brussels", "Europe/Brussels"),
    ("Europe/Luxembourg", "Europe/Luxembourg"),
    ("Europe/Zurich", "Europe/Zurich"),
    ("America/Martinique", "America/Martinique"),
    ("America/Guadeloupe", "America/Guadeloupe"),
    ("Indian/Reunion", "Indian/Reunion"),
    ("Pacific/Noumea", "Pacific/Noumea"),
    ("UTC", "UTC"),
]


def new_token() -> str:
    return secrets.token_urlsafe(18)


class EventQuerySet(TenantQuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def public(self):
        """What anyone may see: published events open to the public."""
        return self.published().filter(visibility=Event.Visibility.PUBLIC)


class Event(TenantModel):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INTERNAL = "internal", _("Members only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING = "awaiting", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")
        REJECTED = "rejected", _("Not approved")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.JSONField(_("title"), default=dict, blank=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    instructions = models.JSONField(_("instructions for attendees"), default=dict, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, choices=TIME_ZONES, default="Europe/Paris"
    )
    # Where (OSDI location). An online event has ``online_url`` and maybe no place.
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address_lines = models.TextField(_("street address"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=16, blank=True, db_index=True)
    locality = models.CharField(_("town or city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    online_url = models.URLField(_("online meeting address"), max_length=500, blank=True)
    # Places: null = no limit. With shifts, each shift has its own places too.
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    waitlist = models.BooleanField(_("waiting list when full"), default=True)
    host = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("host"),
    )  # fmt: skip
    # A volunteer's proposal: who proposed it, who approved (or turned it down) and why.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("proposed by"),
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("approved by"),
    )  # fmt: skip
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    review_note = models.TextField(_("reason given"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("why it is cancelled"), blank=True)
    remind_email = models.BooleanField(_("email reminder the day before"), default=True)
    remind_sms = models.BooleanField(_("SMS reminder two hours before"), default=False)
    # iCalendar SEQUENCE: grows with every change people's calendars must pick up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The public event quest of a cooperative campaign this event is held for.
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="events", verbose_name=_("campaign"),
    )  # fmt: skip

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["organization", "status", "starts_at"]),
            models.Index(fields=["status", "visibility", "ends_at"]),
            models.Index(fields=["latitude", "longitude"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="event_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title_text() or self.slug

    def title_text(self, language: str | None = None) -> str:
        return pick_text(self.title, language)

    def description_text(self, language: str | None = None) -> str:
        return pick_text(self.description, language)

    def instructions_text(self, language: str | None = None) -> str:
        return pick_text(self.instructions, language)

    @property
    def has_place(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def is_open(self) -> bool:
        """People may answer: published (past events are refused by the service)."""
        return self.status == self.Status.PUBLISHED

    @property
    def address_text(self) -> str:
        lines = [line.strip() for line in self.address_lines.splitlines() if line.strip()]
        town = " ".join(part for part in (self.postal_code, self.locality) if part)
        return ", ".join(part for part in (self.venue, *lines, town) if part)

    @property
    def osdi_status(self) -> str:
        """OSDI ``status``: confirmed, tentative or cancelled."""
        if self.status == self.Status.PUBLISHED:
            return "confirmed"
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        return "tentative"

    @property
    def osdi_visibility(self) -> str:
        return "public" if self.visibility == self.Visibility.PUBLIC else "private"


class Shift(TimeStampedModel):
    """A time slot of an event with its own places (null: no limit)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="shifts")
    label = models.JSONField(_("label"), default=dict, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="shift_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.label_text() or f"{self.starts_at:%Y-%m-%d %H:%M}"

    def label_text(self, language: str | None = None) -> str:
        return pick_text(self.label, language)


class Attendance(TenantModel):
    """One person's answer to an event (or to one shift of it)."""

    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("RSVP status", "Cancelled")
        DECLINED = "declined", _("Not coming")

    ACTIVE = (Status.GOING, Status.WAITLISTED)
    OSDI_STATUS = {
        Status.GOING: "accepted",
        Status.WAITLISTED: "tentative",
        Status.CANCELLED: "declined",
        Status.DECLINED: "declined",
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    shift = models.ForeignKey(
        Shift, null=True, blank=True, on_delete=models.CASCADE, related_name="attendances",
        verbose_name=_("shift"),
    )  # fmt: skip
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="event_attendances",
        verbose_name=_("person"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GOING
    )
    # Waiting list order: when the person joined it.
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("checked in by"),
    )  # fmt: skip
    # The secret of the person's QR code, calendar file and cancel link.
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    language = models.CharField(_("language"), max_length=8, blank=True)
    source_code = models.CharField(_("source code"), max_length=100, blank=True)
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        indexes = [
            models.Index(fields=["event", "shift", "status", "waitlisted_at"]),
            models.Index(fields=["organization", "person"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "shift", "person"],
                condition=Q(shift__isnull=False),
                name="one_attendance_per_shift_and_person",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(shift__isnull=True),
                name="one_attendance_per_event_and_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.event} ({self.status})"

    @property
    def starts_at(self):
        return self.shift.starts_at if self.shift_id else self.event.starts_at

    @property
    def ends_at(self):
        return self.shift.ends_at if self.shift_id else self.event.ends_at

    @property
    def osdi_status(self) -> str:
        return self.OSDI_STATUS.get(self.status, "needs action")


class ReminderSent(models.Model):
    """A reminder of one kind handled for one attendance: written in the transaction that
    queues the message, so a reminder goes once even if a worker dies half way."""

    class Kind(models.TextChoices):
        EMAIL_DAY_BEFORE = "email_day", _("Email the day before")
        SMS_TWO_HOURS = "sms_2h", _("SMS two hours before")

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("handled"), auto_now_add=True)
    message = models.ForeignKey(
        "messaging.Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why nothing was queued (no consent, quiet hours until after the start, ...); "" = queued.
    skipped = models.CharField(_("not sent because"), max_length=40, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["attendance", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.attendance_id}:{self.kind}"
