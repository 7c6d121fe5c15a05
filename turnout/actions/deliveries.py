"""Delivering a petition to its targets: a background job counts the confirmed signatures at
that moment and writes a PDF and a CSV listing only the signers who ticked "show my name to
the targets"; the others are counted, never named. Each delivery is kept with its counts and
files (private storage, downloads logged)."""

from __future__ import annotations

import csv
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.jobs import job_create, job_handler
from turnout.core.models import Job
from turnout.people.models import PostalAddress

from .exceptions import SubmissionRefused
from .models import Action, Delivery, Submission
from .pdf import delivery_pdf

DELIVERY_JOB = "actions_delivery"
BATCH = 2000
CSV_COLUMNS = ["name", "postal_code", "locality", "signed_on"]


@transaction.atomic
def delivery_prepare(*, action: Action, actor) -> Delivery:
    """Start preparing a delivery of a petition (one at a time per action)."""
    if action.kind != Action.Kind.PETITION:
        raise SubmissionRefused(_("Only petitions are delivered to targets."))
    Action.objects.select_for_update().filter(pk=action.pk).first()
    busy = Delivery.objects.filter(
        action=action, job__status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    ).exists()
    if busy:
        raise SubmissionRefused(_("A delivery of this petition is already being prepared."))
    delivery = Delivery.objects.create(
        organization=action.organization, action=action, created_by=actor
    )
    delivery.job = job_create(
        organization=action.organization,
        kind=DELIVERY_JOB,
        title=_("Delivery of %(title)s") % {"title": str(action)[:150]},
        params={"delivery": delivery.pk, "language": (get_language() or "fr")[:2]},
        user=actor,
    )
    delivery.save(update_fields=["job", "updated_at"])
    audit_record(
        organization=action.organization,
        actor=actor,
        action="action.delivery_prepared",
        target=action,
        data={"delivery": delivery.pk},
    )
    return delivery


def _signer_rows(submissions, progress) -> list[tuple[str, str, str, str]]:
    """(name, postal code, locality, date signed) of the named signers, in signing order."""
    rows, last_pk = [], 0
    while True:
        batch = list(
            submissions.filter(pk__gt=last_pk)
            .order_by("pk")
            .select_related("person")
            .prefetch_related(
                Prefetch(
                    "person__addresses", queryset=PostalAddress.objects.order_by("-primary", "id")
                )
            )[:BATCH]
        )
        if not batch:
            return rows
        for submission in batch:
            person = submission.person
            name = f"{person.given_name} {person.family_name}".strip()
            if not name:
                continue  # nothing to show: counted among the others
            address = next(iter(person.addresses.all()), None)
            rows.append(
                (
                    name,
                    address.postal_code if address else "",
                    address.locality if address else "",
                    formats.date_format(
                        timezone.localdate(submission.created_at), "SHORT_DATE_FORMAT"
                    ),
                )
            )
        last_pk = batch[-1].pk
        progress.advance(len(batch))


@job_handler(DELIVERY_JOB)
def delivery_build(job, progress):
    delivery = Delivery.objects.select_related("action", "organization").get(
        pk=job.params["delivery"], organization=job.organization
    )
    action = delivery.action
    language = job.params.get("language") or "fr"
    with translation.override(language):
        url = reverse(
            "actions:detail", kwargs={"org_slug": job.organization.slug, "action_id": action.pk}
        )
        if delivery.is_ready:  # a second run of a finished job
            return {"url": url, "named": delivery.named_count}
        counted_at = timezone.now()
        confirmed = Submission.objects.for_organization(action.organization_id).filter(
            action=action, status=Submission.Status.CONFIRMED, confirmed_at__lte=counted_at
        )
        total = confirmed.count()
        agreed = confirmed.filter(show_name=True, person__erased_at__isnull=True)
        progress.set_total(agreed.count() + 1)
        rows = _signer_rows(agreed, progress)
        unnamed = total - len(rows)

        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(CSV_COLUMNS)
        writer.writerows(rows)
        pdf = delivery_pdf(
            title=action.title_text(language),
            text=action.description_text(language),
            targets=action.targets,
            organization=action.organization.name,
            total=total,
            counted_on=formats.date_format(timezone.localdate(counted_at), "DATE_FORMAT"),
            rows=[(name, f"{code} {place}".strip(), day) for name, code, place, day in rows],
            unnamed=unnamed,
        )
        progress.advance(1, message=_("PDF ready"))
    stamp = counted_at.strftime("%Y%m%d-%H%M")
    delivery.csv_file.save(
        f"{action.slug}-delivery-{stamp}.csv",
        ContentFile(text.getvalue().encode("utf-8-sig")),
        save=False,
    )
    delivery.pdf_file.save(f"{action.slug}-delivery-{stamp}.pdf", ContentFile(pdf), save=False)
    delivery.counted_at = counted_at
    delivery.confirmed_total = total
    delivery.named_count = len(rows)
    delivery.unnamed_count = unnamed
    delivery.save(
        update_fields=[
            "csv_file",
            "pdf_file",
            "counted_at",
            "confirmed_total",
            "named_count",
            "unnamed_count",
            "updated_at",
        ]
    )
    return {"url": url, "named": len(rows), "unnamed": unnamed, "total": total}


def delivery_files_forget(*, action_ids) -> None:
    """Delete the delivery files of these actions (after an erasure: they may name the
    person); the rows and their counts stay."""
    for delivery in Delivery.objects.filter(action_id__in=list(action_ids)):
        for field in (delivery.pdf_file, delivery.csv_file):
            if field:
                name, storage = field.name, field.storage
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        Delivery.objects.filter(pk=delivery.pk).update(pdf_file="", csv_file="")
