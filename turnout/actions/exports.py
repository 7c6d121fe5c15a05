"""Export of an action's submissions to CSV, as a background job with progress; logged like
the people exports (access log and audit log)."""

from __future__ import annotations

import csv
import io
import tempfile

from django.core.files import File
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation

from turnout.core.audit import audit_record
from turnout.core.jobs import job_handler
from turnout.people.models import AccessLog
from turnout.people.services import access_log_record

from .models import Action, SponsorOptIn, Submission
from .questions import answer_text, label

EXPORT_JOB = "actions_submissions_export"
BATCH = 2000
COLUMNS = [
    "submitted_at",
    "confirmed_at",
    "status",
    "person_uuid",
    "given_name",
    "family_name",
    "email",
    "phone",
    "postal_code",
    "locality",
    "language",
    "consent_given",
    "show_name",
    "source_code",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "referred_by",
    "referring_organization",
    "co_sponsors_chosen",
]


def _question_columns(action: Action, sensitive: bool, language: str) -> list[tuple[str, dict]]:
    columns = []
    for question in action.questions or []:
        if question.get("sensitive") and not sensitive:
            continue
        header = label(question, language)
        if question.get("removed"):
            header += " (removed)"
        columns.append((header, question))
    return columns


def _rows(action: Action, questions, language: str, progress):
    last_pk = 0
    base = Submission.objects.for_organization(action.organization_id).filter(action=action)
    while True:
        batch = list(
            base.filter(pk__gt=last_pk)
            .order_by("pk")
            .select_related("person", "referrer", "referring_organization")
            .prefetch_related(
                # Primary first (the models' ordering).
                "person__emails",
                "person__phones",
                "person__addresses",
                Prefetch(
                    "opt_ins",
                    queryset=SponsorOptIn.objects.filter(granted=True).select_related(
                        "sponsor__organization"
                    ),
                ),
            )[:BATCH]
        )
        if not batch:
            return
        for submission in batch:
            person = submission.person
            emails, phones = list(person.emails.all()), list(person.phones.all())
            address = next(iter(person.addresses.all()), None)
            referrer = submission.referrer
            row = [
                submission.created_at.isoformat(),
                submission.confirmed_at.isoformat() if submission.confirmed_at else "",
                submission.status,
                str(person.uuid),
                person.given_name,
                person.family_name,
                emails[0].address if emails else "",
                phones[0].number if phones else "",
                address.postal_code if address else "",
                address.locality if address else "",
                submission.language,
                "yes" if submission.consent_given else "",
                "yes" if submission.show_name else "",
                submission.source_code,
                submission.utm_source,
                submission.utm_medium,
                submission.utm_campaign,
                str(referrer.uuid) if referrer else "",
                submission.referring_organization.slug if submission.referring_organization else "",
                " ".join(o.sponsor.organization.slug for o in submission.opt_ins.all()),
            ]
            answers = submission.answers or {}
            row += [answer_text(q, answers.get(q["key"]), language) for _h, q in questions]
            yield row
        last_pk = batch[-1].pk
        progress.advance(len(batch))


@job_handler(EXPORT_JOB)
def submissions_export(job, progress):
    creator = job.created_by
    action = Action.objects.for_organization(job.organization).get(pk=job.params["action"])
    sensitive = bool(creator and creator.has_perm("people.view_sensitive", job.organization))
    language = job.params.get("language") or "fr"
    with translation.override(language):
        questions = _question_columns(action, sensitive, language)
        progress.set_total(Submission.objects.filter(action=action).count())
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        with tempfile.TemporaryFile(mode="w+b") as handle:
            text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
            writer = csv.writer(text)
            writer.writerow(COLUMNS + [header for header, _q in questions])
            for row in _rows(action, questions, language, progress):
                writer.writerow(row)
            text.flush()
            text.detach()
            handle.seek(0)
            job.result_file.save(f"{action.slug}-submissions-{stamp}.csv", File(handle), save=False)
        url = reverse(
            "actions:detail", kwargs={"org_slug": job.organization.slug, "action_id": action.pk}
        )
    count = progress.job.done
    access_log_record(
        organization=job.organization,
        user=creator,
        action=AccessLog.Action.EXPORT,
        description=f"submissions of {action.slug}"[:300],
        record_count=count,
    )
    audit_record(
        organization=job.organization,
        actor=creator,
        action="action.submissions_exported",
        target=action,
        data={"rows": count},
    )
    return {"rows": count, "url": url}


def submissions_export_start(*, action: Action, actor, language: str):
    """Queue the CSV export of an action's submissions; returns the job."""
    from django.utils.translation import gettext as _

    from turnout.core.jobs import job_create

    return job_create(
        organization=action.organization,
        kind=EXPORT_JOB,
        title=_("Export of the submissions of %(title)s") % {"title": str(action)[:150]},
        params={"action": action.pk, "language": (language or "fr")[:2]},
        user=actor,
    )
