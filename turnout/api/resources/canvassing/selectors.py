"""Reads of the canvassing endpoints, within the token's organization."""

from __future__ import annotations

from django.db.models import Count

from turnout.canvassing.models import Effort, Visit


def efforts_for_api(*, organization):
    return Effort.objects.for_organization(organization).annotate(total_canvasses=Count("visits"))


def canvasses_for_api(*, organization, effort: Effort):
    return Visit.objects.filter(organization=organization, effort=effort).select_related(
        "effort", "person"
    )


def answers_for_api(*, organization, effort: Effort, key: str):
    """The visits of ``effort`` that answered the question ``key``, the person not erased
    (an erased person's answers disappear with them)."""
    return (
        Visit.objects.filter(organization=organization, effort=effort, answers__has_key=key)
        .exclude(person__erased_at__isnull=False)
        .select_related("effort", "person")
    )
