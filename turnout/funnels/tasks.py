"""Background work of the ladder: the recompute job and its daily run."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from turnout.core.jobs import job_handler
from turnout.core.models import Job
from turnout.core.periodic import periodic
from turnout.organizations.models import Organization

from .models import Rung
from .services import RECOMPUTE_JOB, ladder_recompute, ladder_recompute_start


@job_handler(RECOMPUTE_JOB)
def ladder_recompute_job(job, progress):
    """Idempotent: a rerun places everyone the same way and keeps first-reached times."""
    result = ladder_recompute(organization=job.organization, progress=progress)
    result["url"] = reverse("funnels:ladder", kwargs={"org_slug": job.organization.slug})
    return result


@periodic("funnels_recompute", every=timedelta(days=1))
def ladder_recompute_daily() -> dict:
    """Rules may depend on the date ("donated in the last 90 days", a list edited without any
    activity): every ladder is recomputed once a day, unless a recompute is already on its
    way."""
    busy = set(
        Job.objects.filter(kind=RECOMPUTE_JOB)
        .exclude(status__in=Job.FINISHED)
        .values_list("organization_id", flat=True)
    )
    started = 0
    with_rungs = Rung.objects.values("organization_id").distinct()
    for organization in Organization.objects.filter(pk__in=with_rungs).exclude(pk__in=busy):
        ladder_recompute_start(organization=organization)
        started += 1
    return {"started": started}
