"""Background job of segments: filling a big static list from a segment.

Registered by being imported from ``turnout/people/jobs.py``.
"""

from __future__ import annotations

from turnout.core.jobs import job_handler

from ..models import PeopleList
from .filters import people_matching
from .services import SNAPSHOT_JOB, list_fill


@job_handler(SNAPSHOT_JOB)
def people_list_snapshot(job, progress):
    people_list = PeopleList.objects.for_organization(job.organization).get(
        pk=job.params["list_id"]
    )
    definition = job.params["definition"]
    progress.set_total(
        people_matching(organization=job.organization, definition=definition).count()
    )
    added = list_fill(people_list=people_list, definition=definition, progress=progress)
    return {"list_id": people_list.pk, "people": added}
