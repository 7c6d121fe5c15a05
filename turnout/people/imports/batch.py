"""One batch of an import: rows are checked in Python (``prepare``), then the suppression list
and the existing people are looked up for the whole batch in a few queries, and people,
contact points, taggings, undo records and timeline activities are written with fast inserts
(``write``). The caller (pipeline.py) runs ``write`` inside the batch's transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.ids import uuid7_hex
from turnout.organizations.models import Organization

from ..models import (
    Activity,
    ActivityCount,
    Channel,
    ContactStatus,
    CustomField,
    EmailAddress,
    ImportChange,
    PeopleImport,
    Person,
    PhoneNumber,
    PostalAddress,
    Suppression,
    Tag,
    Tagging,
)
from . import reader
from .cells import text_of
from .mapping import ON_MATCH_FILL
from .rows import PERSON_FIELDS, ParsedRow, RowConverter
from .writer import (
    BulkTable,
    copy_text,
    db_datetime,
    db_json,
    emails_owned,
    is_postgresql,
    lock_keys,
    phones_owned,
    reserve_ids_many,
    suppressions_matching,
)

ACTIVITY_KIND = "import"
UNSUBSCRIBING = {Suppression.Reason.ERASURE, Suppression.Reason.OBJECTION}
SUBSCRIBED = str(ContactStatus.SUBSCRIBED)
UNSUBSCRIBED = str(ContactStatus.UNSUBSCRIBED)
# Columns the batch writes, in the order of its row tuples (writer.BulkTable).
PERSON_COLUMNS = [
    "id",
    "uuid",
    "organization_id",
    "given_name",
    "family_name",
    "gender",
    "birthdate",
    "language",
    "employer",
    "support_level",
    "custom_fields",
    "origin_system",
    "source_import_id",
    "last_activity_at",
    "created_at",
    "updated_at",
]
EMAIL_COLUMNS = [
    "organization_id",
    "person_id",
    "address",
    "primary",
    "status",
    "created_at",
    "updated_at",
]
PHONE_COLUMNS = [
    "organization_id",
    "person_id",
    "number",
    "number_type",
    "primary",
    "sms_capable",
    "status",
    "created_at",
    "updated_at",
]
ADDRESS_COLUMNS = [
    "id",
    "organization_id",
    "person_id",
    "primary",
    "address_lines",
    "locality",
    "region",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "polling_station",
    "precinct",
    "created_at",
    "updated_at",
]
TAGGING_COLUMNS = ["person_id", "tag_id", "created_at", "added_by_id", "source_import_id"]
ACTIVITY_COLUMNS = [
    "organization_id",
    "person_id",
    "kind",
    "occurred_at",
    "actor_id",
    "source_type_id",
    "source_id",
    "summary",
    "created_at",
    "updated_at",
]


COUNTER_COLUMNS = ["organization_id", "person_id", "kind", "count", "last_at"]


class ContactHasher:
    """normalize.contact_hash (the suppression-list fingerprint, HMAC-SHA256) with the key
    prepared once: the same hex digests (tested), four times faster than ``hmac.digest``, which
    sets the key up again for each value. HMAC as RFC 2104 defines it: the key padded to the
    block, XORed with the inner and outer pads; the two hash states after the pads are kept and
    copied for each value."""

    BLOCK = 64  # SHA-256's block size in bytes

    def __init__(self, organization_id: int):
        self.prefix = f"{organization_id}:"
        key = settings.TURNOUT_HASH_KEY.encode()
        if len(key) > self.BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(self.BLOCK, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, kind: str, value: str) -> str:
        inner = self.inner.copy()
        inner.update(f"{self.prefix}{kind}:{value}".encode())
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def serialize(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    rejected: int = 0
    suppressed: int = 0
    blank: int = 0
    report: list = field(default_factory=list)
    tag_ids: dict = field(default_factory=dict)

    def add(self, other: Outcome) -> None:
        self.created += other.created
        self.updated += other.updated
        self.rejected += other.rejected
        self.suppressed += other.suppressed
        self.blank += other.blank
        self.report.extend(other.report)
        self.tag_ids.update(other.tag_ids)


class NewPerson:
    """A person this batch creates: the values of a Person row, without a model instance."""

    __slots__ = (
        "birthdate",
        "custom_fields",
        "employer",
        "family_name",
        "gender",
        "given_name",
        "language",
        "pk",
        "support_level",
    )

    def __init__(self):
        self.pk = None
        self.given_name = self.family_name = self.gender = self.language = self.employer = ""
        self.birthdate = self.support_level = None
        self.custom_fields = {}


@dataclass
class Prepared:
    """A batch read and checked: ``count`` records of the file, the ``rows`` to write, and
    what reading already decided (blank lines, rejected rows and their report)."""

    count: int
    rows: list
    out: Outcome
    # Set by the reading process (pipeline.KeyLookups): the emails and phone
    # numbers of the rows already in the base, looked up on its own connection, and those to
    # look up again at write time (the keys of the batches not yet committed then).
    lookups: Lookups | None = None


@dataclass
class Lookups:
    emails: dict  # address -> (person id, erased?)
    phones: dict  # number -> the lowest id of the people not erased who have it
    # Set by the job (pipeline.RecentKeys): the emails and numbers looked up (the others are
    # looked up again), and those of the batches that were not yet committed then.
    checked: set = field(default_factory=set)
    again: set = field(default_factory=set)

    def to_check(self, keys: set) -> set:
        return (keys & self.again) | (keys - self.checked)


class Target:
    """A person a batch writes to: new in this batch, or already in the database."""

    __slots__ = (
        "addr_changes",
        "address",  # a PostalAddress, or a dict when this batch creates the address
        "address_dirty",
        "address_id",
        "address_new",
        "cf_changes",
        "changes",
        "dirty",
        "emails",
        "emails_added",
        "new",
        "new_emails",
        "new_phones",
        "person",
        "phones",
        "phones_added",
        "tags",
        "tags_new",
        "track",  # record what changed, to undo it (people who existed before the import)
    )

    def __init__(self, person, new: bool, track: bool = False):
        self.person, self.new, self.track = person, new, track
        self.emails, self.phones, self.tags = set(), set(), set()
        self.address = self.address_id = None
        self.address_new = False
        self.address_dirty, self.dirty = set(), set()
        self.changes, self.cf_changes, self.addr_changes = {}, {}, {}
        self.emails_added, self.phones_added, self.tags_new = [], [], []
        self.new_emails, self.new_phones = [], []

    @property
    def changed(self) -> bool:
        return bool(
            self.dirty
            or self.emails_added
            or self.phones_added
            or self.address_dirty
            or self.address_new
            or self.tags_new
        )


class ImportBatcher:
    def __init__(self, people_import: PeopleImport):
        self.imp = people_import
        self.org = people_import.organization
        mapping = people_import.mapping or {}
        self.fill_only = mapping.get("on_match") == ON_MATCH_FILL
        self.converter = RowConverter(
            columns=list(mapping.get("columns", [])),
            organization=self.org,
            custom_fields=list(CustomField.objects.for_organization(self.org)),
        )
        self.base_tags = [t for t in people_import.tag_names if t]
        self.tag_cache: dict[str, int] = {}
        self.content_type_id = ContentType.objects.get_for_model(PeopleImport).pk
        self.summary = people_import.original_name[:300]
        self.empty_json = db_json({})
        self.hasher = ContactHasher(self.org.pk)
        self.tables = {
            "person": BulkTable(Person, PERSON_COLUMNS),
            "email": BulkTable(EmailAddress, EMAIL_COLUMNS),
            "phone": BulkTable(PhoneNumber, PHONE_COLUMNS),
            "address": BulkTable(PostalAddress, ADDRESS_COLUMNS),
            "address_new": BulkTable(PostalAddress, ADDRESS_COLUMNS[1:]),  # id: the default
            "tagging": BulkTable(Tagging, TAGGING_COLUMNS),
            "change": BulkTable(ImportChange, ["people_import_id", "person_id", "before"]),
            "activity": BulkTable(Activity, ACTIVITY_COLUMNS),
            "counter": BulkTable(ActivityCount, COUNTER_COLUMNS),
        }
        self.origin = (_("Import: %(name)s") % {"name": people_import.original_name})[:100]
        # Set by the pipeline for a batch whose transaction runs without the foreign-key
        # triggers (writer.skip_fk_triggers): the batch then locks what it references itself.
        self.check_keys = False
        self.copy_lines = is_postgresql()

    # The report row of a record: line, outcome, reason, original values.
    def report_row(self, record_or_row, outcome: str, reasons: list[str]) -> list:
        raw = record_or_row.cells if isinstance(record_or_row, reader.Record) else record_or_row.raw
        return [record_or_row.line, outcome, "; ".join(reasons), *(text_of(v) for v in raw)]

    def prepare(self, records: list[reader.Record]) -> Prepared:
        """Read and check the rows of a batch: pure Python, no database (it may run in the
        reading thread while the previous batch is being written)."""
        out = Outcome()
        rows: list[ParsedRow] = []
        hasher = self.hasher
        for record in records:
            if record.blank:
                out.blank += 1
                continue
            if record.error:
                out.rejected += 1
                out.report.append(self.report_row(record, _("rejected"), [record.error]))
                continue
            row = self.converter.convert(record.line, record.cells)
            if row.errors:
                out.rejected += 1
                out.report.append(self.report_row(row, _("rejected"), row.errors))
                continue
            if row.email:
                row.email_hash = hasher("email", row.email)
            if row.phone:
                row.phone_hash = hasher("phone", row.phone)
            if self.copy_lines:
                self._copy_text(row)
            rows.append(row)
        return Prepared(count=len(records), rows=rows, out=out)

    def _copy_text(self, row: ParsedRow) -> None:
        """The COPY text of the person and address a row creates when it is alone to create
        them (most rows): built here, in the reading thread, while the database works. The
        columns are those of PERSON_COLUMNS[3:11] and ADDRESS_COLUMNS[4:13]."""
        p = row.person
        birthdate, level = p.get("birthdate"), p.get("support_level")
        row.copy_person = "\t".join(
            (
                copy_text(p.get("given_name", "")),
                copy_text(p.get("family_name", "")),
                p.get("gender", ""),
                "\\N" if birthdate is None else birthdate.isoformat(),
                p.get("language", ""),
                copy_text(p.get("employer", "")),
                "\\N" if level is None else str(level),
                copy_text(db_json(row.custom)) if row.custom else self.empty_json,
            )
        )
        a = row.address
        if a:
            lat, lon = a.get("latitude"), a.get("longitude")  # floats or None
            row.copy_address = "\t".join(
                (
                    copy_text(a.get("address_lines", "")),
                    copy_text(a.get("locality", "")),
                    copy_text(a.get("region", "")),
                    copy_text(a.get("postal_code", "")),
                    copy_text(a.get("country", "")),
                    copy_text(lat),
                    copy_text(lon),
                    copy_text(a.get("polling_station", "")),
                    copy_text(a.get("precinct", "")),
                )
            )

    def write(self, prepared: Prepared) -> Outcome:
        """Write a prepared batch (inside the caller's transaction)."""
        out = Outcome()
        out.add(prepared.out)
        rows = prepared.rows
        if rows:
            rows = self._suppress(rows, out)
        if rows:
            self._write(rows, out, prepared.lookups)
        return out

    def _emails_owned(self, emails: set, lookups: Lookups | None) -> list:
        if lookups is None:
            return emails_owned(self.org.pk, emails)
        again = lookups.to_check(emails)
        found = lookups.emails
        known = [(a, *found[a]) for a in emails - again if a in found]
        return known + emails_owned(self.org.pk, again)

    def _phones_owned(self, phones: set, lookups: Lookups | None) -> list:
        """As phones_owned: the highest person id first, so that the lowest wins."""
        if lookups is None:
            return phones_owned(self.org.pk, phones)
        again = lookups.to_check(phones)
        found = lookups.phones
        known = [(n, found[n]) for n in phones - again if n in found]
        return known + phones_owned(self.org.pk, again)  # no number in both

    def _suppress(self, rows: list[ParsedRow], out: Outcome) -> list[ParsedRow]:
        """Skip the people who asked to be erased; an opt-out keeps the person, but the
        contact point is saved as unsubscribed (like person_upsert)."""
        hashes = {h for row in rows for h in (row.email_hash, row.phone_hash) if h}
        self.erased, self.email_off, self.phone_off = set(), set(), set()
        if hashes:
            for value_hash, channel, reason in suppressions_matching(self.org.pk, hashes):
                if reason == Suppression.Reason.ERASURE:
                    self.erased.add(value_hash)
                if channel == Channel.EMAIL or reason in UNSUBSCRIBING:
                    self.email_off.add(value_hash)
                if channel == Channel.SMS or reason in UNSUBSCRIBING:
                    self.phone_off.add(value_hash)
        if not self.erased:
            return rows
        kept = []
        for row in rows:
            if row.email_hash in self.erased or row.phone_hash in self.erased:
                out.suppressed += 1
                out.report.append(
                    [
                        row.line,
                        _("skipped"),
                        _("This person asked for their data to be erased; not imported."),
                    ]
                )
            else:
                kept.append(row)
        return kept

    def _tag_ids(self, names: set[str], out: Outcome) -> dict[str, int]:
        ids = {n: self.tag_cache[n] for n in names if n in self.tag_cache}
        missing = names - ids.keys()
        if missing:
            found = dict(
                Tag.objects.filter(organization=self.org, name__in=missing).values_list(
                    "name", "pk"
                )
            )
            absent = missing - found.keys()
            if absent:
                Tag.objects.bulk_create(
                    [Tag(organization=self.org, name=n) for n in sorted(absent)],
                    ignore_conflicts=True,
                )
                found.update(
                    Tag.objects.filter(organization=self.org, name__in=absent).values_list(
                        "name", "pk"
                    )
                )
            ids.update(found)
            out.tag_ids.update(found)
        return ids

    def _write(self, rows: list[ParsedRow], out: Outcome, lookups: Lookups | None) -> None:
        org, imp = self.org, self.imp
        now = timezone.now()

        # 1. Who is each row? Email first, then phone, like person_upsert; rows of this batch
        # that add an email or a phone are found by the rows after them.
        emails = {r.email for r in rows if r.email}
        email_owner: dict[str, object] = {}
        blocked: set[str] = set()
        for address, person_id, erased in self._emails_owned(emails, lookups):
            if erased:
                blocked.add(address)
            else:
                email_owner[address] = person_id
        phones = {r.phone for r in rows if r.phone and r.email not in email_owner}
        phone_owner: dict[str, object] = {}
        for number, person_id in self._phones_owned(phones, lookups):
            phone_owner[number] = person_id  # the lowest id wins, as in person_upsert
        keys: list[object] = []
        new_count = 0
        kept: list[ParsedRow] = []
        for row in rows:
            if row.email in blocked:
                out.rejected += 1
                out.report.append(
                    self.report_row(
                        row,
                        _("rejected"),
                        [_("This email address belongs to an erased record.")],
                    )
                )
                continue
            key = email_owner.get(row.email) if row.email else None
            if key is None and row.phone:
                key = phone_owner.get(row.phone)
            if key is None:
                key = ("new", new_count)
                new_count += 1
            if row.email and row.email not in email_owner:
                email_owner[row.email] = key
            if row.phone and row.phone not in phone_owner:
                phone_owner[row.phone] = key
            keys.append(key)
            kept.append(row)
        rows = kept

        # 2. The people who are already in the database, with their contact points.
        targets: dict[object, Target] = {}
        existing_ids = {k for k in keys if isinstance(k, int)}
        if existing_ids:
            # No ORDER BY (the models' default ordering): the look-ups fill sets.
            # Only what an import reads or changes (the other columns cost their loading).
            known = Person.objects.filter(pk__ids_in=existing_ids).order_by()
            known = known.only("source_import", "last_activity_at", "custom_fields", *PERSON_FIELDS)
            for person in known:
                targets[person.pk] = Target(
                    person=person, new=False, track=person.source_import_id != imp.pk
                )
            for person_id, address in (
                EmailAddress.objects.filter(person_id__ids_in=existing_ids)
                .order_by()
                .values_list("person_id", "address")
            ):
                targets[person_id].emails.add(address)
            for person_id, number in (
                PhoneNumber.objects.filter(person_id__ids_in=existing_ids)
                .order_by()
                .values_list("person_id", "number")
            ):
                targets[person_id].phones.add(number)
            if any(r.has_address for r in rows):
                for address in PostalAddress.objects.filter(
                    person_id__ids_in=existing_ids, primary=True
                ).order_by("-id"):
                    targets[address.person_id].address = address
        tag_names = set(self.base_tags)
        for row in rows:
            tag_names.update(row.tags)
        tag_ids = self._tag_ids(tag_names, out) if tag_names else {}
        if self.check_keys:
            self._lock_references(existing_ids, tag_ids)
        if existing_ids and tag_ids:
            for person_id, tag_id in (
                Tagging.objects.filter(person_id__ids_in=existing_ids, tag_id__in=tag_ids.values())
                .order_by()
                .values_list("person_id", "tag_id")
            ):
                targets[person_id].tags.add(tag_id)

        # 3. Apply the rows in the order of the file. A row that is alone to create its person
        # (most rows) is written from its COPY text (prepare), without a Target.
        new_targets: list[Target] = []
        singles: list[ParsedRow] = []
        if self.copy_lines and new_count:
            per_key = Counter(k for k in keys if k.__class__ is tuple)
        else:
            per_key = {}
        for row, key in zip(rows, keys, strict=True):
            if per_key.get(key) == 1 and row.copy_person:
                singles.append(row)
                out.created += 1
                if row.warnings:
                    out.report.append(self.report_row(row, _("saved with a warning"), row.warnings))
                continue
            target = targets.get(key)
            if target is None:
                target = targets[key] = Target(person=NewPerson(), new=True)
                new_targets.append(target)
                out.created += 1
            else:
                out.updated += 1
            self._apply(target, row.full(), tag_ids)
            if row.warnings:
                out.report.append(self.report_row(row, _("saved with a warning"), row.warnings))

        # 4. Write: new rows with fast inserts, changed rows with bulk updates.
        tables = self.tables
        org_id, imp_id, actor_id = org.pk, imp.pk, imp.created_by_id
        db_now = db_datetime(now)
        adapt_date = connection.ops.adapt_datefield_value
        new_addresses = [t for t in targets.values() if t.address_new]
        person_ids, address_ids = reserve_ids_many(
            [(Person, len(new_targets) + len(singles)), (PostalAddress, len(new_addresses))]
        )
        for target, person_id in zip(new_targets, person_ids, strict=False):
            target.person.pk = person_id
        single_ids = person_ids[len(new_targets) :]
        # The same millisecond for the whole batch (decision 0107): hex, as Django stores them.
        uuids = uuid7_hex(len(person_ids))
        single_uuids = uuids[len(new_targets) :]
        people_rows = []
        for target, uuid_text in zip(new_targets, uuids, strict=False):
            p = target.person
            people_rows.append(
                (
                    p.pk,
                    uuid_text,
                    org_id,
                    p.given_name,
                    p.family_name,
                    p.gender,
                    None if p.birthdate is None else adapt_date(p.birthdate),
                    p.language,
                    p.employer,
                    p.support_level,
                    db_json(p.custom_fields) if p.custom_fields else self.empty_json,
                    self.origin,
                    imp_id,
                    db_now,
                    db_now,
                    db_now,
                )
            )
        tables["person"].insert(
            people_rows + self._single_people(singles, single_ids, single_uuids, db_now)
        )
        # The server inserts the people while Python builds the rest (writer.OverlappedCopies).
        fast = self._single_lines(singles, single_ids, tag_ids, db_now)

        email_rows, phone_rows, address_rows, tagging_rows = [], [], [], []
        dirty_addresses, address_fields = [], set()
        for target, address_id in zip(new_addresses, address_ids, strict=False):
            target.address_id = address_id
        for target in targets.values():
            person_id = target.person.pk
            for address, primary, status in target.new_emails:
                email_rows.append((org_id, person_id, address, primary, status, db_now, db_now))
            for number, kind, primary, status in target.new_phones:
                phone_rows.append(
                    (
                        org_id,
                        person_id,
                        number,
                        kind,
                        primary,
                        kind == "mobile",
                        status,
                        db_now,
                        db_now,
                    )
                )
            if target.address is not None:
                if target.address_new:
                    a = target.address
                    address_rows.append(
                        (
                            target.address_id,
                            org_id,
                            person_id,
                            True,
                            a.get("address_lines", ""),
                            a.get("locality", ""),
                            a.get("region", ""),
                            a.get("postal_code", ""),
                            a.get("country", ""),
                            a.get("latitude"),
                            a.get("longitude"),
                            a.get("polling_station", ""),
                            a.get("precinct", ""),
                            db_now,
                            db_now,
                        )
                    )
                elif target.address_dirty:
                    target.address.updated_at = now
                    dirty_addresses.append(target.address)
                    address_fields |= target.address_dirty
            for tag_id in target.tags_new:
                tagging_rows.append((person_id, tag_id, db_now, actor_id, imp_id))
        tables["email"].insert(email_rows + fast["email"])
        tables["phone"].insert(phone_rows + fast["phone"])
        tables["address"].insert(address_rows)
        tables["address_new"].insert(fast["address"])
        if dirty_addresses:
            PostalAddress.objects.bulk_update(
                dirty_addresses, sorted(address_fields | {"updated_at"})
            )
        tables["tagging"].insert(tagging_rows + fast["tagging"])

        change_rows, activity_rows, dirty_people, dirty_fields = [], [], [], set()
        # The timeline counters: people created by this batch have none yet (a fast insert);
        # the counters of people already in the base are added to (activity_counters_bump).
        counter_rows, bumped = fast["counter"], []
        for target in targets.values():
            person = target.person
            if target.new:
                activity_rows.append(self._activity(person.pk, db_now))
                counter_rows.append((org_id, person.pk, ACTIVITY_KIND, 1, db_now))
                continue
            if not target.changed:
                continue
            if target.track:
                target.changes.setdefault(
                    "last_activity_at", [serialize(person.last_activity_at), None]
                )
                person.last_activity_at = now
                target.changes["last_activity_at"][1] = serialize(now)
                target.dirty.add("last_activity_at")
                activity_rows.append(self._activity(person.pk, db_now))
                bumped.append((person.pk, ACTIVITY_KIND, 1, now))
                change_rows.append((imp_id, person.pk, db_json(self._before(target))))
            if target.dirty:
                person.updated_at = now
                dirty_people.append(person)
                dirty_fields |= target.dirty
        if dirty_people:
            Person.objects.bulk_update(dirty_people, sorted(dirty_fields | {"updated_at"}))
        tables["change"].insert(change_rows)
        tables["activity"].insert(activity_rows + fast["activity"])
        tables["counter"].insert(counter_rows)
        if bumped:
            from ..services.timeline import activity_counters_bump

            activity_counters_bump(org.pk, bumped)

    def _single_people(self, singles, person_ids, uuids, db_now) -> list[str]:
        """COPY lines (without the columns BulkTable adds) of the people created by the rows
        that are alone to create them; the same values as the general path gives them."""
        imp, org_id = self.imp, self.org.pk
        now = copy_text(db_now)
        person_end = f"{copy_text(self.origin)}\t{imp.pk}\t{now}\t{now}\t{now}"
        return [
            f"{person_id}\t{uuid_text}\t{org_id}\t{row.copy_person}\t{person_end}"
            for row, person_id, uuid_text in zip(singles, person_ids, uuids, strict=True)
        ]

    def _single_lines(self, singles, person_ids, tag_ids, db_now) -> dict:
        """COPY lines of the contact points, address, tags and timeline entry of the people
        of _single_people."""
        lines: dict[str, list] = {
            name: [] for name in ("email", "phone", "address", "tagging", "activity", "counter")
        }
        if not singles:
            return lines
        imp, org_id = self.imp, self.org.pk
        now = copy_text(db_now)
        actor = "\\N" if imp.created_by_id is None else str(imp.created_by_id)
        email_off, phone_off = self.email_off, self.phone_off
        emails, phones = lines["email"], lines["phone"]
        addresses = lines["address"]
        taggings, activities, counters = lines["tagging"], lines["activity"], lines["counter"]
        tagging_end = f"{now}\t{actor}\t{imp.pk}"
        activity_end = (
            f"{ACTIVITY_KIND}\t{now}\t{actor}\t{self.content_type_id}\t{imp.pk}\t"
            f"{copy_text(self.summary)}\t{now}\t{now}"
        )
        counter_end = f"{ACTIVITY_KIND}\t1\t{now}"
        base_tags = [tag_ids[name] for name in self.base_tags]
        for row, person_id in zip(singles, person_ids, strict=True):
            if row.email:
                status = UNSUBSCRIBED if row.email_hash in email_off else SUBSCRIBED
                emails.append(
                    f"{org_id}\t{person_id}\t{copy_text(row.email)}\tt\t{status}\t{now}\t{now}"
                )
            if row.phone:
                status = UNSUBSCRIBED if row.phone_hash in phone_off else SUBSCRIBED
                mobile = "t" if row.phone_kind == "mobile" else "f"
                phones.append(
                    f"{org_id}\t{person_id}\t{copy_text(row.phone)}\t{row.phone_kind}\tt\t"
                    f"{mobile}\t{status}\t{now}\t{now}"
                )
            if row.tags:
                seen = set(base_tags)
                ids = list(base_tags)
                for name in row.tags:
                    tag_id = tag_ids[name]
                    if tag_id not in seen:
                        seen.add(tag_id)
                        ids.append(tag_id)
            else:
                ids = base_tags
            for tag_id in ids:
                taggings.append(f"{person_id}\t{tag_id}\t{tagging_end}")
            activities.append(f"{org_id}\t{person_id}\t{activity_end}")
            counters.append(f"{org_id}\t{person_id}\t{counter_end}")
            if row.copy_address:
                addresses.append(f"{org_id}\t{person_id}\tt\t{row.copy_address}\t{now}\t{now}")
        return lines

    def _lock_references(self, people: set, tag_ids: dict) -> None:
        """What the foreign-key triggers would check, for a whole batch: every row this batch
        points to exists and stays until the commit (see writer.lock_keys)."""
        imp = self.imp
        wanted = [
            (Person, list(people)),
            (Tag, list(tag_ids.values())),
            (Organization, [self.org.pk]),
            (PeopleImport, [imp.pk]),
            (get_user_model(), [imp.created_by_id]),
            (ContentType, [self.content_type_id]),
        ]
        for (_model, ids), found in zip(wanted, lock_keys(wanted), strict=True):
            if len(found) != len({i for i in ids if i is not None}):
                # Deleted meanwhile: the caller takes the rows one by one, with the triggers.
                raise IntegrityError("a row referenced by the import batch was deleted")

    def _activity(self, person_id: int, db_now) -> tuple:
        return (
            self.org.pk,
            person_id,
            ACTIVITY_KIND,
            db_now,
            self.imp.created_by_id,
            self.content_type_id,
            str(self.imp.pk),
            self.summary,
            db_now,
            db_now,
        )

    @staticmethod
    def _before(target: Target) -> dict:
        before: dict = {}
        if target.changes:
            before["f"] = target.changes
        if target.cf_changes:
            before["cf"] = target.cf_changes
        if target.emails_added:
            before["emails"] = target.emails_added
        if target.phones_added:
            before["phones"] = target.phones_added
        if target.address_new:
            before["addr_new"] = target.address_id
        elif target.addr_changes:
            before["addr"] = {"id": target.address.pk, "f": target.addr_changes}
        return before

    def _apply(self, target: Target, row: ParsedRow, tag_ids: dict[str, int]) -> None:
        person, fill, track = target.person, self.fill_only and not target.new, target.track
        for name, value in row.person.items():
            current = getattr(person, name)
            if current == value or (fill and current not in ("", None)):
                continue
            if track:
                target.changes.setdefault(name, [serialize(current), None])
                target.changes[name][1] = serialize(value)
            setattr(person, name, value)
            target.dirty.add(name)
        if row.custom:
            values = person.custom_fields
            for key, value in row.custom.items():
                current = values.get(key)
                if current == value or (fill and current not in ("", None)):
                    continue
                if values is person.custom_fields:
                    values = dict(values)  # never mutate the dict loaded from the database
                if track:
                    target.cf_changes.setdefault(key, [current, None])
                    target.cf_changes[key][1] = value
                values[key] = value
            if values is not person.custom_fields:
                person.custom_fields = values
                target.dirty.add("custom_fields")
        if row.email and row.email not in target.emails:
            status = UNSUBSCRIBED if row.email_hash in self.email_off else SUBSCRIBED
            target.new_emails.append((row.email, not target.emails, status))
            target.emails.add(row.email)
            if track:
                target.emails_added.append(row.email)
        if row.phone and row.phone not in target.phones:
            status = UNSUBSCRIBED if row.phone_hash in self.phone_off else SUBSCRIBED
            target.new_phones.append((row.phone, row.phone_kind, not target.phones, status))
            target.phones.add(row.phone)
            if track:
                target.phones_added.append(row.phone)
        if row.address:
            address = target.address
            if address is None:
                target.address = dict(row.address)
                target.address_new = True
            elif target.address_new:
                if fill:
                    for name, value in row.address.items():
                        if address.get(name) in ("", None):
                            address[name] = value
                else:
                    address.update(row.address)
            else:
                for name, value in row.address.items():
                    current = getattr(address, name)
                    if current == value or (fill and current not in ("", None)):
                        continue
                    if track:
                        target.addr_changes.setdefault(name, [current, None])
                        target.addr_changes[name][1] = value
                    setattr(address, name, value)
                    target.address_dirty.add(name)
        names = self.base_tags + row.tags if row.tags else self.base_tags
        for name in names:
            tag_id = tag_ids[name]
            if tag_id not in target.tags:
                target.tags.add(tag_id)
                target.tags_new.append(tag_id)
