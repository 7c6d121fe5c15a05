"""Reach of a campaign: what the platform measured and what organizations declared, kept apart.

- **Measured**: clicks on tracked links, views of the campaign's public pages, confirmed pledges
  (``MeasuredDay`` rows and the pledge action's submissions). No IP address, no cookie.
- **Declared**: figures an organization states with their method (``DeclaredReach``).

"People reached" is shown as a range: the measured floor is the largest measured figure (a
click leads to a page view, a pledge follows one, so they are not added up); the declared
ceiling adds the declared figures to that floor. Suspended and not yet approved organizations
count for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from turnout.actions.models import Submission

from .models import Campaign, DeclaredReach, MeasuredDay, Participation

#: Reach that other modules measure for a campaign (partner media placements of gotv):
#: functions ``campaign -> (clicks, {declared kind: figure})``, registered when their app loads.
EXTRA_REACH: list = []


@dataclass
class Reach:
    clicks: int = 0
    page_views: int = 0
    pledges: int = 0
    declared: int = 0
    declared_by_kind: dict = field(default_factory=dict)

    @property
    def floor(self) -> int:
        return max(self.clicks, self.page_views, self.pledges)

    @property
    def ceiling(self) -> int:
        return self.floor + self.declared


def pledges_by_organization(campaign: Campaign) -> dict[int, int]:
    """Confirmed pledges per referring organization id (any status of participation)."""
    if not campaign.pledge_action_id:
        return {}
    rows = (
        Submission.objects.filter(
            action_id=campaign.pledge_action_id,
            status=Submission.Status.CONFIRMED,
            referring_organization__isnull=False,
        )
        .values("referring_organization_id")
        .annotate(n=Count("id"))
    )
    return {row["referring_organization_id"]: row["n"] for row in rows}


def reach_by_participation(campaign: Campaign) -> dict[int, Reach]:
    """Reach of every approved participation of the campaign, in four queries."""
    visible = dict(
        Participation.objects.visible()
        .filter(campaign=campaign)
        .values_list("pk", "organization_id")
    )
    result = {pk: Reach() for pk in visible}
    measured = (
        MeasuredDay.objects.filter(campaign=campaign, participation_id__in=visible)
        .values("participation_id")
        .annotate(clicks=Sum("clicks"), views=Sum("page_views"))
    )
    for row in measured:
        reach = result[row["participation_id"]]
        reach.clicks, reach.page_views = row["clicks"] or 0, row["views"] or 0
    pledges = pledges_by_organization(campaign)
    for pk, org_id in visible.items():
        result[pk].pledges = pledges.get(org_id, 0)
    declared = (
        DeclaredReach.objects.filter(participation_id__in=visible)
        .values("participation_id", "kind")
        .annotate(total=Sum("figure"))
    )
    for row in declared:
        reach = result[row["participation_id"]]
        reach.declared += row["total"] or 0
        reach.declared_by_kind[row["kind"]] = row["total"] or 0
    return result


def campaign_reach(campaign: Campaign) -> Reach:
    """The campaign's total reach: its own page views plus what its approved organizations
    brought (clicks, pledges, declared figures)."""
    visible = Participation.objects.visible().filter(campaign=campaign)
    measured = MeasuredDay.objects.filter(campaign=campaign).aggregate(
        clicks=Sum("clicks", filter=Q(participation__in=visible)),
        views=Sum(
            "page_views", filter=Q(participation__isnull=True) | Q(participation__in=visible)
        ),
    )
    declared = DeclaredReach.objects.filter(participation__in=visible)
    by_kind = {
        row["kind"]: row["total"] or 0
        for row in declared.values("kind").annotate(total=Sum("figure"))
    }
    pledges = 0
    if campaign.pledge_action_id:
        pledges = Submission.objects.filter(
            action_id=campaign.pledge_action_id, status=Submission.Status.CONFIRMED
        ).count()
    clicks = measured["clicks"] or 0
    for extra in EXTRA_REACH:
        extra_clicks, extra_declared = extra(campaign)
        clicks += extra_clicks
        for kind, figure in extra_declared.items():
            by_kind[kind] = by_kind.get(kind, 0) + figure
    return Reach(
        clicks=clicks,
        page_views=measured["views"] or 0,
        pledges=pledges,
        declared=sum(by_kind.values()),
        declared_by_kind=by_kind,
    )


def measured_add(
    *, campaign_id: int, participation_id: int | None, clicks: int = 0, page_views: int = 0
) -> None:
    """Count clicks and page views of today (exact under concurrency: ``F()`` on one row per
    day, the row created once thanks to the unique constraints)."""
    day = timezone.localdate()
    rows = MeasuredDay.objects.filter(
        campaign_id=campaign_id, participation_id=participation_id, day=day
    )
    if rows.update(clicks=F("clicks") + clicks, page_views=F("page_views") + page_views):
        return
    try:
        with transaction.atomic():
            MeasuredDay.objects.create(
                campaign_id=campaign_id,
                participation_id=participation_id,
                day=day,
                clicks=clicks,
                page_views=page_views,
            )
    except IntegrityError:  # another request created today's row first
        rows.update(clicks=F("clicks") + clicks, page_views=F("page_views") + page_views)
