"""Reads of the people endpoints, always within the token's organization."""

from __future__ import annotations

from django.db.models import Count, Q

from turnout.people.models import (
    CustomField,
    EmailAddress,
    ListMembership,
    PeopleList,
    Person,
    PhoneNumber,
    PostalAddress,
    Tag,
    Tagging,
)


def people_for_api(*, organization, prefetch: bool = True):
    """The organization's people that are not erased, with their contact points (for a page
    of a collection, ``prefetch=False`` and ``contact_points_attach`` on the page)."""
    people = Person.objects.for_organization(organization).active()
    return people.prefetch_related("emails", "phones", "addresses") if prefetch else people


def contact_points_attach(people: list) -> None:
    """Load the emails, phones and addresses of a page of people in three range queries (a
    page is a primary-key range: cheaper than ``IN`` lists of a hundred ids) and hand them to
    ``person_representation`` as ``person.api_contacts``."""
    if not people:
        return
    low, high = min(p.pk for p in people), max(p.pk for p in people)
    found: dict[int, dict[str, list]] = {p.pk: {} for p in people}
    organization_id = people[0].organization_id
    for name, model in (
        ("emails", EmailAddress),
        ("phones", PhoneNumber),
        ("addresses", PostalAddress),
    ):
        for groups in found.values():
            groups[name] = []
        for row in model.objects.filter(
            organization_id=organization_id, person_id__gte=low, person_id__lte=high
        ).order_by("person_id", "-primary", "id"):
            if row.person_id in found:
                found[row.person_id][name].append(row)
    for person in people:
        person.api_contacts = found[person.pk]


def hidden_custom_fields(*, organization, token) -> frozenset[str]:
    """Keys of the custom fields a token may not see (sensitive ones without the scope)."""
    if token.allows("people_sensitive:read"):
        return frozenset()
    return frozenset(
        CustomField.objects.for_organization(organization)
        .filter(sensitive=True)
        .values_list("key", flat=True)
    )


def tags_for_api(*, organization):
    return Tag.objects.for_organization(organization)


def taggings_for_api(*, organization, tag=None, person=None):
    taggings = Tagging.objects.filter(
        tag__organization=organization, person__erased_at__isnull=True
    ).select_related("person")
    if tag is not None:
        taggings = taggings.filter(tag=tag)
    if person is not None:
        taggings = taggings.filter(person=person)
    return taggings


def lists_for_api(*, organization):
    return PeopleList.objects.for_organization(organization).annotate(
        member_count=Count("memberships", filter=Q(memberships__person__erased_at__isnull=True))
    )


def items_for_api(*, organization, people_list=None, person=None):
    items = ListMembership.objects.filter(
        people_list__organization=organization, person__erased_at__isnull=True
    ).select_related("person")
    if people_list is not None:
        items = items.filter(people_list=people_list)
    if person is not None:
        items = items.filter(person=person)
    return items
