"""Job handlers of the import: they take the import id from the job, refetch, and call the
pipeline. Both are resumable (see pipeline.py and undo.py)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from turnout.core.jobs import job_handler
from turnout.core.periodic import periodic

from ..models import PeopleImport
from .pipeline import import_run
from .services import IMPORT_JOB, UNDO_JOB
from .undo import import_undo_run


def _import_of(job) -> PeopleImport:
    return PeopleImport.objects.for_organization(job.organization).get(
        pk=int(job.params["import_id"])
    )


def _detail_url(job, people_import) -> str:
    return reverse(
        "people:import_detail",
        kwargs={"org_slug": job.organization.slug, "import_id": people_import.pk},
    )


@job_handler(IMPORT_JOB)
def people_import(job, progress) -> dict:
    people_import = _import_of(job)
    result = import_run(people_import=people_import, progress=progress)
    return {**result, "url": _detail_url(job, people_import)}


@job_handler(UNDO_JOB)
def people_import_undo(job, progress) -> dict:
    people_import = _import_of(job)
    result = import_undo_run(people_import=people_import, progress=progress, actor=job.created_by)
    return {**result, "url": _detail_url(job, people_import)}


@periodic("people_import_files_purge", every=timedelta(days=1))
def purge_old_import_files():
    """Uploaded files and rejected-row reports hold personal data: they are deleted
    TURNOUT_PRIVATE_FILE_DAYS after the import ended. The counts and the undo log stay."""
    cutoff = timezone.now() - timedelta(days=settings.TURNOUT_PRIVATE_FILE_DAYS)
    finished = [PeopleImport.Status.DONE, PeopleImport.Status.FAILED, PeopleImport.Status.UNDONE]
    purged = 0
    for imp in PeopleImport.objects.filter(status__in=finished, updated_at__lt=cutoff).exclude(
        file="", rejects_file=""
    ):
        for field in ("file", "rejects_file"):
            stored = getattr(imp, field)
            if stored:
                stored.delete(save=False)
        PeopleImport.objects.filter(pk=imp.pk).update(file="", rejects_file="")
        purged += 1
    return {"purged": purged}
