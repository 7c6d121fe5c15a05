"""Demo data of the insights area (see __init__): the sales pipeline that the past EU campaign
brought its initiator. About 120 leads across the stages, worth 350,000 EUR of open and won
deals, with a stage history spread over the months after the election. Sister campaigns need
nothing here (they exist with their parent set). Idempotent: nothing is added once the
campaign has leads."""

from __future__ import annotations

import datetime
import random
from datetime import timedelta

from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.models import Membership

from ..models import Campaign, Lead, LeadStageChange, Participation
from .core import INITIATOR, PAST

LEADS = 120
PIPELINE_EUR = 350_000
# Furthest stage reached, how many leads stop there (open or won), and a typical deal value.
PLAN = [
    (Lead.Stage.PARTICIPANT, 30, (1_000, 2_500)),
    (Lead.Stage.CONTACTED, 24, (1_500, 4_000)),
    (Lead.Stage.MEETING, 20, (2_500, 6_000)),
    (Lead.Stage.PROPOSAL, 14, (4_000, 9_000)),
    (Lead.Stage.WON, 14, (3_000, 8_000)),
]
LOST = 18  # lost after contacted, a meeting or a proposal
ORDER = [stage for stage, _n, _v in PLAN]
NEXT_STEPS = [
    "Call back",
    "Send the proposal",
    "Meeting with the CSR team",
    "Demo of the platform",
    "Follow-up email",
]


@demo_seeder(130)
def seed_pipeline(stdout=None) -> None:
    campaign = Campaign.objects.filter(slug=PAST, organization__slug=INITIATOR).first()
    if campaign is None or Lead.objects.filter(campaign=campaign).exists():
        return
    initiator = campaign.organization
    rng = random.Random(130)
    taken = Lead.objects.filter(organization=initiator).values("prospect_id")
    prospects = list(
        Participation.objects.visible()
        .filter(campaign=campaign)
        .exclude(organization_id__in=taken)
        .order_by("id")
        .values_list("organization_id", flat=True)
    )
    prospects = rng.sample(prospects, min(LEADS, len(prospects)))
    owners = list(
        Membership.objects.filter(organization=initiator)
        .order_by("id")
        .values_list("user_id", flat=True)
    )[:3]
    # (furthest stage index, lost?) per lead, then values scaled to the target pipeline.
    plan = []
    for index, (_stage, count, values) in enumerate(PLAN):
        plan += [(index, False, values)] * count
    for _n in range(LOST):
        index = rng.choice([1, 2, 3])
        plan.append((index, True, PLAN[index][2]))
    plan = plan[: len(prospects)]
    raw = [rng.randint(*values) for _index, _lost, values in plan]
    counted = sum(v for v, (_i, lost, _v) in zip(raw, plan, strict=True) if not lost)
    scale = PIPELINE_EUR / counted if counted else 1
    euros = [round(v * scale / 100) * 100 if not plan[i][1] else v for i, v in enumerate(raw)]
    open_indexes = [i for i, (_x, lost, _v) in enumerate(plan) if not lost]
    if open_indexes:  # land exactly on the target
        euros[open_indexes[-1]] += PIPELINE_EUR - sum(euros[i] for i in open_indexes)

    tz = timezone.get_current_timezone()
    start = datetime.datetime(2024, 6, 11, 9, tzinfo=tz)
    today = timezone.now()
    leads, histories = [], []
    for prospect_id, (furthest, lost, _values), value in zip(prospects, plan, euros, strict=True):
        moment = start + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
        history = [("", Lead.Stage.PARTICIPANT, moment)]
        for stage in ORDER[1 : furthest + 1]:
            moment += timedelta(days=rng.randint(7, 40), hours=rng.randint(0, 8))
            history.append((history[-1][1], stage, moment))
        if lost:
            moment += timedelta(days=rng.randint(10, 45))
            history.append((history[-1][1], Lead.Stage.LOST, moment))
        history = [(a, b, min(when, today)) for a, b, when in history]
        stage = history[-1][1]
        is_open = stage not in (Lead.Stage.WON, Lead.Stage.LOST)
        leads.append(
            Lead(
                organization=initiator,
                prospect_id=prospect_id,
                campaign=campaign,
                stage=stage,
                value_cents=max(value, 0) * 100,
                owner_id=rng.choice(owners) if owners and stage != Lead.Stage.PARTICIPANT else None,
                next_step=rng.choice(NEXT_STEPS) if is_open and stage != "participant" else "",
                next_step_on=(today + timedelta(days=rng.randint(2, 30))).date()
                if is_open and stage != "participant"
                else None,
                stage_changed_at=history[-1][2],
            )
        )
        histories.append(history)
    Lead.objects.bulk_create(leads)
    saved = dict(
        Lead.objects.filter(campaign=campaign, prospect_id__in=prospects).values_list(
            "prospect_id", "id"
        )
    )
    LeadStageChange.objects.bulk_create(
        [
            LeadStageChange(
                lead_id=saved[lead.prospect_id],
                from_stage=before,
                to_stage=after,
                changed_by_id=lead.owner_id,
                changed_at=when,
            )
            for lead, history in zip(leads, histories, strict=True)
            for before, after, when in history
        ]
    )
    if stdout is not None:
        stdout.write(f"  pipeline: {len(leads)} leads for {PAST}, {PIPELINE_EUR:,} EUR\n")
