"""Reads of the ladder, always within one organization."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from turnout.core.models import Job
from turnout.people.segments.describe import describe

from . import charts
from .ladder import rule_is_valid
from .models import Ladder, PersonRung, Rung, RungReached


def rungs_for(*, organization) -> QuerySet[Rung]:
    return Rung.objects.for_organization(organization).order_by("position", "id")


def rung_get(*, organization, rung_id: int) -> Rung:
    """One rung of the organization, or 404 (an id of another tenant is a 404)."""
    return get_object_or_404(Rung.objects.for_organization(organization), pk=rung_id)


def current_counts(*, organization) -> dict[int, int]:
    """How many people stand on each rung now (rung id -> count)."""
    return dict(
        PersonRung.objects.for_organization(organization)
        .order_by()
        .values("rung_id")
        .annotate(n=Count("*"))
        .values_list("rung_id", "n")
    )


def recompute_job(*, organization) -> Job | None:
    """The latest recompute of the ladder (on its way, or the last one that ran)."""
    ladder = Ladder.objects.for_organization(organization).select_related("recompute_job").first()
    return ladder.recompute_job if ladder else None


def ladder_overview(*, organization) -> dict:
    """The ladder page: rungs bottom first, with their rule in words, whether the rule still
    holds, how many people stand on each, and the recompute state."""
    rungs = list(rungs_for(organization=organization))
    counts = current_counts(organization=organization)
    items = []
    for rung in rungs:
        items.append(
            {
                "rung": rung,
                "name": rung.name_text(),
                "description": rung.description_text(),
                "rule": describe(organization=organization, definition=rung.definition),
                "valid": rule_is_valid(organization.pk, rung.definition),
                "count": counts.get(rung.pk, 0),
            }
        )
    ladder = Ladder.objects.for_organization(organization).first()
    return {
        "items": items,
        "chart": charts.horizontal_bars([(i["name"], i["count"]) for i in reversed(items)]),
        "placed": sum(counts.values()),
        "job": recompute_job(organization=organization),
        "recomputed_at": ladder.recomputed_at if ladder else None,
    }


def person_ladder(*, organization, person) -> dict:
    """Where one person stands: every rung (bottom first) with when they first reached it,
    and their current rung."""
    rungs = list(rungs_for(organization=organization))
    if not rungs:
        return {"steps": []}
    reached = dict(
        RungReached.objects.for_organization(organization)
        .filter(person=person)
        .values_list("rung_id", "reached_at")
    )
    current = (
        PersonRung.objects.for_organization(organization)
        .filter(person=person)
        .values_list("rung_id", "since")
        .first()
    )
    current_id, since = current if current else (None, None)
    steps = [
        {
            "rung": rung,
            "name": rung.name_text(),
            "reached_at": reached.get(rung.pk),
            "current": rung.pk == current_id,
        }
        for rung in rungs
    ]
    current_step = next((s for s in steps if s["current"]), None)
    return {
        "steps": steps,
        "current": current_step,
        "since": since,
        "chart": charts.ladder_steps(
            [(s["name"], s["current"], s["reached_at"] is not None) for s in steps]
        ),
    }
