"""Door-to-door canvassing (OSDI canvassing_efforts/canvasses, questions/answers).

Targeting: an organization imports **address points** (one building entrance with its number of
doors, as the French national address base lists them) and **polling stations** with their
area (GeoJSON) and their **results** per election, to see where abstention is highest.

Organizing: a **canvassing effort** (a drive with its survey script) is cut into **turfs** of
about N doors, each an ordered walking route of **stops** (address points), assigned to
canvassers. Volunteers record **visits** on a phone, offline; each visit carries a
client-generated id so that a sync replayed or arriving out of order records it once.

Geometry is stored as plain latitude/longitude floats and GeoJSON (no PostGIS): the same on
SQLite and PostgreSQL (decision 0067).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from turnout.core.models import TenantModel


class PollingStation(TenantModel):
    """A polling station ("bureau de vote") of a commune, with its area."""

    commune_code = models.CharField(_("commune code"), max_length=10)  # INSEE, e.g. 29019
    commune_name = models.CharField(_("commune"), max_length=200, blank=True)
    number = models.PositiveIntegerField(_("number"))  # "0001" and "1" are the same station
    name = models.CharField(_("name"), max_length=200, blank=True)
    place = models.CharField(_("polling place"), max_length=300, blank=True)
    # GeoJSON geometry (Polygon or MultiPolygon, WGS84) of the station's area; {} if unknown.
    area = models.JSONField(_("area"), default=dict, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)  # centroid of the area
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["commune_code", "number"]
        verbose_name = _("polling station")
        verbose_name_plural = _("polling stations")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "commune_code", "number"], name="one_station_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_name or self.commune_code} {self.number}"

    @property
    def code(self) -> str:
        """What people and addresses carry in ``polling_station``: "29019_0001"."""
        return f"{self.commune_code}_{self.number:04d}"


class ElectionResult(TenantModel):
    """The official figures of one polling station in one election round."""

    station = models.ForeignKey(PollingStation, on_delete=models.CASCADE, related_name="results")
    election = models.CharField(_("election"), max_length=200)  # "Législatives 2024, 1er tour"
    election_date = models.DateField(_("election day"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    registered = models.PositiveIntegerField(_("registered voters"))
    voters = models.PositiveIntegerField(_("voters"))
    abstentions = models.PositiveIntegerField(_("abstentions"))
    expressed = models.PositiveIntegerField(_("valid votes"), null=True, blank=True)
    blank = models.PositiveIntegerField(_("blank votes"), null=True, blank=True)
    null = models.PositiveIntegerField(_("void votes"), null=True, blank=True)

    class Meta:
        ordering = ["-election_date", "round", "station"]
        verbose_name = _("election result")
        verbose_name_plural = _("election results")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "election_date", "round"], name="one_result_per_station_round"
            ),
            models.CheckConstraint(
                condition=Q(voters__lte=models.F("registered"))
                & Q(abstentions__lte=models.F("registered")),
                name="result_counts_within_registered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} — {self.election}"

    @property
    def abstention_rate(self) -> float:
        return self.abstentions / self.registered if self.registered else 0.0


class AddressPoint(TenantModel):
    """One entrance to knock at: a numbered address with its coordinates and its doors."""

    # The source's own id (BAN "id" such as "29019_1234_00012"), for re-imports and updates.
    external_id = models.CharField(_("source id"), max_length=100, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)  # "12", "12 bis"
    street = models.CharField(_("street"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    commune_code = models.CharField(_("commune code"), max_length=10, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    doors = models.PositiveIntegerField(_("doors"), default=1)  # households behind the entrance
    station = models.ForeignKey(
        PollingStation, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="addresses", verbose_name=_("polling station"),
    )  # fmt: skip
    # The import that created it (undo of an import deletes what it created).
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["street", "number", "id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        indexes = [
            models.Index(fields=["organization", "station"]),
            models.Index(fields=["organization", "latitude", "longitude"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "external_id"],
                condition=~Q(external_id=""),
                name="one_address_per_source_id",
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.number, self.street, self.city) if part)


class Effort(TenantModel):
    """A canvassing drive (OSDI canvassing_effort): an area, a survey script, turfs."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("effort status", "In preparation")
        ACTIVE = "active", pgettext_lazy("effort status", "Under way")
        DONE = "done", pgettext_lazy("effort status", "Finished")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The area chosen: a drawn GeoJSON polygon and/or polling stations (ids).
    area = models.JSONField(_("drawn area"), default=dict, blank=True)
    stations = models.ManyToManyField(
        PollingStation, blank=True, related_name="efforts", verbose_name=_("polling stations")
    )
    doors_per_turf = models.PositiveIntegerField(_("doors per turf"), default=100)
    # The survey script: [{"key", "text": {lang: text}, "kind": "single"|"multi"|"text",
    # "choices": [{"key", "text": {lang: text}, "next": question key or ""}], "sensitive": bool,
    # "next": question key or ""}]. Answers revealing political opinion are sensitive data.
    script = models.JSONField(_("survey script"), default=list, blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("canvassing effort")
        verbose_name_plural = _("canvassing efforts")

    def __str__(self) -> str:
        return self.name


class Team(TenantModel):
    """A group of members who canvass together: a turf given to the team is given to each of
    them (one assignment each). Changing the members later does not move turfs."""

    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="canvassing_teams",
        verbose_name=_("members"),
    )  # fmt: skip

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("canvassing team")
        verbose_name_plural = _("canvassing teams")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_team_per_name")
        ]

    def __str__(self) -> str:
        return self.name


class Turf(TenantModel):
    """About N doors of an effort, in walking order, for one canvasser (or a pair)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("turf status", "Not assigned")
        ASSIGNED = "assigned", pgettext_lazy("turf status", "Assigned")
        STARTED = "started", pgettext_lazy("turf status", "In progress")
        DONE = "done", pgettext_lazy("turf status", "Done")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    effort = models.ForeignKey(Effort, on_delete=models.CASCADE, related_name="turfs")
    number = models.PositiveIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="canvassing_turfs", verbose_name=_("canvasser"),
    )  # fmt: skip
    assigned_team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="turfs",
        verbose_name=_("team"),
    )  # fmt: skip
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    doors = models.PositiveIntegerField(_("doors"), default=0)
    route_m = models.PositiveIntegerField(_("walking route (m)"), default=0)
    hull = models.JSONField(_("outline"), default=dict, blank=True)  # GeoJSON polygon
    # Grows at every change of its stops or assignment: the offline app compares it.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["effort", "number"]
        verbose_name = _("turf")
        verbose_name_plural = _("turfs")
        constraints = [models.UniqueConstraint(fields=["effort", "number"], name="one_turf_number")]

    def __str__(self) -> str:
        return self.name or f"{self.effort} #{self.number}"


class TurfStop(models.Model):
    """An address of a turf at its place in the walking route."""

    turf = models.ForeignKey(Turf, on_delete=models.CASCADE, related_name="stops")
    effort = models.ForeignKey(Effort, on_delete=models.CASCADE, related_name="+")
    address = models.ForeignKey(AddressPoint, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["turf", "position"]
        constraints = [
            # An address is in one turf of an effort.
            models.UniqueConstraint(fields=["effort", "address"], name="one_turf_per_address"),
        ]

    def __str__(self) -> str:
        return f"{self.turf_id}#{self.position}"


class TurfAssignment(TenantModel):
    """Who held a turf, when: a canvasser whose turf was reassigned while offline still syncs
    the visits made while it was theirs."""

    turf = models.ForeignKey(Turf, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The team the member held it through (None: given to them alone).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-assigned_at", "-id"]

    def __str__(self) -> str:
        return f"{self.turf_id} -> {self.user_id}"


class Visit(TenantModel):
    """A door knocked (OSDI canvass), recorded on a phone, maybe offline."""

    class Outcome(models.TextChoices):
        NOT_HOME = "not_home", _("Not home")
        REFUSED = "refused", _("Refused")
        TALKED = "talked", _("Talked")
        COME_BACK = "come_back", _("Come back later")
        MOVED = "moved", _("Moved")

    # Generated by the phone: the same visit synced twice is recorded once.
    client_id = models.UUIDField(_("client id"), unique=True)
    effort = models.ForeignKey(Effort, on_delete=models.CASCADE, related_name="visits")
    turf = models.ForeignKey(Turf, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="visits")  # fmt: skip
    address = models.ForeignKey(AddressPoint, on_delete=models.PROTECT, related_name="visits")
    door = models.CharField(_("door"), max_length=50, blank=True)  # "3rd floor left"
    canvasser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)  # {question key: value}
    has_sensitive = models.BooleanField(default=False)
    notes = models.TextField(_("notes"), blank=True)
    visited_at = models.DateTimeField(_("visited"))  # on the phone's clock
    synced_at = models.DateTimeField(_("synced"), auto_now_add=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-visited_at", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["effort", "canvasser", "visited_at"])]

    def __str__(self) -> str:
        return f"{self.address_id} {self.outcome}"


class VisitRejected(TenantModel):
    """A visit the sync could not record (a canvasser who never held the turf, an address
    that is not the organization's, personal data without consent, ...), kept as it came so
    that nothing typed at a door is lost: an organizer attaches it to the right turf or
    dismisses it. A replay of the same ``client_id`` finds it here and gets the same answer."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("rejected visit", "To review")
        ATTACHED = "attached", pgettext_lazy("rejected visit", "Attached to a turf")
        DISMISSED = "dismissed", pgettext_lazy("rejected visit", "Dismissed")

    client_id = models.UUIDField(_("client id"))
    canvasser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The visit as the phone sent it (personal data left out when no consent was shown).
    payload = models.JSONField(_("visit as sent"), default=dict)
    reason_code = models.CharField(max_length=30)
    reason = models.CharField(_("reason"), max_length=300)
    # Read from the payload when they name the organization's own objects (for the review).
    effort = models.ForeignKey(
        Effort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.ForeignKey(
        AddressPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visited_at = models.DateTimeField(_("visited"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    visit = models.ForeignKey(
        Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rejected visit")
        verbose_name_plural = _("rejected visits")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "client_id"], name="one_rejected_visit_per_client_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.client_id} ({self.reason_code})"
