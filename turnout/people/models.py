"""The supporter CRM. Field names and meanings follow the OSDI person model.

A Person belongs to one organization. Contact points (emails, phones, postal addresses) are rows
of their own with a primary flag and a status, as in OSDI. Everything that happens to a person
(a signature, a donation, a visit, a message, an import, a merge) is an Activity on the timeline.
Consent is an append-only log with the exact text shown; Suppression keeps salted hashes of
opted-out contact points so that they survive deletion, erasure and re-imports.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from turnout.core.ids import uuid7
from turnout.core.models import TenantModel, TenantQuerySet, tenant_key
from turnout.core.storage import private_storage


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Phone calls")
    WHATSAPP = "whatsapp", _("WhatsApp")
    POST = "post", _("Post")


class Purpose(models.TextChoices):
    CAMPAIGNS = "campaigns", _("Campaign news and calls to action")
    NEWSLETTER = "newsletter", _("Newsletter")
    FUNDRAISING = "fundraising", _("Fundraising")
    EVENTS = "events", _("Events and volunteering")
    REMINDERS = "reminders", _("Election reminders")


class PersonQuerySet(TenantQuerySet):
    def active(self):
        """People who have not been erased."""
        return self.filter(erased_at__isnull=True)


class Person(TenantModel):
    organization = tenant_key(db_index=False)  # leads the (organization, name) index below

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    # Time-ordered (UUID version 7, decision 0107): new keys go to the index's right end.
    uuid = models.UUIDField(default=uuid7, unique=True, editable=False)
    given_name = models.CharField(_("first name"), max_length=100, blank=True)
    family_name = models.CharField(_("last name"), max_length=100, blank=True)
    additional_name = models.CharField(_("middle name"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birthdate = models.DateField(_("date of birth"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    employer = models.CharField(_("employer"), max_length=150, blank=True)
    support_level = models.PositiveSmallIntegerField(
        _("support level"),
        null=True,
        blank=True,
        help_text=_("1 = strong opponent … 5 = strong supporter. Reveals political opinion."),
    )
    organizer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned organizer"),
        db_index=False,  # person_organizer_idx: only the people who have one (decision 0102)
    )
    notes = models.TextField(_("notes"), blank=True)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    custom_fields = models.JSONField(_("custom fields"), default=dict, blank=True)
    origin_system = models.CharField(
        _("origin system"), max_length=100, blank=True, default="Turnout"
    )
    identifiers = models.JSONField(_("identifiers in other systems"), default=list, blank=True)
    tags = models.ManyToManyField("Tag", through="Tagging", related_name="people", blank=True)
    last_activity_at = models.DateTimeField(
        _("last activity"), null=True, blank=True, db_index=True
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    source_import = models.ForeignKey(
        "PeopleImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["organization", "family_name", "given_name"]),
            models.Index(fields=["organization", "created_at"]),
            models.Index(fields=["organization", "updated_at"]),
            # Segments start from the organization's active people.
            models.Index(
                fields=["organization", "do_not_contact", "id"],
                condition=Q(erased_at__isnull=True),
                name="person_active_idx",
            ),
            # Most people have no assigned organizer: they are left out of the index.
            models.Index(
                fields=["organizer"],
                condition=Q(organizer__isnull=False),
                name="person_organizer_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(support_level__isnull=True)
                | Q(support_level__gte=1, support_level__lte=5),
                name="person_support_level_1_to_5",
            )
        ]

    def __str__(self) -> str:
        if self.erased_at:
            return str(_("Erased person"))
        name = f"{self.given_name} {self.family_name}".strip()
        return name or str(_("Unnamed person"))


class ContactStatus(models.TextChoices):
    SUBSCRIBED = "subscribed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    BOUNCING = "bouncing", _("Bouncing")
    SPAM_COMPLAINT = "spam_complaint", _("Spam complaint")
    UNKNOWN = "unknown", _("Unknown")


class EmailAddress(TenantModel):
    organization = tenant_key(db_index=False)  # leads the unique (organization, address)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="emails")
    address = models.EmailField(_("email address"), max_length=254)
    primary = models.BooleanField(_("primary"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.SUBSCRIBED
    )

    class Meta:
        ordering = ["-primary", "id"]
        verbose_name = _("email address")
        verbose_name_plural = _("email addresses")
        constraints = [
            # One person per address in an organization: imports and forms match on it.
            models.UniqueConstraint(
                fields=["organization", "address"], name="one_person_per_email"
            ),
        ]

    def __str__(self) -> str:
        return self.address


class PhoneNumber(TenantModel):
    class Kind(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        LANDLINE = "landline", _("Landline")
        OTHER = "other", _("Other")

    organization = tenant_key(db_index=False)  # leads the (organization, number) index
    # Indexed by the unique constraint (person, number).
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="phones", db_index=False
    )
    number = models.CharField(_("phone number"), max_length=20, help_text=_("E.164 format"))
    number_type = models.CharField(
        _("type"), max_length=10, choices=Kind.choices, default=Kind.OTHER
    )
    primary = models.BooleanField(_("primary"), default=False)
    sms_capable = models.BooleanField(_("can receive SMS"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ContactStatus.choices, default=ContactStatus.SUBSCRIBED
    )

    class Meta:
        ordering = ["-primary", "id"]
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        indexes = [models.Index(fields=["organization", "number"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "number"], name="phone_once_per_person")
        ]

    def __str__(self) -> str:
        return self.number


class PostalAddress(TenantModel):
    class Status(models.TextChoices):
        POTENTIAL = "potential", _("Unverified")
        VERIFIED = "verified", _("Verified")
        BAD = "bad", _("Wrong address")

    organization = tenant_key(db_index=False)  # leads the postcode and polling-station indexes
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    primary = models.BooleanField(_("primary"), default=False)
    address_lines = models.TextField(_("street address"), blank=True)
    locality = models.CharField(_("town or city"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=16, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    polling_station = models.CharField(_("polling station"), max_length=32, blank=True)
    precinct = models.CharField(_("precinct"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.POTENTIAL
    )

    class Meta:
        ordering = ["-primary", "id"]
        verbose_name = _("postal address")
        verbose_name_plural = _("postal addresses")
        indexes = [
            # Pattern operators so that "postcode starts with 29" uses the index on PostgreSQL.
            models.Index(
                fields=["organization", "postal_code"],
                opclasses=["int8_ops", "varchar_pattern_ops"],
                name="address_postcode_idx",
            ),
            models.Index(fields=["organization", "polling_station"]),
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in [self.address_lines, self.postal_code, self.locality] if p)


class Tag(TenantModel):
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="tag_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Tagging(models.Model):
    """OSDI tagging: a tag on a person, with when and how it was added."""

    # Indexed by the unique constraint (person, tag) and the index (tag, person).
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="taggings", db_index=False
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="taggings", db_index=False)
    created_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_import = models.ForeignKey(
        "PeopleImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "tag"], name="tag_once_per_person")
        ]
        indexes = [models.Index(fields=["tag", "person"])]

    def __str__(self) -> str:
        return f"{self.tag_id}:{self.person_id}"


class CustomField(TenantModel):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        BOOLEAN = "boolean", _("Yes/no")

    key = models.SlugField(
        _("key"), max_length=50, help_text=_("Used in imports, exports and the API.")
    )
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    sensitive = models.BooleanField(
        _("reveals political opinion"),
        default=False,
        help_text=_("Only roles allowed to see political opinions will see this field."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "label"]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        constraints = [
            models.UniqueConstraint(fields=["organization", "key"], name="custom_field_key")
        ]

    def __str__(self) -> str:
        return self.label


class Activity(TenantModel):
    """One line of a person's timeline. Every module writes here through ``activity_record``."""

    organization = tenant_key(db_index=False)  # leads the (organization, kind, ...) indexes
    # Leads the (person, -occurred_at) index.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="activities", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=40)
    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Not indexed (decision 0102): a line is looked up by its person first, and only deleting
    # a content type would search by this column alone.
    source_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    source_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    sensitive = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["person", "-occurred_at"]),
            models.Index(fields=["organization", "kind", "person"]),
            models.Index(
                fields=["organization", "kind", "occurred_at", "person"],
                name="activity_kind_time_person_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"


class ActivityCount(models.Model):
    """How many activities of one kind a person has, and when the last one happened: kept
    exact by every write path of Activity (``services.timeline.activity_counters_bump``), read
    by the segment conditions "did at least N times" and "did ... since"
    (docs/decisions/0033-activity-counters.md). A person without a row has none of that kind;
    a row never holds 0."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
        db_index=False,  # the leading column of both indexes below
    )
    # Indexed by the unique constraint (person, kind).
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="activity_counts", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=40)
    count = models.PositiveIntegerField(_("count"), default=0)
    last_at = models.DateTimeField(_("last time"))

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity count")
        verbose_name_plural = _("activity counts")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="activity_count_once"),
        ]
        indexes = [
            # "kind, count >= n" and "kind, last one since d": range scans that also yield
            # the person (index-only).
            models.Index(
                fields=["organization", "kind", "count", "person"], name="activity_count_kind_idx"
            ),
            models.Index(
                fields=["organization", "kind", "last_at", "person"], name="activity_count_last_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind}: {self.count}"


class Consent(TenantModel):
    """Append-only consent log. The row with ``current=True`` is the state for its
    (person, channel, purpose); older rows stay as evidence."""

    class Status(models.TextChoices):
        GRANTED = "granted", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PENDING = "pending", _("Waiting for confirmation")

    class Source(models.TextChoices):
        FORM = "form", _("Web form")
        IMPORT = "import", _("Import")
        CANVASS = "canvass", _("Door-to-door")
        API = "api", _("API")
        STAFF = "staff", _("Entered by staff")
        MESSAGE = "message", _("Reply to a message")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    purpose = models.CharField(
        _("purpose"), max_length=40, choices=Purpose.choices, default=Purpose.CAMPAIGNS
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    current = models.BooleanField(default=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=200, blank=True)
    notice_text = models.TextField(_("text shown"), blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "channel", "purpose"],
                condition=Q(current=True),
                name="one_current_consent",
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "channel", "purpose", "status", "person"],
                condition=Q(current=True),
                name="consent_current_person_idx",
            )
        ]


class Suppression(TenantModel):
    """A contact point that must never be contacted again on a channel.

    Only a keyed hash of the normalized value is kept, so the entry survives the erasure of the
    person and matches the same address or number when it comes back in an import.
    """

    class Reason(models.TextChoices):
        OPT_OUT = "opt_out", _("Opted out")
        ERASURE = "erasure", _("Erased on request")
        OBJECTION = "objection", _("Objected to processing")
        BOUNCE = "bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")
        STAFF = "staff", _("Added by staff")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    value_hash = models.CharField(max_length=64)
    hint = models.CharField(
        _("hint"), max_length=40, blank=True, help_text=_("A masked form such as j***@e***.org")
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppression")
        verbose_name_plural = _("suppression list")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "channel", "value_hash"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_suppression",
            )
        ]
        indexes = [models.Index(fields=["organization", "channel", "value_hash"])]


class Segment(TenantModel):
    """A saved filter: its members change as the data changes. Audiences for messages,
    canvassing and journeys."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("filters"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_count = models.PositiveIntegerField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name


class PeopleList(TenantModel):
    """A static list (OSDI list): people added by hand or by an import, kept as they are."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    people = models.ManyToManyField(Person, through="ListMembership", related_name="lists")

    class Meta:
        ordering = ["name"]
        verbose_name = _("list")
        verbose_name_plural = _("lists")

    def __str__(self) -> str:
        return self.name


class ListMembership(models.Model):
    people_list = models.ForeignKey(
        PeopleList, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["people_list", "person"], name="once_per_list")
        ]

    def __str__(self) -> str:
        return f"{self.people_list_id}:{self.person_id}"


class PeopleImport(TenantModel):
    """A CSV or XLSX import: mapping, options, counts, rejected rows, and its undo."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for column mapping")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        UNDONE = "undone", _("Undone")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(max_length=8)
    encoding = models.CharField(max_length=32, blank=True)
    delimiter = models.CharField(max_length=4, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    tag_names = models.JSONField(_("tags to add"), default=list, blank=True)
    consent_basis = models.TextField(_("legal basis and consent source"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    suppressed_count = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rejects_file = models.FileField(upload_to="imports/%Y/%m/", blank=True, storage=private_storage)
    job = models.ForeignKey(
        "core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name


class ImportChange(models.Model):
    """What one import did to one person, so that the import can be undone."""

    people_import = models.ForeignKey(
        PeopleImport, on_delete=models.CASCADE, related_name="changes"
    )
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.BooleanField(default=False)
    before = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["people_import", "id"])]

    def __str__(self) -> str:
        return f"{self.people_import_id}:{self.person_id}"


class ImportMapping(TenantModel):
    """The column mapping last used for a given set of headers, offered again next time."""

    headers_key = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "headers_key"], name="one_mapping_per_header_set"
            )
        ]


class PersonMerge(TenantModel):
    """The history of a merge: who was merged into whom, and what the merged record held."""

    survivor = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="merges"
    )
    merged_uuid = models.UUIDField()
    merged_snapshot = models.JSONField(default=dict)
    choices = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class DuplicateCandidate(TenantModel):
    """Two people who may be the same, found by the duplicate scan (``person_low_id`` is the
    smaller id so that a pair is stored once)."""

    person_low = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_high = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("likeness"), default=0)
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_low", "person_high"], name="candidate_pair_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_low_id}~{self.person_high_id} ({self.score})"


class DuplicateDismissal(TenantModel):
    """Two people someone checked and said are different: not proposed again."""

    person_low = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_high = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person_low", "person_high"], name="dismiss_pair_once")
        ]


class AccessLog(TenantModel):
    """Who viewed or exported personal data (GDPR accountability)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        DSAR = "dsar", _("Data-subject export")
        ERASE = "erase", _("Erased")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=8, choices=Action.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=300, blank=True)
    record_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "-created_at"])]


class RetentionPolicy(TenantModel):
    """Delete (anonymize) people without activity for N months, on a schedule."""

    enabled = models.BooleanField(_("enabled"), default=False)
    inactive_months = models.PositiveSmallIntegerField(_("inactive for (months)"), default=36)
    keep_donors = models.BooleanField(
        _("keep people with donations"),
        default=True,
        help_text=_("Donation records must be kept for accounting and legal reporting."),
    )
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_report = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="one_retention_policy")
        ]
