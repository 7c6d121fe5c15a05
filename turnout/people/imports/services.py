"""Writes around an import: the upload, the start (mapping and options), the undo, the resume,
and the preview of the first rows."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.jobs import job_create
from turnout.core.models import Job

from ..models import (
    Channel,
    EmailAddress,
    ImportMapping,
    PeopleImport,
    PhoneNumber,
    Suppression,
)
from ..normalize import clean_name, contact_hash
from . import reader
from .cells import text_of
from .mapping import (
    ON_MATCH_FILL,
    ON_MATCH_UPDATE,
    headers_key,
    mapping_errors,
    mapping_to_remember,
)
from .pipeline import file_info
from .rows import ParsedRow, RowConverter

IMPORT_JOB = "people_import"
UNDO_JOB = "people_import_undo"
PREVIEW_ROWS = 10
MAX_TAGS = 20


class ImportStateError(ValueError):
    """The import is not in a state that allows this (already started, already undone)."""


def _random_name(extension: str) -> str:
    return f"{secrets.token_urlsafe(18)}.{extension}"


@transaction.atomic
def import_create(*, organization, user, upload, info: reader.FileInfo) -> PeopleImport:
    """Store an upload that ``reader.inspect`` accepted, waiting for its column mapping.

    The stored file gets a random name: uploads hold personal data and must not be found by
    guessing their URL."""
    imp = PeopleImport(
        organization=organization,
        original_name=clean_name(upload.name, 255) or "import",
        file_format=info.file_format,
        encoding=info.encoding,
        delimiter=info.delimiter,
        headers=info.headers,
        mapping={"header_line": info.header_line},
        created_by=user,
        status=PeopleImport.Status.DRAFT,
    )
    upload.seek(0)
    imp.file.save(_random_name(info.file_format), upload, save=False)
    imp.save()
    audit_record(
        organization=organization,
        actor=user,
        action="people.import.uploaded",
        target=imp,
        data={"format": info.file_format, "columns": len(info.headers)},
    )
    return imp


def clean_tag_names(text: str) -> list[str]:
    names = []
    for part in text.replace(";", ",").split(","):
        name = clean_name(part, 80)
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValueError(_("Add at most %(max)s tags to an import.") % {"max": MAX_TAGS})
    return names


def mapping_remember(*, organization, headers: list[str], columns: list[str]) -> None:
    ImportMapping.objects.update_or_create(
        organization=organization,
        headers_key=headers_key(headers),
        defaults={"mapping": mapping_to_remember(headers, columns)},
    )


@transaction.atomic
def import_start(
    *,
    people_import: PeopleImport,
    user,
    columns: list[str],
    tag_names: list[str],
    consent_basis: str,
    on_match: str = ON_MATCH_UPDATE,
) -> Job:
    imp = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
    if imp.status != PeopleImport.Status.DRAFT:
        raise ImportStateError(_("This import has already been started."))
    if len(columns) != len(imp.headers):
        raise ValueError(_("Choose what to do with every column."))
    errors = mapping_errors(columns)
    if errors:
        raise ValueError(" ".join(errors))
    if not consent_basis.strip():
        raise ValueError(_("Say where these people's data comes from and on what legal basis."))
    imp.mapping = {
        "columns": columns,
        "on_match": on_match if on_match in (ON_MATCH_UPDATE, ON_MATCH_FILL) else ON_MATCH_UPDATE,
        "header_line": (imp.mapping or {}).get("header_line", 1),
    }
    imp.tag_names = tag_names
    imp.consent_basis = consent_basis.strip()
    imp.status = PeopleImport.Status.QUEUED
    mapping_remember(organization=imp.organization, headers=imp.headers, columns=columns)
    job = job_create(
        organization=imp.organization,
        kind=IMPORT_JOB,
        title=_("Import of %(name)s") % {"name": imp.original_name},
        params={"import_id": imp.pk},
        user=user,
    )
    imp.job = job
    imp.save()
    audit_record(
        organization=imp.organization,
        actor=user,
        action="people.import.started",
        target=imp,
        data={"tags": tag_names, "on_match": imp.mapping["on_match"]},
    )
    return job


def import_is_stuck(imp: PeopleImport) -> bool:
    """Running or queued according to the import, but its job has ended (cancelled while the
    worker stopped, or failed): only an undo can clean it up."""
    return imp.status in (PeopleImport.Status.RUNNING, PeopleImport.Status.QUEUED) and (
        imp.job is None or imp.job.is_finished
    )


def import_can_undo(imp: PeopleImport) -> bool:
    if imp.job is not None and not imp.job.is_finished:
        return False
    return imp.status in (PeopleImport.Status.DONE, PeopleImport.Status.FAILED) or (
        import_is_stuck(imp)
    )


def _locked(people_import: PeopleImport) -> PeopleImport:
    return (
        PeopleImport.objects.select_for_update(of=("self",))
        .select_related("job")
        .get(pk=people_import.pk)
    )


def _start_job(
    *, imp: PeopleImport, user, kind: str, title: str, action: str, status: str | None = None
) -> Job:
    """Queue a job on an import (locked by the caller) and record who asked for it."""
    job = job_create(
        organization=imp.organization,
        kind=kind,
        title=title,
        params={"import_id": imp.pk},
        user=user,
    )
    imp.job = job
    fields = ["job", "updated_at"]
    if status is not None:
        imp.status = status
        fields.append("status")
    imp.save(update_fields=fields)
    audit_record(organization=imp.organization, actor=user, action=action, target=imp)
    return job


@transaction.atomic
def import_undo_start(*, people_import: PeopleImport, user) -> Job:
    imp = _locked(people_import)
    if not import_can_undo(imp):
        raise ImportStateError(_("This import cannot be undone now."))
    return _start_job(
        imp=imp,
        user=user,
        kind=UNDO_JOB,
        action="people.import.undo_started",
        title=_("Undo of the import of %(name)s") % {"name": imp.original_name},
    )


@transaction.atomic
def import_resume(*, people_import: PeopleImport, user) -> Job:
    """Run a failed import again: it continues after the last batch it saved."""
    imp = _locked(people_import)
    if imp.status != PeopleImport.Status.FAILED or (imp.job and not imp.job.is_finished):
        raise ImportStateError(_("Only a failed import can be resumed."))
    return _start_job(
        imp=imp,
        user=user,
        kind=IMPORT_JOB,
        action="people.import.resumed",
        title=_("Import of %(name)s") % {"name": imp.original_name},
        status=PeopleImport.Status.QUEUED,
    )


# --- Preview --------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    row: ParsedRow
    outcome: str  # "new", "match", "rejected", "suppressed"
    cells: list  # (value, error) per column, in column order


def import_preview(
    *, people_import: PeopleImport, columns: list[str], custom_fields, limit: int = PREVIEW_ROWS
) -> list[PreviewRow]:
    """The first rows of the file as they will be imported (read only)."""
    imp = people_import
    converter = RowConverter(
        columns=columns, organization=imp.organization, custom_fields=custom_fields
    )
    rows: list[ParsedRow] = []
    with imp.file.open("rb") as handle:
        for record in reader.iter_records(handle, file_info(imp)):
            if record.blank:
                continue
            if record.error:
                row = ParsedRow(line=record.line, raw=[], errors=[record.error])
            else:
                row = converter.convert(record.line, record.cells, preview=True)
            rows.append(row)
            if len(rows) >= limit:
                break
    org = imp.organization
    emails = {r.email for r in rows if r.email and not r.errors}
    phones = {r.phone for r in rows if r.phone and not r.errors}
    known_emails = set(
        EmailAddress.objects.filter(organization=org, address__in=emails).values_list(
            "address", flat=True
        )
    )
    known_phones = set(
        PhoneNumber.objects.filter(
            organization=org, number__in=phones, person__erased_at__isnull=True
        ).values_list("number", flat=True)
    )
    hashes = {contact_hash(org.pk, Channel.EMAIL, e) for e in emails} | {
        contact_hash(org.pk, Channel.SMS, p) for p in phones
    }
    erased = set(
        Suppression.objects.filter(
            organization=org,
            value_hash__in=hashes,
            lifted_at__isnull=True,
            reason=Suppression.Reason.ERASURE,
        ).values_list("value_hash", flat=True)
    )
    seen_emails, seen_phones = set(), set()
    result = []
    for row in rows:
        if row.errors:
            outcome = "rejected"
        elif (row.email and contact_hash(org.pk, Channel.EMAIL, row.email) in erased) or (
            row.phone and contact_hash(org.pk, Channel.SMS, row.phone) in erased
        ):
            outcome = "suppressed"
        elif (
            row.email in known_emails
            or row.phone in known_phones
            or (row.email and row.email in seen_emails)
            or (row.phone and row.phone in seen_phones)
        ):
            outcome = "match"
        else:
            outcome = "new"
        if row.email:
            seen_emails.add(row.email)
        if row.phone:
            seen_phones.add(row.phone)
        cells = []
        for index in range(len(columns)):
            value, error = row.cells.get(index, (None, ""))
            if value is None:
                raw = row.raw[index] if index < len(row.raw) else ""
                value = text_of(raw)
            cells.append((value, error))
        result.append(PreviewRow(row=row, outcome=outcome, cells=cells))
    return result
