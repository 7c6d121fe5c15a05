"""Merging two records of the same person, losing nothing.

``person_merge`` moves everything of ``other`` onto ``survivor`` and deletes ``other``, in one
transaction holding row locks on both people (taken in id order, so two merges never deadlock;
the second of two concurrent merges of the same pair finds one of them gone and raises
``MergeError``).

Other apps whose models point to Person (signatures, donations, RSVPs, visits, ...) register
a hook that repoints their rows::

    from turnout.people.rights.merge import register_merge_hook

    @register_merge_hook
    def move_signatures(*, survivor, other, actor):
        Signature.objects.filter(person=other).update(person=survivor)

Before deleting ``other`` the merge checks that no row of any model still points to it (apart
from the duplicate bookkeeping that is meant to go with it): a model without a hook makes the
merge fail and roll back rather than lose rows through ``on_delete``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.api.webhooks import emit as webhook_emit
from turnout.core.audit import audit_record
from turnout.core.models import AuditEvent, Job

from ..models import (
    AccessLog,
    Activity,
    ActivityCount,
    Consent,
    ContactStatus,
    CustomField,
    DuplicateCandidate,
    DuplicateDismissal,
    EmailAddress,
    ImportChange,
    ListMembership,
    Person,
    PersonMerge,
    PhoneNumber,
    PostalAddress,
    Tagging,
)
from ..services import activity_record
from ..services.timeline import activity_counters_refresh
from .services import DSAR_JOB

MergeHook = Callable[..., None]
MERGE_HOOKS: list[MergeHook] = []

# Fields chosen one by one on the merge screen ("survivor" or "other").
CHOOSABLE_FIELDS = (
    "given_name",
    "family_name",
    "additional_name",
    "language",
    "gender",
    "birthdate",
    "employer",
    "support_level",
)
SENSITIVE_FIELDS = ("support_level",)
CUSTOM_PREFIX = "cf:"
SIDES = ("survivor", "other")

# Relations to Person that are meant to disappear with the merged record: the duplicate
# bookkeeping of the pair, and the import undo log (an undo must not delete or rewrite the
# survivor; the merged record's imports are kept in PersonMerge.merged_snapshot["imports"]).
_DROPPED_WITH_OTHER = {
    (DuplicateCandidate, "person_low"),
    (DuplicateCandidate, "person_high"),
    (DuplicateDismissal, "person_low"),
    (DuplicateDismissal, "person_high"),
    (ImportChange, "person"),
}


class MergeError(Exception):
    """The merge cannot be done; the message is for the person who asked."""


def register_merge_hook(func: MergeHook) -> MergeHook:
    """Register ``func(*, survivor, other, actor)``, called inside the merge transaction
    before ``other`` is deleted. Usable as a decorator; registering twice is harmless."""
    if func not in MERGE_HOOKS:
        MERGE_HOOKS.append(func)
    return func


def _json(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def person_snapshot(person: Person) -> dict:
    """Everything the merged record held itself (its rows that move are not copied)."""
    fields = {
        name: _json(getattr(person, name))
        for name in (
            *CHOOSABLE_FIELDS,
            "notes",
            "do_not_contact",
            "custom_fields",
            "identifiers",
            "origin_system",
            "created_at",
            "last_activity_at",
        )
    }
    fields["uuid"] = str(person.uuid)
    fields["organizer_id"] = person.organizer_id
    fields["emails"] = [
        {"address": e.address, "primary": e.primary, "status": e.status}
        for e in person.emails.all()
    ]
    fields["phones"] = [
        {"number": p.number, "primary": p.primary, "status": p.status} for p in person.phones.all()
    ]
    fields["addresses"] = [
        {
            "address_lines": a.address_lines,
            "postal_code": a.postal_code,
            "locality": a.locality,
            "country": a.country,
            "primary": a.primary,
        }
        for a in person.addresses.all()
    ]
    fields["tags"] = sorted(person.tags.values_list("name", flat=True))
    changes = list(ImportChange.objects.filter(person=person).order_by("id"))
    fields["import_changes"] = [
        {"import": c.people_import_id, "created": c.created, "before": c.before} for c in changes
    ]
    imports = {c.people_import_id for c in changes}
    if person.source_import_id:
        imports.add(person.source_import_id)
    fields["imports"] = sorted(imports)
    return fields


def _empty(value) -> bool:
    return value in (None, "", [], {})


def _pick(name: str, survivor_value, other_value, choices: dict):
    choice = choices.get(name)
    if choice == "other":
        return other_value
    if choice == "survivor":
        return survivor_value
    return other_value if _empty(survivor_value) else survivor_value


def _merge_fields(survivor: Person, other: Person, choices: dict) -> None:
    for name in CHOOSABLE_FIELDS:
        setattr(survivor, name, _pick(name, getattr(survivor, name), getattr(other, name), choices))
    notes = [n.strip() for n in (survivor.notes, other.notes) if n and n.strip()]
    if len(notes) == 2 and notes[0] == notes[1]:
        notes = notes[:1]
    survivor.notes = "\n\n".join(notes)
    custom = dict(survivor.custom_fields or {})
    for key, value in (other.custom_fields or {}).items():
        custom[key] = _pick(CUSTOM_PREFIX + key, custom.get(key), value, choices)
    survivor.custom_fields = custom
    survivor.identifiers = list(survivor.identifiers or []) + [
        i for i in (other.identifiers or []) if i not in (survivor.identifiers or [])
    ]
    survivor.do_not_contact = survivor.do_not_contact or other.do_not_contact
    survivor.organizer_id = survivor.organizer_id or other.organizer_id
    survivor.source_import_id = survivor.source_import_id or other.source_import_id
    if other.last_activity_at and (
        survivor.last_activity_at is None or other.last_activity_at > survivor.last_activity_at
    ):
        survivor.last_activity_at = other.last_activity_at
    survivor.created_at = min(survivor.created_at, other.created_at)


_STATUS_RANK = {
    ContactStatus.SUBSCRIBED: 0,
    ContactStatus.UNKNOWN: 1,
    ContactStatus.BOUNCING: 2,
    ContactStatus.UNSUBSCRIBED: 3,
    ContactStatus.SPAM_COMPLAINT: 4,
}


def _safest(a: str, b: str) -> str:
    """Of two statuses of the same contact point, the one that contacts less."""
    return a if _STATUS_RANK.get(a, 1) >= _STATUS_RANK.get(b, 1) else b


def _one_primary(queryset) -> None:
    rows = list(queryset.order_by("-primary", "id").values_list("pk", "primary"))
    if not rows:
        return
    keep = rows[0][0]
    queryset.exclude(pk=keep).filter(primary=True).update(primary=False)
    queryset.filter(pk=keep, primary=False).update(primary=True)


def _address_key(a: PostalAddress) -> tuple:
    def norm(value):
        return " ".join(str(value or "").casefold().replace(",", " ").split())

    return (norm(a.address_lines), norm(a.postal_code), norm(a.locality), norm(a.country))


def _move_contact_points(survivor: Person, other: Person) -> None:
    # Emails are unique in the organization, so the two people never share one.
    EmailAddress.objects.filter(person=other).update(person=survivor, primary=False)
    _one_primary(EmailAddress.objects.filter(person=survivor))

    mine = {p.number: p for p in PhoneNumber.objects.filter(person=survivor)}
    for phone in PhoneNumber.objects.filter(person=other):
        same = mine.get(phone.number)
        if same is None:
            continue
        status = _safest(same.status, phone.status)
        sms_capable = same.sms_capable or phone.sms_capable
        if (status, sms_capable) != (same.status, same.sms_capable):
            PhoneNumber.objects.filter(pk=same.pk).update(status=status, sms_capable=sms_capable)
        phone.delete()
    PhoneNumber.objects.filter(person=other).update(person=survivor, primary=False)
    _one_primary(PhoneNumber.objects.filter(person=survivor))

    kept = {_address_key(a): a for a in PostalAddress.objects.filter(person=survivor)}
    fill = ("latitude", "longitude", "polling_station", "precinct", "region")
    for address in PostalAddress.objects.filter(person=other):
        same = kept.get(_address_key(address))
        if same is None:
            continue
        updates = {
            f: getattr(address, f)
            for f in fill
            if _empty(getattr(same, f)) and not _empty(getattr(address, f))
        }
        if updates:
            PostalAddress.objects.filter(pk=same.pk).update(**updates)
        address.delete()
    PostalAddress.objects.filter(person=other).update(person=survivor, primary=False)
    _one_primary(PostalAddress.objects.filter(person=survivor))


def _move_consents(survivor: Person, other: Person) -> None:
    """Both histories are kept; the most recent row of each (channel, purpose) is current."""
    Consent.objects.filter(person__in=[survivor, other], current=True).update(current=False)
    Consent.objects.filter(person=other).update(person=survivor)
    latest: dict[tuple[str, str], int] = {}
    for pk, channel, purpose in (
        Consent.objects.filter(person=survivor)
        .order_by("created_at", "id")
        .values_list("pk", "channel", "purpose")
    ):
        latest[(channel, purpose)] = pk
    Consent.objects.filter(pk__in=latest.values()).update(current=True)


def _move_memberships(survivor: Person, other: Person) -> None:
    tags = Tagging.objects.filter(person=survivor).values_list("tag_id", flat=True)
    Tagging.objects.filter(person=other, tag_id__in=list(tags)).delete()
    Tagging.objects.filter(person=other).update(person=survivor)
    lists = ListMembership.objects.filter(person=survivor).values_list("people_list_id", flat=True)
    ListMembership.objects.filter(person=other, people_list_id__in=list(lists)).delete()
    ListMembership.objects.filter(person=other).update(person=survivor)


def _leftovers(other: Person) -> list[str]:
    """Rows of any model that still point to ``other`` and would be lost with it."""
    found = []
    for rel in Person._meta.get_fields(include_hidden=True):
        # Reverse relations, hidden ones (related_name="+") included.
        if not (rel.auto_created and not rel.concrete) or rel.many_to_many:
            continue
        if (rel.related_model, rel.field.name) in _DROPPED_WITH_OTHER:
            continue
        count = rel.related_model._base_manager.filter(**{rel.field.name: other.pk}).count()
        if count:
            found.append(f"{rel.related_model._meta.label}.{rel.field.name} ({count})")
    return found


@transaction.atomic
def person_merge(*, survivor: Person, other: Person, choices: dict, actor) -> PersonMerge:
    """Merge ``other`` into ``survivor``. ``choices`` maps a field name (or "cf:<key>" for a
    custom field) to "survivor" or "other"; a field not in it keeps the survivor's value, or
    takes the other's when the survivor has none. Notes are put together.

    Raises MergeError when the two are the same, in different organizations, erased, or when
    one of them no longer exists (a concurrent merge got there first)."""
    if survivor.pk == other.pk:
        raise MergeError(_("A person cannot be merged with themselves."))
    if survivor.organization_id != other.organization_id:
        raise MergeError(_("These people belong to different organizations."))
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .filter(pk__in=[survivor.pk, other.pk], organization_id=survivor.organization_id)
        .order_by("pk")
    }
    if len(locked) != 2:
        raise MergeError(
            _("One of these records no longer exists: it was probably merged a moment ago.")
        )
    survivor, other = locked[survivor.pk], locked[other.pk]
    if survivor.erased_at or other.erased_at:
        raise MergeError(_("An erased person cannot be merged."))
    choices = {k: v for k, v in (choices or {}).items() if v in SIDES}
    sensitive_ok = bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.has_perm("people.view_sensitive", survivor.organization)
    )
    if not sensitive_ok:
        hidden = CustomField.objects.for_organization(survivor.organization_id).filter(
            sensitive=True
        )
        for name in [
            *SENSITIVE_FIELDS,
            *(CUSTOM_PREFIX + k for k in hidden.values_list("key", flat=True)),
        ]:
            choices.pop(name, None)

    snapshot = person_snapshot(other)
    _merge_fields(survivor, other, choices)
    _move_contact_points(survivor, other)
    _move_consents(survivor, other)
    _move_memberships(survivor, other)
    Activity.objects.filter(person=other).update(person=survivor)
    # The survivor's activity counters are counted again; the merged record's go (the
    # segment counts read them, see docs/decisions/0033-activity-counters.md).
    ActivityCount.objects.filter(person=other).delete()
    activity_counters_refresh(person_ids=[survivor.pk])
    AccessLog.objects.filter(person=other).update(person=survivor)
    PersonMerge.objects.filter(survivor=other).update(survivor=survivor)
    # What would otherwise stay behind with the merged record's personal data, out of reach of
    # a later erasure of the survivor: the import undo log keeps its rows (person set to null
    # on delete) but its "before" values move into the merge snapshot; audit events and
    # data-subject exports about the merged record now name the survivor.
    ImportChange.objects.filter(person=other).update(before={})
    AuditEvent.objects.filter(
        organization_id=survivor.organization_id,
        target_type=Person._meta.label_lower,
        target_id=str(other.pk),
    ).update(target_id=str(survivor.pk))
    for job in Job.objects.filter(
        organization_id=survivor.organization_id, kind=DSAR_JOB, params__person=other.pk
    ):
        Job.objects.filter(pk=job.pk).update(params={**job.params, "person": survivor.pk})
    for hook in list(MERGE_HOOKS):
        hook(survivor=survivor, other=other, actor=actor)
    leftovers = _leftovers(other)
    if leftovers:
        raise MergeError(
            _("Some records still point to the merged person (%(what)s); nothing was changed.")
            % {"what": ", ".join(leftovers)}
        )

    survivor.save()
    merge = PersonMerge.objects.create(
        organization_id=survivor.organization_id,
        survivor=survivor,
        merged_uuid=other.uuid,
        merged_snapshot=snapshot,
        choices=choices,
        merged_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    merged_uuid = str(other.uuid)
    other.delete()
    activity_record(
        person=survivor,
        kind="person.merged",
        actor=actor,
        source=merge,
        data={"merged_uuid": merged_uuid, "merge_id": merge.pk},
    )
    webhook_emit(
        organization=survivor.organization_id,
        type="person.merged",
        obj=survivor,
        merged_uuid=merged_uuid,
    )
    audit_record(
        organization=survivor.organization,
        actor=actor,
        action="person.merged",
        target=survivor,
        data={"merged_uuid": merged_uuid, "survivor_uuid": str(survivor.uuid)},
    )
    return merge
