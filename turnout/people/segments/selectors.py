"""Reads for the segment and list pages. Ids from a request are resolved within the
organization."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import (
    CustomField,
    EmailAddress,
    ListMembership,
    PeopleList,
    Person,
    PostalAddress,
    Segment,
    Tag,
)


def segments_for(*, organization) -> QuerySet[Segment]:
    return Segment.objects.for_organization(organization).select_related("created_by")


def segment_get(*, organization, segment_id: int) -> Segment:
    return get_object_or_404(
        Segment.objects.for_organization(organization).select_related("organization"),
        pk=segment_id,
    )


def lists_for(*, organization) -> QuerySet[PeopleList]:
    return PeopleList.objects.for_organization(organization).annotate(
        member_count=Count("memberships", filter=Q(memberships__person__erased_at__isnull=True))
    )


def list_get(*, organization, list_id: int) -> PeopleList:
    return get_object_or_404(PeopleList.objects.for_organization(organization), pk=list_id)


def list_members(*, people_list: PeopleList) -> QuerySet[Person]:
    return (
        Person.objects.for_organization(people_list.organization_id)
        .active()
        .filter(
            Exists(ListMembership.objects.filter(people_list=people_list, person=OuterRef("pk")))
        )
    )


def list_member_get(*, people_list: PeopleList, person_uuid) -> Person:
    return get_object_or_404(list_members(people_list=people_list), uuid=person_uuid)


def with_contact_points(people: QuerySet[Person]) -> QuerySet[Person]:
    """What the people tables show: the primary email and the first address (2 queries)."""
    return people.prefetch_related(
        Prefetch("emails", queryset=EmailAddress.objects.filter(primary=True)),
        Prefetch("addresses", queryset=PostalAddress.objects.order_by("-primary", "id")),
    )


def builder_choices(*, organization, allow_sensitive: bool) -> dict:
    """The organization's tags, lists and custom fields offered by the filter builder."""
    fields = CustomField.objects.for_organization(organization)
    if not allow_sensitive:
        fields = fields.filter(sensitive=False)
    return {
        "tags": list(Tag.objects.for_organization(organization).values_list("pk", "name")),
        "lists": list(PeopleList.objects.for_organization(organization).values_list("pk", "name")),
        "custom_fields": list(fields),
    }
