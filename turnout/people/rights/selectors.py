"""Reads for the duplicates and data-rights pages. Ids from a request are resolved within the
organization."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.models import ADMIN_ROLES, Membership

from ..models import (
    AccessLog,
    Activity,
    Consent,
    CustomField,
    DuplicateCandidate,
    EmailAddress,
    ListMembership,
    Person,
    PersonMerge,
    PhoneNumber,
    PostalAddress,
    Purpose,
    Suppression,
    Tagging,
)
from .services import DSAR_JOB, DUPLICATE_SCAN_JOB, person_contact_hashes


def _person_prefetch(prefix: str) -> list:
    return [
        Prefetch(f"{prefix}__emails", queryset=EmailAddress.objects.order_by("-primary", "id")),
        Prefetch(f"{prefix}__phones", queryset=PhoneNumber.objects.order_by("-primary", "id")),
        Prefetch(f"{prefix}__addresses", queryset=PostalAddress.objects.order_by("-primary", "id")),
        f"{prefix}__tags",
    ]


def duplicate_candidates(*, organization):
    return (
        DuplicateCandidate.objects.for_organization(organization)
        .filter(person_low__erased_at__isnull=True, person_high__erased_at__isnull=True)
        .select_related("person_low", "person_high")
        .prefetch_related(*_person_prefetch("person_low"), *_person_prefetch("person_high"))
        .order_by("-score", "id")
    )


def duplicate_candidate_get(*, organization, candidate_id: int) -> DuplicateCandidate:
    return get_object_or_404(duplicate_candidates(organization=organization), pk=candidate_id)


def last_duplicate_scan(*, organization) -> Job | None:
    return Job.objects.for_organization(organization).filter(kind=DUPLICATE_SCAN_JOB).first()


def person_rights_summary(*, person: Person) -> dict:
    """What is held about the person, in counts, for the rights page."""
    return {
        "emails": person.emails.count(),
        "phones": person.phones.count(),
        "addresses": person.addresses.count(),
        "tags": Tagging.objects.filter(person=person).count(),
        "lists": ListMembership.objects.filter(person=person).count(),
        "consents": Consent.objects.filter(person=person).count(),
        "activities": Activity.objects.filter(person=person).count(),
        "suppressions": Suppression.objects.for_organization(person.organization_id)
        .filter(value_hash__in=person_contact_hashes(person), lifted_at__isnull=True)
        .count(),
    }


def person_merges(*, person: Person):
    return PersonMerge.objects.filter(survivor=person).select_related("merged_by")


def person_dsar_jobs(*, person: Person):
    return (
        Job.objects.for_organization(person.organization_id)
        .filter(kind=DSAR_JOB, params__person=person.pk)
        .select_related("created_by")[:5]
    )


def person_active_suppressions(*, person: Person):
    return (
        Suppression.objects.for_organization(person.organization_id)
        .filter(value_hash__in=person_contact_hashes(person), lifted_at__isnull=True)
        .order_by("created_at")
    )


def access_logs(*, organization, user_id: int | None = None, action: str = ""):
    logs = AccessLog.objects.for_organization(organization).select_related("user", "person")
    if user_id:
        logs = logs.filter(user_id=user_id)
    if action:
        logs = logs.filter(action=action)
    return logs.order_by("-created_at", "-id")


def access_log_users(*, organization):
    """Members of the organization, for the access-log filter."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__email")
    )


def _backend_label(path: str) -> str:
    if not path:
        return ""
    parts = path.split(".")
    if parts[0] == "anymail" and len(parts) > 2:
        return f"{parts[2].capitalize()} (anymail)"
    return path


def processing_register(*, organization) -> dict:
    """The facts of the register of processing activities (GDPR art. 30), from the data."""
    people = Person.objects.for_organization(organization)
    active = people.active()
    fields = list(CustomField.objects.for_organization(organization))
    counts = active.aggregate(
        people=Count("pk"),
        with_support_level=Count("pk", filter=Q(support_level__isnull=False)),
        do_not_contact=Count("pk", filter=Q(do_not_contact=True)),
        with_birthdate=Count("pk", filter=Q(birthdate__isnull=False)),
        with_employer=Count("pk", filter=~Q(employer="")),
    )
    sensitive_fields = []
    for field in fields:
        if field.sensitive:
            filled = active.filter(custom_fields__has_key=field.key).count()
            sensitive_fields.append({"field": field, "people": filled})
    consent_counts = {
        (row["purpose"], row["channel"]): row["n"]
        for row in Consent.objects.for_organization(organization)
        .filter(current=True, status=Consent.Status.GRANTED, person__erased_at__isnull=True)
        .values("purpose", "channel")
        .annotate(n=Count("pk"))
    }
    purposes = [
        {
            "value": value,
            "label": label,
            "consents": sum(n for (p, _c), n in consent_counts.items() if p == value),
        }
        for value, label in Purpose.choices
    ]
    activities = Activity.objects.for_organization(organization)
    categories = {
        "people": counts["people"],
        "emails": EmailAddress.objects.for_organization(organization).count(),
        "phones": PhoneNumber.objects.for_organization(organization).count(),
        "addresses": PostalAddress.objects.for_organization(organization).count(),
        "with_birthdate": counts["with_birthdate"],
        "with_employer": counts["with_employer"],
        "taggings": Tagging.objects.filter(person__organization=organization).count(),
        "custom_fields": len([f for f in fields if not f.sensitive]),
        "activities": activities.count(),
        "consents": Consent.objects.for_organization(organization).count(),
        "suppressions": Suppression.objects.for_organization(organization)
        .filter(lifted_at__isnull=True)
        .count(),
        "erased": people.filter(erased_at__isnull=False).count(),
        "do_not_contact": counts["do_not_contact"],
    }
    sensitive_viewers = (
        Membership.objects.filter(organization=organization, role__in=ADMIN_ROLES)
        .select_related("user")
        .order_by("user__email")
    )
    # Exports, imports and archives of personal data live in the "private" storage.
    storages = settings.STORAGES
    storage = (storages.get("private") or storages.get("default") or {}).get("BACKEND", "")
    return {
        "categories": categories,
        "purposes": purposes,
        "special": {
            "support_level": counts["with_support_level"],
            "sensitive_fields": sensitive_fields,
            "sensitive_activities": activities.filter(sensitive=True).count(),
            "viewers": sensitive_viewers,
        },
        "recipients": {
            "email": _backend_label(getattr(settings, "EMAIL_BACKEND", "")),
            "sms": _backend_label(str(getattr(settings, "SMS_BACKEND", "") or "")),
            "storage": _backend_label(storage),
        },
        "members": [
            {"label": Role(row["role"]).label, "n": row["n"]}
            for row in Membership.objects.filter(organization=organization)
            .values("role")
            .annotate(n=Count("pk"))
            .order_by("role")
        ],
        "mfa": _mfa_counts(organization),
    }


def _mfa_counts(organization) -> dict:
    from allauth.mfa.models import Authenticator

    admins = Membership.objects.filter(organization=organization, role__in=ADMIN_ROLES)
    with_mfa = admins.filter(
        user__in=Authenticator.objects.values("user_id").filter(
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        )
    ).count()
    return {"admins": admins.count(), "with_mfa": with_mfa}
