"""Background jobs of the organization workspace."""

from __future__ import annotations

import csv
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from turnout.core.jobs import job_handler
from turnout.core.models import AuditEvent

BATCH = 2000


@job_handler("audit_export")
def audit_export(job, progress):
    """Write the organization's audit log as CSV (UTF-8 with BOM so spreadsheets open it)."""
    events = AuditEvent.objects.for_organization(job.organization).order_by("created_at", "id")
    progress.set_total(events.count())
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(["time", "actor", "action", "object_type", "object_id", "object", "details"])
    last_id = 0
    while True:
        batch = list(events.filter(id__gt=last_id).select_related("actor").order_by("id")[:BATCH])
        if not batch:
            break
        for event in batch:
            writer.writerow(
                [
                    event.created_at.isoformat(),
                    event.actor.email if event.actor else "",
                    event.action,
                    event.target_type,
                    event.target_id,
                    event.target_repr,
                    event.data,
                ]
            )
        last_id = batch[-1].id
        progress.advance(len(batch))
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    job.result_file.save(
        f"audit-{job.organization.slug}-{stamp}.csv",
        ContentFile(buffer.getvalue().encode("utf-8")),
        save=False,
    )
    return {"rows": progress.job.done}
