"""Reads on actions, always within one organization."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Action, Submission


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


def action_public_get(*, slug: str) -> Action:
    """A published (or closed) action by its public address; a draft is a 404."""
    return get_object_or_404(
        Action.objects.select_related("organization").prefetch_related("sponsors__organization"),
        slug=slug,
        status__in=[Action.Status.PUBLISHED, Action.Status.CLOSED],
    )
