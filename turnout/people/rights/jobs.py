"""Background jobs and periodic tasks of duplicates and data-subject rights.

Imported by turnout/people/jobs.py so that the handlers are registered when the app loads.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta

from django.core.files import File
from django.utils import timezone

from turnout.core.audit import audit_record
from turnout.core.jobs import job_handler
from turnout.core.periodic import periodic

from ..models import AccessLog, Person
from ..services import access_log_record
from .dsar import dsar_zip
from .duplicates import duplicates_scan
from .services import (
    DSAR_JOB,
    DUPLICATE_SCAN_JOB,
    RETENTION_JOB,
    dsar_files_purge,
    duplicates_scan_start_all,
    retention_run,
    retention_start_all,
)


@job_handler(DUPLICATE_SCAN_JOB)
def duplicate_scan_job(job, progress):
    """Idempotent: a rerun computes the same candidates and replaces them."""
    return duplicates_scan(organization=job.organization, progress=progress)


@job_handler(DSAR_JOB)
def dsar_export_job(job, progress):
    person = (
        Person.objects.for_organization(job.organization)
        .active()
        .filter(pk=job.params.get("person"))
        .first()
    )
    if person is None:
        raise LookupError("The person was erased or merged before the export ran.")
    progress.set_total(1)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryFile() as handle:
        counts = dsar_zip(person, handle)
        handle.seek(0)
        job.result_file.save(f"dsar-{person.uuid}-{stamp}.zip", File(handle), save=False)
    access_log_record(
        organization=job.organization,
        user=job.created_by,
        action=AccessLog.Action.DSAR,
        person=person,
        description="data-subject access export",
        record_count=1,
    )
    audit_record(
        organization=job.organization,
        actor=job.created_by,
        action="person.dsar_exported",
        target=job,
        data={"person_uuid": str(person.uuid), "rows": counts},
    )
    progress.advance(1)
    return {"rows": counts}


@job_handler(RETENTION_JOB)
def retention_job(job, progress):
    """Resumable: people already erased are no longer selected."""
    report = retention_run(organization=job.organization, dry_run=False, progress=progress)
    return {k: v for k, v in report.items() if k != "sample"}


@periodic("people_retention", every=timedelta(days=1))
def retention_daily():
    """Every enabled retention policy runs once a day (as a job, with its progress), and
    data-subject export files older than a week are deleted."""
    report = retention_start_all()
    report["dsar_files_purged"] = dsar_files_purge()
    return report


@periodic("people_duplicate_scan", every=timedelta(days=7))
def duplicate_scan_weekly():
    return duplicates_scan_start_all()
