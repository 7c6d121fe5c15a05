"""Job handlers of the targeting imports: each takes its parameters from the job and calls
the import; the summary it returns (with the URL of the import's page) is the job's result."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from turnout.core.jobs import job_handler
from turnout.core.models import Job
from turnout.core.periodic import periodic

from .imports.addresses import addresses_import_run, addresses_import_undo_run
from .imports.files import uploads_purge
from .imports.results import results_import_run
from .imports.stations import stations_import_run
from .services.targeting import (
    ADDRESSES_JOB,
    ADDRESSES_UNDO_JOB,
    IMPORT_KINDS,
    RESULTS_JOB,
    STATIONS_JOB,
    address_import_mark_undone,
)


def _detail_url(job: Job) -> str:
    return reverse(
        "canvassing:import_detail", kwargs={"org_slug": job.organization.slug, "job_uuid": job.uuid}
    )


@job_handler(ADDRESSES_JOB)
def canvassing_addresses(job, progress) -> dict:
    return {**addresses_import_run(job=job, progress=progress), "url": _detail_url(job)}


@job_handler(STATIONS_JOB)
def canvassing_stations(job, progress) -> dict:
    return {**stations_import_run(job=job, progress=progress), "url": _detail_url(job)}


@job_handler(RESULTS_JOB)
def canvassing_results(job, progress) -> dict:
    return {**results_import_run(job=job, progress=progress), "url": _detail_url(job)}


@job_handler(ADDRESSES_UNDO_JOB)
def canvassing_addresses_undo(job, progress) -> dict:
    imported = Job.objects.for_organization(job.organization).get(pk=job.params["import_job"])
    counts = addresses_import_undo_run(job=imported, actor=job.created_by, progress=progress)
    address_import_mark_undone(job=imported, actor=job.created_by, counts=counts)
    return {**counts, "url": _detail_url(imported)}


@periodic("canvassing_uploads_purge", every=timedelta(hours=6))
def purge_abandoned_uploads():
    """Uploads left at the options step (never imported) are deleted after a day; those of
    queued or running imports are kept."""
    keep = {
        params.get("file", "")
        for params in Job.objects.filter(kind__in=IMPORT_KINDS)
        .exclude(status__in=Job.FINISHED)
        .values_list("params", flat=True)
    }
    return {"purged": uploads_purge(keep=keep)}
