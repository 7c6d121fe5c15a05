"""The data-subject access export (GDPR art. 15 and 20): everything the organization holds
about one person, as one JSON file plus one CSV file per table, in a ZIP."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from ..models import (
    Activity,
    Consent,
    CustomField,
    ImportChange,
    ListMembership,
    PeopleImport,
    Person,
    PersonMerge,
    Suppression,
    Tagging,
)
from .services import person_contact_hashes

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "additional_name",
    "gender",
    "birthdate",
    "language",
    "employer",
    "support_level",
    "notes",
    "do_not_contact",
    "origin_system",
    "identifiers",
    "created_at",
    "updated_at",
    "last_activity_at",
)

README = """Data held about one person by {organization}, exported on {date}.

person.json   everything below in one machine-readable file
person.csv    the person's own fields, custom fields included (columns "custom:<key>")
*.csv         one file per kind of record: email addresses, phone numbers, postal addresses,
              tags, lists, consents (with the exact text shown and its source), activities
              (the timeline), imports that brought or changed the data, merges of duplicate
              records, and suppression-list entries (opt-outs) matching the person's contacts.

Staff members who recorded or viewed the data are not named: they are not recipients.
"""


def _rows(queryset, fields):
    return [{f: getattr(obj, f) for f in fields} for obj in queryset]


def dsar_collect(person: Person) -> dict[str, list[dict]]:
    """Every table about the person, as lists of plain dicts (values may be dates)."""
    organization = person.organization
    labels = {f.key: f.label for f in CustomField.objects.for_organization(organization)}
    person_row = {"uuid": str(person.uuid), **{f: getattr(person, f) for f in PERSON_FIELDS}}
    for key, value in sorted((person.custom_fields or {}).items()):
        person_row[f"custom:{key}"] = value
    custom = [
        {"key": key, "label": labels.get(key, key), "value": value}
        for key, value in sorted((person.custom_fields or {}).items())
    ]

    emails = _rows(person.emails.all(), ("address", "primary", "status", "created_at"))
    phones = _rows(
        person.phones.all(),
        ("number", "number_type", "primary", "sms_capable", "status", "created_at"),
    )
    addresses = _rows(
        person.addresses.all(),
        (
            "address_lines",
            "postal_code",
            "locality",
            "region",
            "country",
            "latitude",
            "longitude",
            "polling_station",
            "precinct",
            "primary",
            "status",
            "created_at",
        ),
    )
    tags = [
        {
            "tag": t.tag.name,
            "added_at": t.created_at,
            "import": t.source_import.original_name if t.source_import_id else "",
        }
        for t in Tagging.objects.filter(person=person).select_related("tag", "source_import")
    ]
    lists = [
        {"list": m.people_list.name, "added_at": m.added_at}
        for m in ListMembership.objects.filter(person=person).select_related("people_list")
    ]
    consents = [
        {
            "channel": c.channel,
            "purpose": c.purpose,
            "status": c.status,
            "current": c.current,
            "source": c.source,
            "source_reference": c.source_ref,
            "text_shown": c.notice_text,
            "ip_address": c.ip_address or "",
            "recorded_at": c.created_at,
        }
        for c in Consent.objects.filter(person=person).order_by("created_at", "id")
    ]
    activities = [
        {
            "kind": a.kind,
            "occurred_at": a.occurred_at,
            "summary": a.summary,
            "data": a.data,
            "source": f"{a.source_type.app_label}.{a.source_type.model}" if a.source_type else "",
            "source_id": a.source_id,
        }
        for a in Activity.objects.filter(person=person)
        .select_related("source_type")
        .order_by("occurred_at", "id")
    ]
    merges = [
        {
            "merged_at": m.created_at,
            "merged_record": str(m.merged_uuid),
            "merged_record_data": m.merged_snapshot,
            "choices": m.choices,
        }
        for m in PersonMerge.objects.filter(survivor=person).order_by("created_at", "id")
    ]

    changes = {
        c.people_import_id: c for c in ImportChange.objects.filter(person=person).order_by("id")
    }
    import_ids = set(changes)
    if person.source_import_id:
        import_ids.add(person.source_import_id)
    import_ids.update(t.source_import_id for t in person.taggings.all() if t.source_import_id)
    for merge in PersonMerge.objects.filter(survivor=person):
        import_ids.update(merge.merged_snapshot.get("imports", []))
    imports = []
    for imp in PeopleImport.objects.for_organization(organization).filter(pk__in=import_ids):
        change = changes.get(imp.pk)
        imports.append(
            {
                "file_name": imp.original_name,
                "imported_at": imp.created_at,
                "legal_basis_and_source": imp.consent_basis,
                "created_the_record": bool(change and change.created)
                or imp.pk == person.source_import_id,
                "values_before_the_import": change.before if change else {},
                "undone_at": imp.undone_at,
            }
        )

    hashes = person_contact_hashes(person)
    suppressions = [
        {
            "channel": s.channel,
            "contact": s.hint,
            "reason": s.reason,
            "since": s.created_at,
            "lifted_at": s.lifted_at,
            "lift_reason": s.lift_reason,
        }
        for s in Suppression.objects.for_organization(organization)
        .filter(value_hash__in=hashes)
        .order_by("created_at")
    ]
    return {
        "person": [person_row],
        "custom_fields": custom,
        "email_addresses": emails,
        "phone_numbers": phones,
        "postal_addresses": addresses,
        "tags": tags,
        "lists": lists,
        "consents": consents,
        "activities": activities,
        "imports": imports,
        "merges": merges,
        "suppressions": suppressions,
    }


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _csv(rows: list[dict]) -> bytes:
    columns: list[str] = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(key)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read UTF-8 with a BOM
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue().encode("utf-8")


def dsar_zip(person: Person, handle) -> dict:
    """Write the ZIP to a binary file object; return the number of rows per table."""
    tables = dsar_collect(person)
    now = timezone.now()
    document = {
        "organization": person.organization.name,
        "exported_at": now,
        "person_id": str(person.uuid),
        **tables,
    }
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(organization=person.organization.name, date=now.date().isoformat()),
        )
        archive.writestr(
            "person.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return {name: len(rows) for name, rows in tables.items()}
