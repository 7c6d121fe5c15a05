"""Reads of the insights area: the impact dashboard's figures, the family of sister campaigns,
the pipeline board and its report. Bounded queries whatever the number of organizations."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404

from turnout.actions.models import Submission
from turnout.organizations.models import Membership

from .models import (
    Campaign,
    DeclaredReach,
    Lead,
    LeadStageChange,
    MeasuredDay,
    Participation,
    Quest,
    QuestProgress,
)
from .reach import pledges_by_organization

# --- Impact dashboard -----------------------------------------------------------------------


@dataclass
class OrganizationRow:
    """One participating organization's figures (the CSV has one line per row)."""

    participation_id: int
    organization_id: int
    name: str
    country: str
    country_label: str
    sector: str
    sector_label: str
    size: str
    size_label: str
    status: str
    status_label: str
    joined: datetime.datetime | None
    points: int = 0
    quests_done: int = 0
    clicks: int = 0
    page_views: int = 0
    pledges: int = 0
    declared: int = 0
    declared_by_kind: dict = field(default_factory=dict)

    @property
    def is_visible(self) -> bool:
        return self.status == Participation.Status.APPROVED


def organization_rows(*, campaign: Campaign) -> list[OrganizationRow]:
    """Every participation of the campaign (any status) with its figures, in five queries.
    ``joined`` is when the organization was approved (else when it applied)."""
    participations = (
        Participation.objects.filter(campaign=campaign)
        .select_related("organization")
        .only(
            "id",
            "status",
            "points",
            "approved_at",
            "created_at",
            "organization__id",
            "organization__name",
            "organization__country",
            "organization__sector",
            "organization__size",
        )
        .order_by("organization__name", "id")
    )
    rows = {}
    for p in participations:
        org = p.organization
        rows[p.pk] = OrganizationRow(
            participation_id=p.pk,
            organization_id=org.pk,
            name=org.name,
            country=org.country,
            country_label=str(org.get_country_display()),
            sector=org.sector,
            sector_label=str(org.get_sector_display()) if org.sector else "",
            size=org.size,
            size_label=str(org.get_size_display()) if org.size else "",
            status=p.status,
            status_label=str(p.get_status_display()),
            joined=p.approved_at or p.created_at,
            points=p.points,
        )
    if not rows:
        return []
    done = (
        QuestProgress.objects.filter(
            participation__campaign=campaign, status=QuestProgress.Status.DONE
        )
        .values("participation_id")
        .annotate(n=Count("id"))
    )
    for item in done:
        rows[item["participation_id"]].quests_done = item["n"]
    measured = (
        MeasuredDay.objects.filter(campaign=campaign, participation__isnull=False)
        .values("participation_id")
        .annotate(clicks=Sum("clicks"), views=Sum("page_views"))
    )
    for item in measured:
        row = rows.get(item["participation_id"])
        if row:
            row.clicks, row.page_views = item["clicks"] or 0, item["views"] or 0
    pledges = pledges_by_organization(campaign)
    for row in rows.values():
        row.pledges = pledges.get(row.organization_id, 0)
    declared = (
        DeclaredReach.objects.filter(participation__campaign=campaign)
        .values("participation_id", "kind")
        .annotate(total=Sum("figure"))
    )
    for item in declared:
        row = rows[item["participation_id"]]
        row.declared += item["total"] or 0
        row.declared_by_kind[item["kind"]] = item["total"] or 0
    return list(rows.values())


def quests_done_by_tier(*, campaign: Campaign) -> list[tuple[int, int, int]]:
    """(tier, quests in the tier, quests completed by approved organizations) per tier."""
    quests = Counter(Quest.objects.filter(campaign=campaign).values_list("tier", flat=True))
    done = dict(
        QuestProgress.objects.filter(
            quest__campaign=campaign,
            status=QuestProgress.Status.DONE,
            participation__status=Participation.Status.APPROVED,
        )
        .values("quest__tier")
        .annotate(n=Count("id"))
        .values_list("quest__tier", "n")
    )
    tiers = sorted(set(quests) | set(done))
    return [(tier, quests.get(tier, 0), done.get(tier, 0)) for tier in tiers]


def pledges_by_day(*, campaign: Campaign) -> dict[datetime.date, int]:
    """Confirmed pledges of the campaign per local day of confirmation."""
    if not campaign.pledge_action_id:
        return {}
    rows = (
        Submission.objects.filter(
            action_id=campaign.pledge_action_id, status=Submission.Status.CONFIRMED
        )
        .annotate(day=TruncDate(Coalesce("confirmed_at", "created_at")))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return {day: n for day, n in rows if day is not None}


# --- Sister campaigns -----------------------------------------------------------------------


def family_root(campaign: Campaign) -> Campaign:
    """The campaign without parent at the top of ``campaign``'s family."""
    seen = {campaign.pk}
    root = campaign
    while root.parent_id and root.parent_id not in seen:
        seen.add(root.parent_id)
        root = Campaign.objects.select_related("organization").get(pk=root.parent_id)
    return root


def family(campaign: Campaign) -> list[tuple[Campaign, int]]:
    """Every campaign of the family, root first, as (campaign, depth), depth-first by
    election date: one query per generation."""
    root = family_root(campaign)
    children: dict[int, list[Campaign]] = {}
    level, seen = [root.pk], {root.pk}
    while level:
        found = list(
            Campaign.objects.filter(parent_id__in=level)
            .exclude(pk__in=seen)
            .select_related("organization", "pledge_action")
            .order_by("election_date", "id")
        )
        for sister in found:
            children.setdefault(sister.parent_id, []).append(sister)
            seen.add(sister.pk)
        level = [c.pk for c in found]
    out: list[tuple[Campaign, int]] = []

    def walk(node: Campaign, depth: int) -> None:
        out.append((node, depth))
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    walk(root, 0)
    return out


# --- Pipeline -------------------------------------------------------------------------------

OPEN_STAGES = (
    Lead.Stage.PARTICIPANT,
    Lead.Stage.CONTACTED,
    Lead.Stage.MEETING,
    Lead.Stage.PROPOSAL,
)
FUNNEL_STAGES = (*OPEN_STAGES, Lead.Stage.WON)


def leads_of(*, campaign: Campaign):
    """The initiator's leads met through ``campaign``."""
    return Lead.objects.filter(organization_id=campaign.organization_id, campaign=campaign)


def lead_get(*, campaign: Campaign, lead_id: int) -> Lead:
    """A lead of the campaign's initiator met through the campaign; 404 otherwise."""
    return get_object_or_404(
        leads_of(campaign=campaign).select_related("prospect", "owner"), pk=lead_id
    )


def pipeline_board(*, campaign: Campaign) -> dict:
    """Leads by stage (cards), and the approved participants not in the pipeline yet."""
    leads = list(
        leads_of(campaign=campaign)
        .select_related("prospect", "owner")
        .order_by("-value_cents", "prospect__name", "id")
    )
    stages = []
    for value, label in Lead.Stage.choices:
        cards = [lead for lead in leads if lead.stage == value]
        stages.append(
            {
                "value": value,
                "label": label,
                "cards": cards,
                "total_cents": sum(lead.value_cents for lead in cards),
            }
        )
    taken = Lead.objects.filter(organization_id=campaign.organization_id).values("prospect_id")
    waiting = list(
        Participation.objects.visible()
        .filter(campaign=campaign)
        .exclude(organization_id__in=taken)
        .exclude(organization_id=campaign.organization_id)
        .select_related("organization")
        .only("id", "organization__id", "organization__name", "organization__slug")
        .order_by("organization__name")
    )
    return {"stages": stages, "waiting": waiting, "count": len(leads)}


def owners_for(*, organization):
    """Members of ``organization`` who can own a lead."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__email")
    )


def pipeline_report(*, campaign: Campaign) -> dict:
    """Value by stage, conversion between successive stages, pipeline created and won value.

    Conversion from stage N to N+1: among the leads whose furthest stage (from their stage
    history) is N or beyond, the share whose furthest stage is N+1 or beyond. A lead that
    skipped a stage counts as having passed it; "lost" is not a step (a lead lost after a
    meeting reached "meeting")."""
    leads = leads_of(campaign=campaign)
    by_stage = {
        row["stage"]: (row["n"], row["value"] or 0)
        for row in leads.values("stage").annotate(n=Count("id"), value=Sum("value_cents"))
    }
    stages = [
        {
            "value": value,
            "label": label,
            "count": by_stage.get(value, (0, 0))[0],
            "value_cents": by_stage.get(value, (0, 0))[1],
        }
        for value, label in Lead.Stage.choices
    ]
    rank = {stage: index for index, stage in enumerate(FUNNEL_STAGES)}
    furthest: dict[int, int] = {}
    changes = LeadStageChange.objects.filter(
        lead__organization_id=campaign.organization_id, lead__campaign=campaign
    ).values_list("lead_id", "to_stage")
    for lead_id, stage in changes:
        if stage in rank:
            furthest[lead_id] = max(furthest.get(lead_id, 0), rank[stage])
    reached = [sum(1 for r in furthest.values() if r >= i) for i in range(len(FUNNEL_STAGES))]
    labels = dict(Lead.Stage.choices)
    conversion = []
    for i in range(len(FUNNEL_STAGES) - 1):
        base, converted = reached[i], reached[i + 1]
        conversion.append(
            {
                "before": labels[FUNNEL_STAGES[i]],
                "after": labels[FUNNEL_STAGES[i + 1]],
                "base": base,
                "converted": converted,
                "percent": round(converted * 100 / base, 1) if base else None,
            }
        )
    totals = leads.aggregate(
        created=Sum("value_cents", filter=~Q(stage=Lead.Stage.LOST)),
        won=Sum("value_cents", filter=Q(stage=Lead.Stage.WON)),
        lost=Sum("value_cents", filter=Q(stage=Lead.Stage.LOST)),
        count=Count("id"),
    )
    return {
        "stages": stages,
        "reached": list(zip([labels[s] for s in FUNNEL_STAGES], reached, strict=True)),
        "conversion": conversion,
        "created_cents": totals["created"] or 0,
        "won_cents": totals["won"] or 0,
        "lost_cents": totals["lost"] or 0,
        "count": totals["count"],
    }
