"""Reads on actions, always within one organization."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from turnout.people.models import EmailAddress, Person

from .models import Action, ActionSponsor, Delivery, Submission


def action_list(*, organization) -> QuerySet[Action]:
    """The actions an organization owns, with their pending submissions counted."""
    return (
        Action.objects.for_organization(organization)
        .annotate(
            pending_count=Count(
                "submissions", filter=Q(submissions__status=Submission.Status.PENDING)
            )
        )
        .order_by("-created_at", "-id")
    )


def action_get(*, organization, action_id: int) -> Action:
    """One action of the organization, or 404 (an id of another tenant is a 404)."""
    return get_object_or_404(
        Action.objects.for_organization(organization).prefetch_related("sponsors__organization"),
        pk=action_id,
    )


def with_sponsors(queryset: QuerySet[Action]) -> QuerySet[Action]:
    """Actions with their organization and their sponsor rows (with their organizations):
    two queries, what the sign form and ``submission_record`` read."""
    return queryset.select_related("organization").prefetch_related(
        Prefetch("sponsors", queryset=ActionSponsor.objects.select_related("organization"))
    )


def action_public_get(*, slug: str) -> Action:
    """A published (or closed) action by its public address; a draft is a 404."""
    return get_object_or_404(
        with_sponsors(Action.objects.all()),
        slug=slug,
        status__in=[Action.Status.PUBLISHED, Action.Status.CLOSED],
    )


# The sign form's posts read the action through a cache of this process, a few seconds old
# at most: loading it (two queries, two dozen columns) cost more than the rest of the post.
# What may be stale there is harmless: whether it is still open is checked again by the
# insert of the intake row itself, and texts or questions changed in the last seconds are
# those the person's page showed anyway. Saving an action or a sponsor forgets it here.
PUBLIC_CACHE_SECONDS = 2.0
_public_cache: dict[str, tuple[float, Action]] = {}


def action_public_get_cached(*, slug: str) -> Action:
    """``action_public_get`` for the sign form's posts. The object is shared: read only."""
    now = time.monotonic()
    hit = _public_cache.get(slug)
    if hit is not None and hit[0] > now:
        return hit[1]
    action = action_public_get(slug=slug)
    _public_cache[slug] = (now + PUBLIC_CACHE_SECONDS, action)
    return action


def action_public_forget(slug: str | None = None) -> None:
    """Drop one action (or every one) from the cache of the sign form's posts."""
    if slug is None:
        _public_cache.clear()
    else:
        _public_cache.pop(slug, None)


def actions_linked_from(action: Action) -> dict[int, Action]:
    """The published actions of the same organization that the thank-you asks point to."""
    from .asks import linked_action_ids

    ids = linked_action_ids(action)
    if not ids:
        return {}
    linked = Action.objects.filter(
        pk__in=ids, organization_id=action.organization_id, status=Action.Status.PUBLISHED
    )
    return {a.pk: a for a in linked}


def actions_co_sponsored(*, organization) -> QuerySet[ActionSponsor]:
    """The actions other organizations own and ``organization`` co-sponsors, with how many
    people chose to hear from it (confirmed signatures only). Nothing about other signers."""
    return (
        ActionSponsor.objects.filter(organization=organization, is_owner=False)
        .select_related("action", "action__organization")
        .annotate(
            opted_in=Count(
                "opt_ins",
                filter=Q(
                    opt_ins__granted=True,
                    opt_ins__submission__status=Submission.Status.CONFIRMED,
                ),
            )
        )
        .order_by("-action__created_at", "-action_id")
    )


def action_sponsors(*, action: Action) -> list[ActionSponsor]:
    """The co-sponsors of an action in the order of their boxes, with their opt-in counts
    (``opted_in``: confirmed signers who ticked; ``waiting``: ticked, not yet confirmed)."""
    return list(
        action.sponsors.filter(is_owner=False)
        .select_related("organization")
        .annotate(
            opted_in=Count(
                "opt_ins",
                filter=Q(
                    opt_ins__granted=True,
                    opt_ins__submission__status=Submission.Status.CONFIRMED,
                ),
            ),
            waiting=Count(
                "opt_ins",
                filter=Q(
                    opt_ins__granted=True,
                    opt_ins__submission__status=Submission.Status.PENDING,
                ),
            ),
        )
        .order_by("position", "id")
    )


def action_sponsor_get(*, action: Action, sponsor_id) -> ActionSponsor:
    return get_object_or_404(
        action.sponsors.select_related("organization", "action__organization"),
        pk=sponsor_id,
        is_owner=False,
    )


def submissions_for(*, action: Action, status: str = "", query: str = "") -> QuerySet[Submission]:
    """The submissions of an action, newest first, filtered by status and by a name or an
    email address; with the person and their primary email."""
    rows = Submission.objects.for_organization(action.organization_id).filter(action=action)
    if status in Submission.Status.values:
        rows = rows.filter(status=status)
    query = (query or "").strip()
    if query:
        people = Person.objects.filter(organization_id=action.organization_id)
        words = query.split()
        match = Q(emails__address__icontains=query)
        name = Q()
        for word in words:
            name &= Q(given_name__icontains=word) | Q(family_name__icontains=word)
        rows = rows.filter(person__in=people.filter(match | name).values("pk"))
    return rows.select_related("person", "referrer").prefetch_related(
        Prefetch("person__emails", queryset=EmailAddress.objects.order_by("-primary", "id"))
    )


def action_stats(*, action: Action, days: int = 30) -> dict:
    """Counters and attribution of an action: confirmed and waiting submissions, confirmed
    signatures per day over the last ``days`` days, and the confirmed signatures by source
    code, UTM fields, referring organization and referring person."""
    rows = Submission.objects.for_organization(action.organization_id).filter(action=action)
    confirmed = rows.filter(status=Submission.Status.CONFIRMED)
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    per_day = dict(
        confirmed.filter(confirmed_at__date__gte=start)
        .annotate(day=TruncDate("confirmed_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )

    def top(field: str, limit: int = 10) -> list[tuple]:
        return list(
            confirmed.exclude(**{field: ""})
            .values_list(field)
            .annotate(n=Count("id"))
            .order_by("-n", field)[:limit]
        )

    referring = list(
        confirmed.filter(referring_organization__isnull=False)
        .values_list("referring_organization__name")
        .annotate(n=Count("id"))
        .order_by("-n", "referring_organization__name")[:10]
    )
    referrers = [
        {"uuid": uuid, "name": f"{given} {family}".strip(), "n": n}
        for _pk, uuid, given, family, n in confirmed.filter(referrer__isnull=False)
        .values_list("referrer", "referrer__uuid", "referrer__given_name", "referrer__family_name")
        .annotate(n=Count("id"))
        .order_by("-n", "referrer")[:10]
    ]
    return {
        "confirmed": action.signature_count,
        "pending": rows.filter(status=Submission.Status.PENDING).count(),
        "per_day": per_day,
        "start": start,
        "end": today,
        "sources": top("source_code"),
        "utm_source": top("utm_source"),
        "utm_medium": top("utm_medium"),
        "utm_campaign": top("utm_campaign"),
        "referring_organizations": referring,
        "referrers": referrers,
    }


def deliveries_for(*, action: Action) -> QuerySet[Delivery]:
    return (
        Delivery.objects.for_organization(action.organization_id)
        .filter(action=action)
        .select_related("job", "created_by")
    )


def delivery_get(*, organization, action_id: int, delivery_id: int) -> Delivery:
    return get_object_or_404(
        Delivery.objects.for_organization(organization).select_related("action"),
        pk=delivery_id,
        action_id=action_id,
    )


def other_actions(*, action: Action) -> QuerySet[Action]:
    """The organization's other actions, that a thank-you ask may point to."""
    return (
        Action.objects.for_organization(action.organization_id)
        .exclude(pk=action.pk)
        .exclude(status=Action.Status.CLOSED)
        .order_by("-created_at")
    )


def intake_status(*, action: Action, limit: int = 20) -> dict:
    """The action's submissions still in the intake queue (``waiting``: the CRM takes them
    within seconds) and those it could not record (``problems``: how many, and the latest
    ``limit`` with what was typed and the reason)."""
    from .models import SubmissionIntake

    problems = SubmissionIntake.objects.for_organization(action.organization_id).filter(
        action=action, outcome__in=SubmissionIntake.PROBLEMS
    )
    rows = []
    for row in problems.order_by("-id")[:limit]:
        person = (row.payload or {}).get("person") or {}
        rows.append(
            {
                "row": row,
                "name": f"{person.get('given_name', '')} {person.get('family_name', '')}".strip(),
                "contact": person.get("email") or person.get("phone") or "",
            }
        )
    return {
        "waiting": SubmissionIntake.objects.filter(
            action=action, processed_at__isnull=True
        ).count(),
        "problem_count": problems.count(),
        "problems": rows,
    }
