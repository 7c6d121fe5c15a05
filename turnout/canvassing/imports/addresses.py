"""The address import job: streams the file, converts rows, and writes them by batches.

- Memory stays bounded whatever the size of the file: records are read one by one
  (``people.imports.reader``) and written by batches of ``BATCH_SIZE``.
- An address is identified by its source id (or, without one, by number, street, postal code
  and city): a re-import updates it (only the columns the file has; unchanged rows are not
  written) and never duplicates it. The import that created an address stays its ``job``.
- Each address gets the polling station whose area contains it, when areas are known.
- Each batch commits with a checkpoint in the job (records read, counts): a job re-run after
  a worker restart continues after the last committed batch. Cancelling the job removes what
  it created.
"""

from __future__ import annotations

import itertools

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.exceptions import JobCancelled
from turnout.core.models import Job
from turnout.organizations.models import Organization
from turnout.people.imports import reader
from turnout.people.imports.cells import text_of

from ..models import AddressPoint, TurfStop, Visit
from . import report
from .address_rows import FIELDS, UNREADABLE, AddressRow, RowReader
from .files import upload_delete, upload_open
from .stations_assign import station_locator

BATCH_SIZE = 2000
UNDO_BATCH = 2000


def file_info(params: dict) -> reader.FileInfo:
    info = params["info"]
    return reader.FileInfo(
        file_format=info["file_format"],
        headers=info["headers"],
        encoding=info.get("encoding", ""),
        delimiter=info.get("delimiter", ""),
        header_line=info.get("header_line", 1),
    )


def targeting_lock(organization) -> None:
    """Imports of one organization write its addresses, stations and results one batch at a
    time, under a lock on the organization's row: two imports running at once (the same
    file uploaded twice) cannot both create the same address or the same figure. FOR NO
    KEY UPDATE, so that the organization's other writes (which take a key-share lock on its
    row through their foreign key) are not held up. SQLite writes one at a time anyway."""
    list(
        Organization.objects.select_for_update(no_key=True)
        .filter(pk=organization.pk)
        .values_list("pk", flat=True)
    )


def _empty_counts() -> dict:
    return {"rows": 0, "created": 0, "updated": 0, "unchanged": 0, "rejected": {}}


def _write_batch(*, job: Job, rows: list[AddressRow], columns: set[str], locator) -> dict:
    """Create or update one batch of accepted rows; return the counts of the batch."""
    organization = job.organization
    targeting_lock(organization)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    latest: dict[str, AddressRow] = {}
    for row in rows:
        if row.key in latest:
            counts["updated"] += 1  # twice in the file: the later row wins
        latest[row.key] = row
    rows = list(latest.values())
    stations = locator.locate(
        [r.values["latitude"] for r in rows], [r.values["longitude"] for r in rows]
    )
    fields = [f for f in FIELDS if f in columns] + (["doors"] if "doors" in columns else [])
    existing = {
        a.external_id: a
        for a in AddressPoint.objects.filter(
            organization=organization, external_id__in=list(latest)
        ).only("pk", "external_id", "station_id", *fields)
    }
    now = timezone.now()
    new, changed = [], []
    for row, station_id in zip(rows, stations.tolist(), strict=True):
        station_id = station_id or None
        current = existing.get(row.key)
        if current is None:
            values = {k: v for k, v in row.values.items() if k in (*FIELDS, "doors")}
            new.append(
                AddressPoint(
                    organization=organization,
                    external_id=row.key,
                    station_id=station_id,
                    job=job,
                    created_at=now,
                    **values,
                )
            )
            continue
        dirty = current.station_id != station_id
        current.station_id = station_id
        for name in fields:
            value = row.values.get(name, getattr(current, name))  # an empty doors cell keeps
            if getattr(current, name) != value:
                setattr(current, name, value)
                dirty = True
        if dirty:
            current.updated_at = now
            changed.append(current)
        else:
            counts["unchanged"] += 1
    AddressPoint.objects.bulk_create(new)
    if changed:
        AddressPoint.objects.bulk_update(changed, [*fields, "station", "updated_at"])
    counts["created"] += len(new)
    counts["updated"] += len(changed)
    return counts


def _add(total: dict, counts: dict) -> None:
    for key, value in counts.items():
        if isinstance(value, dict):
            bucket = total.setdefault(key, {})
            for code, n in value.items():
                bucket[code] = bucket.get(code, 0) + n
        else:
            total[key] = total.get(key, 0) + value


def addresses_import_run(*, job: Job, progress, batch_size: int | None = None) -> dict:
    """Run (or continue) an address import job; return its summary."""
    batch_size = batch_size or BATCH_SIZE
    params = job.params
    info = file_info(params)
    rows_reader = RowReader(params["columns"], file_format=params.get("format", ""))
    columns = set(params["columns"])
    locator = station_locator(organization=job.organization)
    checkpoint = (job.result or {}).get("checkpoint") or {}
    counts = checkpoint.get("counts") or _empty_counts()
    position = checkpoint.get("records", 0)
    delimiter = ";" if info.delimiter == ";" else ","
    try:
        with upload_open(params["file"]) as handle:
            progress.set_total(reader.estimate_records(handle, info))
            if position:
                progress.advance(position)
            records = itertools.islice(reader.iter_records(handle, info), position, None)
            while batch := list(itertools.islice(records, batch_size)):
                accepted, rejected = [], []
                batch_counts = {"rows": 0, "rejected": {}}
                for record in batch:
                    if record.blank:
                        continue
                    batch_counts["rows"] += 1
                    if record.error:
                        row = AddressRow(record.line, [], reason=UNREADABLE, message=record.error)
                    else:
                        row = rows_reader.read(record.line, record.cells)
                    if row.reason:
                        codes = batch_counts["rejected"]
                        codes[row.reason] = codes.get(row.reason, 0) + 1
                        rejected.append(
                            report.report_row(row.line, row.message, [text_of(c) for c in row.raw])
                        )
                    else:
                        accepted.append(row)
                report.chunk_write(job, batch[0].line, rejected, delimiter=delimiter)
                with transaction.atomic():
                    _add(
                        batch_counts,
                        _write_batch(job=job, rows=accepted, columns=columns, locator=locator),
                    )
                    _add(counts, batch_counts)
                    position += len(batch)
                    Job.objects.filter(pk=job.pk).update(
                        result={"checkpoint": {"records": position, "counts": counts}}
                    )
                progress.advance(
                    len(batch), message=_("%(count)s rows read") % {"count": f"{position:,}"}
                )
                progress.flush()  # raises JobCancelled when someone cancelled the job
    except JobCancelled:
        addresses_import_undo_run(job=job, actor=None)
        upload_delete(params["file"])
        raise
    job.result_file.name = (
        report.report_assemble(job, headers=info.headers, delimiter=delimiter)
        or job.result_file.name
    )
    upload_delete(params["file"])
    summary = {**counts, "format": params.get("format", ""), "name": params.get("name", "")}
    audit_record(
        organization=job.organization,
        actor=job.created_by,
        action="canvassing.addresses.imported",
        target=job,
        data={k: summary[k] for k in ("rows", "created", "updated", "unchanged", "rejected")},
    )
    return summary


def addresses_import_undo_run(*, job: Job, actor, progress=None) -> dict:
    """Delete the addresses an import created, by batches. Those already used by a turf or a
    visit are kept (detached from the import): canvassing under way is never broken.
    Addresses the import only updated keep their new values."""
    created = AddressPoint.objects.filter(organization=job.organization, job=job)
    kept = created.filter(
        Exists(TurfStop.objects.filter(address=OuterRef("pk")))
        | Exists(Visit.objects.filter(address=OuterRef("pk")))
    ).update(job=None)
    if progress is not None:
        progress.set_total(created.count() + 1)
    deleted = 0
    while ids := list(created.order_by("pk").values_list("pk", flat=True)[:UNDO_BATCH]):
        with transaction.atomic():
            AddressPoint.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
        if progress is not None:
            progress.advance(len(ids))
    return {"deleted": deleted, "kept": kept}
