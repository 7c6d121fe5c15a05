"""Export of people to CSV or XLSX, as a background job with progress; logged."""

from __future__ import annotations

import csv
import tempfile

from django.core.files import File
from django.db.models import Prefetch
from django.utils import timezone

from turnout.core.audit import audit_record
from turnout.core.jobs import job_handler

from .models import AccessLog, CustomField, EmailAddress, Person, PhoneNumber, Segment
from .services import access_log_record

BATCH = 2000
BASE_COLUMNS = [
    "uuid",
    "given_name",
    "family_name",
    "email",
    "phone",
    "address_lines",
    "postal_code",
    "locality",
    "country",
    "polling_station",
    "language",
    "tags",
    "do_not_contact",
    "created_at",
    "last_activity_at",
]


def export_queryset(job):
    segment_id = job.params.get("segment")
    if segment_id:
        from .segments.filters import segment_people

        segment = Segment.objects.for_organization(job.organization).get(pk=int(segment_id))
        return segment_people(segment)
    return Person.objects.for_organization(job.organization).active()


def _rows(job, people, fields, sensitive: bool, progress):
    last_pk = 0
    while True:
        batch = list(
            people.filter(pk__gt=last_pk)
            .order_by("pk")
            .prefetch_related(
                Prefetch("emails", queryset=EmailAddress.objects.order_by("-primary", "id")),
                Prefetch("phones", queryset=PhoneNumber.objects.order_by("-primary", "id")),
                "addresses",
                "tags",
            )[:BATCH]
        )
        if not batch:
            return
        for person in batch:
            emails, phones = list(person.emails.all()), list(person.phones.all())
            address = next(iter(person.addresses.all()), None)
            row = [
                str(person.uuid),
                person.given_name,
                person.family_name,
                emails[0].address if emails else "",
                phones[0].number if phones else "",
                address.address_lines if address else "",
                address.postal_code if address else "",
                address.locality if address else "",
                address.country if address else "",
                address.polling_station if address else "",
                person.language,
                ", ".join(sorted(t.name for t in person.tags.all())),
                "yes" if person.do_not_contact else "",
                person.created_at.isoformat(),
                person.last_activity_at.isoformat() if person.last_activity_at else "",
            ]
            if sensitive:
                row.append(person.support_level or "")
            row += [person.custom_fields.get(f.key, "") for f in fields]
            yield row
        last_pk = batch[-1].pk
        progress.advance(len(batch))


@job_handler("people_export")
def people_export(job, progress):
    creator = job.created_by
    sensitive = bool(creator and creator.has_perm("people.view_sensitive", job.organization))
    fields = list(CustomField.objects.for_organization(job.organization))
    if not sensitive:
        fields = [f for f in fields if not f.sensitive]
    people = export_queryset(job)
    progress.set_total(people.count())
    header = (
        BASE_COLUMNS + (["support_level"] if sensitive else []) + [f"cf:{f.key}" for f in fields]
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    fmt = job.params.get("format", "csv")
    with tempfile.TemporaryFile(mode="w+b") as handle:
        if fmt == "xlsx":
            from openpyxl import Workbook

            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet("people")
            sheet.append(header)
            for row in _rows(job, people, fields, sensitive, progress):
                sheet.append(row)
            workbook.save(handle)
        else:
            import io

            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(header)
            for row in _rows(job, people, fields, sensitive, progress):
                writer.writerow(row)
            text.flush()
            text.detach()
        handle.seek(0)
        job.result_file.save(
            f"people-{job.organization.slug}-{stamp}.{fmt}", File(handle), save=False
        )
    count = progress.job.done
    access_log_record(
        organization=job.organization,
        user=creator,
        action=AccessLog.Action.EXPORT,
        description=f"{fmt} export: {job.params.get('purpose', '')}"[:300],
        record_count=count,
    )
    audit_record(
        organization=job.organization,
        actor=creator,
        action="people.exported",
        target=job,
        data={"rows": count, "format": fmt, "purpose": job.params.get("purpose", "")},
    )
    return {"rows": count}
