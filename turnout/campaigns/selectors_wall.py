"""Reads of the wall area: the landing page's pledge form and latest contributions, the
public wall, one contribution, and the reach pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from turnout.actions.models import Submission
from turnout.core.charts import columns

from . import reach
from .models import Campaign, Contribution, DeclaredReach, MeasuredDay, Participation

LANDING_LATEST = 8
WALL_PAGE_SIZE = 24
CHART_DAYS = 60


def _language() -> str:
    return (get_language() or "fr")[:2]


def landing_context(*, campaign, request) -> dict:
    """What the campaign's public landing page shows of this area (template
    campaigns/public/_landing_wall.html): the pledge form (the ``?r=`` code of a tracked link
    kept as a hidden field) and the latest visible contributions."""
    from .forms_wall import PledgeForm

    code = (request.GET.get("r") or "")[:16]
    form = PledgeForm(campaign=campaign, language=_language(), initial={"r": code})
    return {
        "pledge_form": form,
        "pledge_open": campaign.is_open and campaign.pledge_action_id is not None,
        "wall_latest": list(visible_contributions(campaign=campaign)[:LANDING_LATEST]),
    }


def visible_contributions(*, campaign: Campaign) -> QuerySet[Contribution]:
    """Contributions shown in public: of approved organizations, not hidden."""
    return (
        Contribution.objects.filter(
            campaign=campaign,
            hidden_at__isnull=True,
            participation__status=Participation.Status.APPROVED,
        )
        .select_related("participation__organization")
        .order_by("-created_at", "-id")
    )


def wall_contributions(*, campaign: Campaign, filters: dict) -> QuerySet[Contribution]:
    rows = visible_contributions(campaign=campaign)
    if filters.get("kind"):
        rows = rows.filter(kind=filters["kind"])
    if filters.get("network"):
        rows = rows.filter(network=filters["network"])
    if filters.get("country"):
        rows = rows.filter(participation__organization__country=filters["country"])
    if filters.get("sector"):
        rows = rows.filter(participation__organization__sector=filters["sector"])
    return rows


def campaign_public_get(*, slug: str) -> Campaign:
    campaign = Campaign.objects.public().select_related("organization").filter(slug=slug).first()
    if campaign is None:
        raise Http404
    return campaign


def contribution_public_get(*, campaign: Campaign, pk: int) -> Contribution:
    """A visible contribution of ``campaign`` (hidden, suspended, another campaign's: 404)."""
    found = visible_contributions(campaign=campaign).select_related("render").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def has_picture(contribution: Contribution) -> bool:
    return bool(contribution.image) or bool(contribution.render_id)


# --- Workspace ------------------------------------------------------------------------------


def contributions_of(*, participation: Participation) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(participation=participation)
        .select_related("render__template")
        .prefetch_related("declared_reach")
        .order_by("-created_at", "-id")
    )


def contributions_for_initiator(*, campaign: Campaign) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(campaign=campaign)
        .select_related("participation__organization")
        .order_by("-created_at", "-id")
    )


def contribution_for_participant(*, participation: Participation, pk) -> Contribution:
    found = Contribution.objects.filter(participation=participation, pk=pk).first()
    if found is None:
        raise Http404
    return found


def contribution_for_initiator(*, campaign: Campaign, pk) -> Contribution:
    found = (
        Contribution.objects.select_related("campaign__organization", "participation")
        .filter(campaign=campaign, pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def declared_for_participant(*, participation: Participation, pk) -> DeclaredReach:
    found = DeclaredReach.objects.filter(participation=participation, pk=pk).first()
    if found is None:
        raise Http404
    return found


@dataclass
class DailySeries:
    days: list[datetime.date]
    clicks: list[int]
    views: list[int]
    pledges: list[int]

    def chart(self, values: list[int], *, width: float = 600, height: float = 160) -> list[dict]:
        bars = columns(values, width=width, height=height, top=8, bottom=4, gap=2)
        for bar, day in zip(bars, self.days, strict=True):
            bar["day"] = day
        return bars


def _day_range(campaign: Campaign, first: datetime.date | None) -> list[datetime.date]:
    today = timezone.localdate()
    end = min(today, campaign.closes_on or today)
    start = campaign.opens_on or first or end
    if first and first < start:
        start = first
    start = max(start, end - datetime.timedelta(days=CHART_DAYS - 1))
    if start > end:
        start = end
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


def participant_daily(*, campaign: Campaign, participation: Participation) -> DailySeries:
    """Clicks, page views and pledges of one organization per day (the last CHART_DAYS days
    of the campaign), in two queries."""
    measured = {
        row.day: row
        for row in MeasuredDay.objects.filter(campaign=campaign, participation=participation)
    }
    pledged = {}
    if campaign.pledge_action_id:
        pledged = {
            row["day"]: row["n"]
            for row in Submission.objects.filter(
                action_id=campaign.pledge_action_id,
                status=Submission.Status.CONFIRMED,
                referring_organization_id=participation.organization_id,
            )
            .annotate(day=TruncDate("confirmed_at", tzinfo=timezone.get_current_timezone()))
            .values("day")
            .annotate(n=Count("id"))
        }
    first = min([*measured, *pledged], default=None)
    days = _day_range(campaign, first)
    return DailySeries(
        days=days,
        clicks=[measured[d].clicks if d in measured else 0 for d in days],
        views=[measured[d].page_views if d in measured else 0 for d in days],
        pledges=[pledged.get(d, 0) for d in days],
    )


def participant_reach(*, campaign: Campaign, participation: Participation) -> reach.Reach:
    if not participation.is_visible:
        return reach.Reach()
    return reach.reach_by_participation(campaign).get(participation.pk, reach.Reach())


@dataclass
class OrganizationReach:
    participation: Participation
    reach: reach.Reach


def initiator_rollup(*, campaign: Campaign) -> dict:
    """The initiator's roll-up: one row per approved organization (sorted by ceiling), the
    campaign's total range, and every declared figure with its method. Bounded queries."""
    by_participation = reach.reach_by_participation(campaign)
    participations = (
        Participation.objects.visible()
        .filter(campaign=campaign)
        .select_related("organization")
        .only(
            "pk",
            "status",
            "link_code",
            "organization__name",
            "organization__slug",
            "organization__country",
        )
    )
    rows = [OrganizationReach(p, by_participation.get(p.pk, reach.Reach())) for p in participations]
    rows.sort(key=lambda row: (-row.reach.ceiling, row.participation.organization.name))
    declared = (
        DeclaredReach.objects.filter(participation__in=[row.participation for row in rows])
        .select_related("participation__organization")
        .order_by("-figure", "id")
    )
    total = reach.campaign_reach(campaign)
    return {
        "rows": rows,
        "total": total,
        "declared_rows": declared,
        "measured_sum": {
            "clicks": sum(row.reach.clicks for row in rows),
            "pledges": sum(row.reach.pledges for row in rows),
        },
    }


def campaign_counts(*, campaign: Campaign) -> dict:
    """Figures the wall shows: visible contributions by kind (one query)."""
    return (
        visible_contributions(campaign=campaign)
        .order_by()
        .aggregate(
            total=Count("id"),
            posts=Count("id", filter=Q(kind=Contribution.Kind.POST)),
            visuals=Count("id", filter=Q(kind=Contribution.Kind.VISUAL)),
            offline=Count("id", filter=Q(kind=Contribution.Kind.OFFLINE)),
        )
    )
