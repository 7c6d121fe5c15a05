"""Data-subject rights: erasure, objection, retention, and the duplicate and export jobs.

Every function here is a service: keyword-only, transactional, writes its own access-log,
activity and audit rows, and keeps no personal data in the audit log.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit
from turnout.core.audit import audit_record
from turnout.core.jobs import job_create
from turnout.core.models import AuditEvent, Job

from .. import activity_kinds as kinds
from ..models import (
    AccessLog,
    Activity,
    Channel,
    Consent,
    DuplicateCandidate,
    DuplicateDismissal,
    EmailAddress,
    ImportChange,
    ListMembership,
    Person,
    PersonMerge,
    PhoneNumber,
    PostalAddress,
    RetentionPolicy,
    Suppression,
    Tagging,
)
from ..normalize import InvalidContact, contact_hash, normalize_email, normalize_phone
from ..services import (
    ConsentInput,
    access_log_record,
    activity_record,
    consent_record,
    suppress_person_contacts,
)

logger = logging.getLogger("turnout.people.rights")

DUPLICATE_SCAN_JOB = "people_duplicate_scan"
DSAR_JOB = "person_dsar_export"
RETENTION_JOB = "people_retention_run"
# Timeline kinds that mark a donor, whose records are kept for accounting when the retention
# policy says so.
DONOR_ACTIVITY_KINDS = (kinds.DONATION_MADE,)
RETENTION_SAMPLE = 20
ALL_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.PHONE, Channel.WHATSAPP)


class ErasureReason:
    """Why a person is erased (GDPR art. 17(1)); stored as a code, never free text, so that
    the audit log holds no personal data."""

    REQUEST = "request"
    NOT_NEEDED = "not_needed"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    OBJECTION = "objection"
    UNLAWFUL = "unlawful"
    RETENTION = "retention"

    @classmethod
    def choices(cls):
        return [
            (cls.REQUEST, _("The person asked for erasure")),
            (cls.NOT_NEEDED, _("The data is no longer needed")),
            (cls.CONSENT_WITHDRAWN, _("Consent withdrawn and no other legal basis")),
            (cls.OBJECTION, _("The person objected and there is no overriding reason")),
            (cls.UNLAWFUL, _("The data was processed unlawfully")),
            (cls.RETENTION, _("Retention period over")),
        ]


# --- Contact-point hashes --------------------------------------------------------------------


def person_contact_hashes(person: Person) -> set[str]:
    """Keyed hashes of the person's emails and phone numbers (as the suppression list keeps
    them)."""
    hashes = set()
    for address in person.emails.values_list("address", flat=True):
        try:
            hashes.add(
                contact_hash(person.organization_id, Channel.EMAIL, normalize_email(address))
            )
        except InvalidContact:
            continue
    for number in person.phones.values_list("number", flat=True):
        try:
            normalized = normalize_phone(number)[0]
        except InvalidContact:
            normalized = number
        hashes.add(contact_hash(person.organization_id, Channel.SMS, normalized))
    return hashes


# --- Erasure ---------------------------------------------------------------------------------

#: ``func(*, person)`` called inside the erasure transaction, before the person is anonymized:
#: other apps blank the personal data they hold about the person (messages, conversations...).
ERASURE_HOOKS: list = []


def register_erasure_hook(func):
    if func not in ERASURE_HOOKS:
        ERASURE_HOOKS.append(func)
    return func


@transaction.atomic
def person_erase(*, person: Person, actor, reason: str) -> Person:
    """Erase a person (GDPR art. 17): contact points suppressed with reason "erasure" and then
    deleted, personal fields blanked, the record kept as an anonymous tombstone.

    Kept, without personal data: the person row (so counts and foreign keys of aggregates stay
    right), activities (kind, time and actor; summary and data blanked), consent rows (channel,
    purpose, status and time, as evidence of lawful past processing; text, IP and reference
    blanked), the suppression hashes (so that no import or form brings the contact back).
    Idempotent: erasing an erased person does nothing.
    """
    locked = Person.objects.select_for_update().filter(pk=person.pk).first()
    if locked is None or locked.erased_at is not None:
        return locked or person
    person = locked
    organization = person.organization
    hashes = person_contact_hashes(person)
    webhook_emit(organization=organization, type="person.erased", obj=person)

    # 1. Suppress every contact point BEFORE deleting it.
    suppressed = suppress_person_contacts(
        person=person,
        reason=Suppression.Reason.ERASURE,
        source=_("erasure"),
        actor=actor,
        channels=ALL_CHANNELS,
    )
    # An older opt-out on the same hash stays the active row of its channel: make it an
    # erasure so that imports refuse the contact point (suppressions are matched by hash).
    if hashes:
        Suppression.objects.for_organization(organization).filter(
            value_hash__in=hashes, lifted_at__isnull=True
        ).exclude(reason=Suppression.Reason.ERASURE).update(
            reason=Suppression.Reason.ERASURE, updated_at=timezone.now()
        )

    # Other apps' data about the person, while its contact points are still known.
    for hook in list(ERASURE_HOOKS):
        hook(person=person)

    # 2. Delete contact points, tags and list memberships.
    EmailAddress.objects.filter(person=person).delete()
    PhoneNumber.objects.filter(person=person).delete()
    PostalAddress.objects.filter(person=person).delete()
    Tagging.objects.filter(person=person).delete()
    ListMembership.objects.filter(person=person).delete()

    # 3. Blank what is kept as evidence or for counts.
    Consent.objects.filter(person=person).update(notice_text="", ip_address=None, source_ref="")
    Activity.objects.filter(person=person).update(summary="", data={})
    ImportChange.objects.filter(person=person).update(before={})
    PersonMerge.objects.filter(survivor=person).update(merged_snapshot={"erased": True})
    DuplicateCandidate.objects.filter(Q(person_low=person) | Q(person_high=person)).delete()
    AuditEvent.objects.filter(
        organization=organization,
        target_type=Person._meta.label_lower,
        target_id=str(person.pk),
    ).update(target_repr=str(_("Erased person")))
    _dsar_files_delete(person)

    # 4. Anonymize the person.
    person.given_name = person.family_name = person.additional_name = ""
    person.employer = person.notes = person.gender = person.language = ""
    person.birthdate = None
    person.support_level = None
    person.custom_fields = {}
    person.identifiers = []
    person.organizer = None
    person.do_not_contact = True
    person.erased_at = timezone.now()
    person.save()

    access_log_record(
        organization=organization,
        user=actor,
        action=AccessLog.Action.ERASE,
        person=person,
        description=f"reason: {reason}",
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="person.erased",
        target=person,
        data={"reason": reason, "suppressions": suppressed},
    )
    return person


def _dsar_files_delete(person: Person) -> None:
    """Data-subject export files of this person are personal data too, and so are the people
    exports made before the erasure (they may list the person): their files are deleted; the
    job records stay, and the page of such a job says the file is gone."""
    jobs = Job.objects.for_organization(person.organization_id).filter(
        Q(kind=DSAR_JOB, params__person=person.pk) | Q(kind="people_export")
    )
    for job in jobs.exclude(result_file=""):
        name = job.result_file.name
        storage = job.result_file.storage
        Job.objects.filter(pk=job.pk).update(result_file="")
        transaction.on_commit(lambda s=storage, n=name: s.delete(n))


# --- Objection -------------------------------------------------------------------------------


@transaction.atomic
def person_object(*, person: Person, actor) -> dict:
    """The person objects to processing for prospection (GDPR art. 21): do-not-contact, every
    contact point suppressed with reason "objection" on every channel, current consents
    withdrawn. Undone only by lifting the suppressions, with a reason, on the suppression list.
    """
    locked = Person.objects.select_for_update().filter(pk=person.pk, erased_at__isnull=True)
    person = locked.first()
    if person is None:
        raise ValueError(_("This person was erased."))
    Person.objects.filter(pk=person.pk).update(do_not_contact=True, updated_at=timezone.now())
    person.do_not_contact = True
    webhook_emit(
        organization=person.organization_id, type="opt_out", obj=person, reason="do_not_contact"
    )
    suppressed = suppress_person_contacts(
        person=person,
        reason=Suppression.Reason.OBJECTION,
        source=_("objection"),
        actor=actor,
        channels=ALL_CHANNELS,
    )
    withdrawn = 0
    current = Consent.objects.filter(person=person, current=True).exclude(
        status=Consent.Status.WITHDRAWN
    )
    for consent in list(current):
        consent_record(
            person=person,
            source=Consent.Source.STAFF,
            actor=actor,
            consent=ConsentInput(
                channel=consent.channel,
                purpose=consent.purpose,
                status=Consent.Status.WITHDRAWN,
                notice_text=_("Objection to processing (GDPR art. 21) recorded by staff."),
                source_ref="objection",
            ),
        )
        withdrawn += 1
    activity_record(
        person=person,
        kind="person.objected",
        actor=actor,
        summary=_("Objected to processing: do not contact"),
        data={"suppressions": suppressed, "consents_withdrawn": withdrawn},
    )
    audit_record(
        organization=person.organization,
        actor=actor,
        action="person.objected",
        target=person,
        data={"suppressions": suppressed, "consents_withdrawn": withdrawn},
    )
    return {"suppressions": suppressed, "consents_withdrawn": withdrawn}


# --- Retention -------------------------------------------------------------------------------


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` months earlier (the 31st becomes the month's last)."""
    total = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_queryset(*, organization, inactive_months: int, keep_donors: bool, now=None):
    """People of the organization inactive for more than ``inactive_months`` months (last
    activity, or creation when they have none, strictly before the cutoff)."""
    cutoff = months_before(now or timezone.now(), inactive_months)
    people = (
        Person.objects.for_organization(organization)
        .active()
        .annotate(last_seen=Coalesce("last_activity_at", "created_at"))
        .filter(last_seen__lt=cutoff)
    )
    if keep_donors:
        donor = Activity.objects.filter(person=OuterRef("pk"), kind__in=DONOR_ACTIVITY_KINDS)
        people = people.exclude(Exists(donor))
    return people, cutoff


def retention_policy_get(*, organization) -> RetentionPolicy:
    """The organization's policy, or an unsaved disabled one with the defaults."""
    policy = RetentionPolicy.objects.for_organization(organization).first()
    return policy or RetentionPolicy(organization=organization)


@transaction.atomic
def retention_policy_save(
    *, organization, actor, enabled: bool, inactive_months: int, keep_donors: bool
) -> RetentionPolicy:
    if not 1 <= inactive_months <= 1200:
        raise ValueError(_("Give a number of months between 1 and 1200."))
    policy, _created = RetentionPolicy.objects.select_for_update().get_or_create(
        organization=organization
    )
    before = {
        "enabled": policy.enabled,
        "inactive_months": policy.inactive_months,
        "keep_donors": policy.keep_donors,
    }
    policy.enabled = enabled
    policy.inactive_months = inactive_months
    policy.keep_donors = keep_donors
    policy.save()
    after = {"enabled": enabled, "inactive_months": inactive_months, "keep_donors": keep_donors}
    audit_record(
        organization=organization,
        actor=actor,
        action="retention.updated",
        target=policy,
        data={"before": before, "after": after},
    )
    return policy


def retention_run(
    *,
    organization,
    dry_run: bool,
    inactive_months: int | None = None,
    keep_donors: bool | None = None,
    actor=None,
    progress=None,
) -> dict:
    """Apply (or, with ``dry_run``, only report) the retention policy of the organization.

    The dry run and the real run select the same people: both return the count, the oldest
    last activity and a digest of the selected ids; the dry run adds a sample of names. The
    real run erases each person in their own transaction (an interrupted run resumes), then
    stores ``last_run_at`` and ``last_report`` (counts only) on the policy.
    """
    policy = retention_policy_get(organization=organization)
    months = inactive_months or policy.inactive_months
    donors = policy.keep_donors if keep_donors is None else keep_donors
    now = timezone.now()
    people, cutoff = retention_queryset(
        organization=organization, inactive_months=months, keep_donors=donors, now=now
    )
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    oldest = people.order_by("last_seen").values_list("last_seen", flat=True).first()
    report = {
        "dry_run": dry_run,
        "inactive_months": months,
        "keep_donors": donors,
        "cutoff": cutoff.isoformat(),
        "count": len(ids),
        "oldest_last_activity": oldest.isoformat() if oldest else None,
        "digest": hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest(),
        "ran_at": now.isoformat(),
    }
    if dry_run:
        report["sample"] = [
            str(p)
            for p in Person.objects.filter(pk__in=ids[:RETENTION_SAMPLE]).order_by(
                "family_name", "given_name", "pk"
            )
        ]
        return report
    if progress is not None:
        progress.set_total(len(ids))
    erased = 0
    for pk in ids:
        person = Person.objects.filter(pk=pk, erased_at__isnull=True).first()
        if person is not None:
            person_erase(person=person, actor=actor, reason=ErasureReason.RETENTION)
            erased += 1
        if progress is not None:
            progress.advance(1)
    report["erased"] = erased
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.get_or_create(organization=organization)
        RetentionPolicy.objects.filter(pk=policy.pk).update(
            last_run_at=now, last_report=report, updated_at=timezone.now()
        )
        audit_record(
            organization=organization,
            actor=actor,
            action="retention.run",
            target=policy,
            data={k: report[k] for k in ("inactive_months", "keep_donors", "cutoff", "erased")},
        )
    return report


def retention_start_all() -> dict:
    """Queue a retention job for every organization whose policy is enabled (daily)."""
    started = 0
    for policy in RetentionPolicy.objects.filter(enabled=True).select_related("organization"):
        if _job_pending(policy.organization, RETENTION_JOB):
            continue
        job_create(
            organization=policy.organization,
            kind=RETENTION_JOB,
            title=_("Retention policy"),
            params={},
        )
        started += 1
    return {"jobs": started}


# --- Jobs started from pages -----------------------------------------------------------------


def _job_pending(organization, kind: str, **params) -> Job | None:
    jobs = Job.objects.for_organization(organization).filter(
        kind=kind, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]
    )
    for key, value in params.items():
        jobs = jobs.filter(**{f"params__{key}": value})
    return jobs.first()


def duplicates_scan_start(*, organization, actor=None) -> Job:
    """Start a duplicate scan, or return the one already queued or running."""
    pending = _job_pending(organization, DUPLICATE_SCAN_JOB)
    if pending:
        return pending
    return job_create(
        organization=organization,
        kind=DUPLICATE_SCAN_JOB,
        title=_("Duplicate scan"),
        user=actor,
        params={},
    )


def duplicates_scan_start_all() -> dict:
    """Queue a duplicate scan for every organization with at least two people (weekly)."""
    from turnout.organizations.models import Organization

    started = 0
    with_people = Person.objects.active().values("organization_id")
    for organization in Organization.objects.filter(pk__in=with_people):
        if not _job_pending(organization, DUPLICATE_SCAN_JOB):
            duplicates_scan_start(organization=organization)
            started += 1
    return {"jobs": started}


def dsar_export_start(*, person: Person, actor) -> Job:
    """Start the export of everything held about a person (GDPR art. 15 and 20)."""
    if person.erased_at:
        raise ValueError(_("This person was erased."))
    return job_create(
        organization=person.organization,
        kind=DSAR_JOB,
        title=_("Data-subject access export"),
        user=actor,
        params={"person": person.pk},
    )


def dsar_files_purge(*, older_than: dt.timedelta = dt.timedelta(days=7)) -> int:
    """Delete data-subject export files once they are a week old: they were for one download."""
    cutoff = timezone.now() - older_than
    purged = 0
    old = Job.objects.filter(kind=DSAR_JOB, finished_at__lt=cutoff).exclude(result_file="")
    for job in old:
        name, storage = job.result_file.name, job.result_file.storage
        Job.objects.filter(pk=job.pk).update(result_file="")
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete a data-subject export file", extra={"job": job.pk})
        purged += 1
    return purged


# --- Duplicates ------------------------------------------------------------------------------


@transaction.atomic
def duplicate_dismiss(*, candidate: DuplicateCandidate, actor) -> DuplicateDismissal:
    """Two people someone checked are different: never proposed again."""
    dismissal, _created = DuplicateDismissal.objects.get_or_create(
        person_low_id=candidate.person_low_id,
        person_high_id=candidate.person_high_id,
        defaults={
            "organization_id": candidate.organization_id,
            "dismissed_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    DuplicateCandidate.objects.filter(pk=candidate.pk).delete()
    audit_record(
        organization=candidate.organization,
        actor=actor,
        action="duplicate.dismissed",
        target=dismissal,
        data={"person_low": candidate.person_low_id, "person_high": candidate.person_high_id},
    )
    return dismissal
