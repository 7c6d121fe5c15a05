"""Reads for CRM pages. Ids from a request are always resolved within the organization."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from .models import (
    Activity,
    Consent,
    CustomField,
    EmailAddress,
    Person,
    PhoneNumber,
    Suppression,
    Tag,
)


def people_search(*, organization, query: str = "", tag_id: str | None = None):
    people = Person.objects.for_organization(organization).active()
    query = (query or "").strip()
    if query:
        words = query.split()
        for word in words[:4]:
            people = people.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(emails__address__icontains=word)
                | Q(phones__number__contains=word)
            )
        people = people.distinct()
    if tag_id and str(tag_id).isdigit():
        people = people.filter(taggings__tag_id=int(tag_id))
    return people.prefetch_related(
        Prefetch("emails", queryset=EmailAddress.objects.filter(primary=True)),
        Prefetch("phones", queryset=PhoneNumber.objects.filter(primary=True)),
        "addresses",
    )


def person_get(*, organization, person_uuid) -> Person:
    return get_object_or_404(
        Person.objects.for_organization(organization).active().select_related("organizer"),
        uuid=person_uuid,
    )


def person_timeline(*, person: Person, include_sensitive: bool, limit: int = 100):
    activities = Activity.objects.filter(person=person).select_related("actor")
    if not include_sensitive:
        activities = activities.filter(sensitive=False)
    return activities[:limit]


def person_current_consents(*, person: Person):
    return Consent.objects.filter(person=person, current=True).order_by("channel", "purpose")


def tags_for(*, organization):
    return Tag.objects.for_organization(organization)


def tags_with_counts(*, organization):
    """Tags with how many people carry each, the most used first."""
    return (
        tags_for(organization=organization)
        .annotate(count=Count("taggings"))
        .order_by("-count", "name")
    )


def tag_get(*, organization, tag_id: int) -> Tag:
    return get_object_or_404(Tag.objects.for_organization(organization), pk=tag_id)


def custom_fields_for(*, organization, include_sensitive: bool = True):
    fields = CustomField.objects.for_organization(organization)
    return fields if include_sensitive else fields.filter(sensitive=False)


def custom_field_get(*, organization, field_id: int) -> CustomField:
    return get_object_or_404(CustomField.objects.for_organization(organization), pk=field_id)


def suppressions_for(*, organization):
    return Suppression.objects.for_organization(organization).select_related(
        "created_by", "lifted_by"
    )


def suppression_get(*, organization, suppression_id: int) -> Suppression:
    return get_object_or_404(Suppression.objects.for_organization(organization), pk=suppression_id)
