"""Writes on segments and static lists."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.jobs import job_create

from ..models import ListMembership, PeopleList, Person, Segment
from .filters import people_matching, validate_definition

# A snapshot of up to this many people is written while the person waits (a second or two);
# a bigger one runs as a background job with a progress bar.
INLINE_SNAPSHOT_LIMIT = 50_000
BATCH = 5_000
SNAPSHOT_JOB = "people_list_snapshot"


def segment_count_refresh(*, segment: Segment, count: int | None = None) -> int:
    """Store how many people match now (the count shown on the segment list)."""
    if count is None:
        count = segment_people_count(segment=segment)
    segment.last_count, segment.counted_at = count, timezone.now()
    Segment.objects.filter(pk=segment.pk).update(
        last_count=segment.last_count, counted_at=segment.counted_at
    )
    return count


def segment_people_count(*, segment: Segment) -> int:
    return people_matching(organization=segment.organization, definition=segment.definition).count()


@transaction.atomic
def segment_create(
    *,
    organization,
    actor,
    name: str,
    description: str = "",
    definition: dict,
    allow_sensitive: bool,
) -> Segment:
    """Raises ValidationError when the definition is invalid or uses what the actor may not
    see."""
    cleaned = validate_definition(
        organization=organization, definition=definition, allow_sensitive=allow_sensitive
    )
    segment = Segment.objects.create(
        organization=organization,
        name=name.strip(),
        description=description.strip(),
        definition=cleaned,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    segment_count_refresh(segment=segment)
    audit_record(
        organization=organization,
        actor=actor,
        action="segment.created",
        target=segment,
        data={"definition": cleaned},
    )
    return segment


@transaction.atomic
def segment_update(
    *,
    segment: Segment,
    actor,
    name: str,
    description: str = "",
    definition: dict,
    allow_sensitive: bool,
) -> Segment:
    cleaned = validate_definition(
        organization=segment.organization, definition=definition, allow_sensitive=allow_sensitive
    )
    segment.name, segment.description = name.strip(), description.strip()
    segment.definition = cleaned
    segment.save(update_fields=["name", "description", "definition", "updated_at"])
    segment_count_refresh(segment=segment)
    audit_record(
        organization=segment.organization,
        actor=actor,
        action="segment.updated",
        target=segment,
        data={"definition": cleaned},
    )
    return segment


@transaction.atomic
def segment_delete(*, segment: Segment, actor) -> None:
    """Only the filter goes: nobody leaves the base, and lists made from it stay."""
    audit_record(
        organization=segment.organization,
        actor=actor,
        action="segment.deleted",
        target=segment,
        data={"definition": segment.definition},
    )
    segment.delete()


# --- Static lists ---------------------------------------------------------------------------


@transaction.atomic
def list_create(*, organization, actor, name: str, description: str = "") -> PeopleList:
    people_list = PeopleList.objects.create(
        organization=organization, name=name.strip(), description=description.strip()
    )
    audit_record(organization=organization, actor=actor, action="list.created", target=people_list)
    return people_list


@transaction.atomic
def list_delete(*, people_list: PeopleList, actor) -> None:
    audit_record(
        organization=people_list.organization,
        actor=actor,
        action="list.deleted",
        target=people_list,
        data={"members": people_list.memberships.count()},
    )
    people_list.delete()


@transaction.atomic
def list_member_remove(*, people_list: PeopleList, person: Person, actor) -> bool:
    deleted, _rows = ListMembership.objects.filter(people_list=people_list, person=person).delete()
    if deleted:
        audit_record(
            organization=people_list.organization,
            actor=actor,
            action="list.member_removed",
            target=people_list,
            data={"person": str(person.uuid)},
        )
    return bool(deleted)


def list_fill(*, people_list: PeopleList, definition: dict, progress=None) -> int:
    """Add everyone who matches the definition now to the list, in batches of ids.

    Safe to run again (a job restarted by a worker): people already in the list are skipped.
    Returns the number of people who match.
    """
    people = people_matching(organization=people_list.organization, definition=definition)
    last_pk, total = 0, 0
    while True:
        ids = list(
            people.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return total
        ListMembership.objects.bulk_create(
            [ListMembership(people_list=people_list, person_id=pk) for pk in ids],
            ignore_conflicts=True,
        )
        total += len(ids)
        last_pk = ids[-1]
        if progress is not None:
            progress.advance(len(ids))


@transaction.atomic
def list_snapshot(*, segment: Segment, actor, name: str, count: int | None = None):
    """A static list of the people who match the segment now.

    Returns ``(people_list, job)``: ``job`` is None when the list was filled at once, or the
    background job filling it when more than INLINE_SNAPSHOT_LIMIT people match. The job
    works from the definition as it is now, even if the segment changes in the meantime.
    """
    definition = segment.definition
    if count is None:
        count = people_matching(organization=segment.organization, definition=definition).count()
    people_list = PeopleList.objects.create(
        organization=segment.organization,
        name=name.strip(),
        description=_("Made from the segment “%(segment)s” on %(date)s.")
        % {"segment": segment.name, "date": timezone.localdate().isoformat()},
    )
    audit_record(
        organization=segment.organization,
        actor=actor,
        action="list.snapshot",
        target=people_list,
        data={"segment": segment.pk, "definition": definition, "count": count},
    )
    if count > INLINE_SNAPSHOT_LIMIT:
        job = job_create(
            organization=segment.organization,
            kind=SNAPSHOT_JOB,
            title=_("List “%(name)s” from a segment") % {"name": people_list.name},
            user=actor if getattr(actor, "is_authenticated", False) else None,
            params={"list_id": people_list.pk, "definition": definition},
        )
        return people_list, job
    list_fill(people_list=people_list, definition=definition)
    return people_list, None
