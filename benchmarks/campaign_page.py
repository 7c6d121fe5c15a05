"""The public campaign page with a full campaign (``make bench NAME=campaign-page``).

Set-up: an initiator, an open campaign with its charter, pledge and default quests,
BENCH_ORGS approved organizations (260 by default, like the demo's European campaign), eight
partners, a month of measured page views and declared reach for a third of the organizations,
one to three quests done by each organization, two posts each on the wall, and BENCH_PLEDGES
(5,000) pledges, half of them through an organization's link.

Figures: ``median_ms`` of BENCH_REQUESTS anonymous GETs of /en/c/<slug>/ through Django's test
client (server time: middleware, view, template; no network), ``queries`` of one request,
against the baseline ``trivial_ms``, the ``/healthz`` view measured the same way in the same
run; ``ratio`` = median_ms / trivial_ms.
"""

from __future__ import annotations

import datetime
import os

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.common import median_ms, stopwatch


def build(ctx, count: int):
    from django.utils import timezone

    from turnout.actions.models import Action, Submission
    from turnout.campaigns.models import (
        Contribution,
        DeclaredReach,
        MeasuredDay,
        Participation,
        QuestProgress,
    )
    from turnout.campaigns.services.campaigns import campaign_create, campaign_open
    from turnout.campaigns.services.setup import partner_create
    from turnout.organizations.models import Organization
    from turnout.people.models import Person

    initiator = Organization.objects.create(name="Bench initiator", slug="bench-init", kind="ngo")
    campaign = campaign_create(
        organization=initiator,
        actor=None,
        slug="bench-campaign",
        name={"fr": "L'Europe, j'y vote", "en": "Europe, I vote", "de": "Europa, ich wähle"},
        message={"en": "On 9 June, whatever your opinion, vote."},
        tagline={"en": "Your voice counts"},
        election_date=datetime.date(2029, 6, 10),
    )
    campaign_open(campaign=campaign, actor=None)
    charter = campaign.charters.get()
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Org {n}", slug=f"bench-org-{n}", kind="company", country="FR")
        for n in range(count)
    )
    now = timezone.now()
    participations = Participation.objects.bulk_create(
        Participation(
            campaign=campaign,
            organization=org,
            charter=charter,
            charter_signed_at=now,
            approved_at=now,
            status=Participation.Status.APPROVED,
            followers={"linkedin": 1000 + n},
            link_code=f"bench{n}",
        )
        for n, org in enumerate(orgs)
    )
    today = timezone.localdate()
    MeasuredDay.objects.bulk_create(
        MeasuredDay(
            campaign=campaign,
            participation=p,
            day=today - datetime.timedelta(days=d),
            clicks=10,
            page_views=8,
        )
        for p in participations[: count // 3]
        for d in range(30)
    )
    DeclaredReach.objects.bulk_create(
        DeclaredReach(participation=p, kind="impressions", figure=20_000, method="stats")
        for p in participations[: count // 3]
    )
    for n in range(8):
        partner_create(campaign=campaign, actor=None, name=f"Partner {n}", role="media")
    # Quests done (points for the leaderboard), two posts per organization (the wall), and
    # pledges attributed to organizations (the counters).
    quests = list(campaign.quests.order_by("tier", "position"))
    QuestProgress.objects.bulk_create(
        QuestProgress(
            participation=p, quest=quest, status=QuestProgress.Status.DONE, completed_at=now
        )
        for n, p in enumerate(participations)
        for quest in quests[: 1 + n % 3]
    )
    for n, p in enumerate(participations):
        p.points = sum(q.points for q in quests[: 1 + n % 3])
    Participation.objects.bulk_update(participations, ["points"])
    Contribution.objects.bulk_create(
        Contribution(
            campaign=campaign,
            participation=p,
            kind=Contribution.Kind.POST,
            network="linkedin",
            url=f"https://www.linkedin.com/posts/bench-{n}-{k}",
        )
        for n, p in enumerate(participations)
        for k in range(2)
    )
    pledges = int(os.environ.get("BENCH_PLEDGES") or 5000)
    action = campaign.pledge_action
    people = Person.objects.bulk_create(
        Person(organization=initiator, given_name=f"Voter {n}") for n in range(pledges)
    )
    Submission.objects.bulk_create(
        Submission(
            organization=initiator,
            action=action,
            person=person,
            confirmed_at=now,
            referring_organization_id=orgs[n % count].pk if n % 2 else None,
        )
        for n, person in enumerate(people)
    )
    Action.objects.filter(pk=action.pk).update(signature_count=pledges)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
            cursor.execute("ANALYZE")
    ctx.say(
        f"campaign with {count} approved organizations, 8 partners, {2 * count} posts, "
        f"{pledges:,} pledges"
    )
    return campaign


def run(ctx):
    count = int(os.environ.get("BENCH_ORGS") or 260)
    repeat = int(os.environ.get("BENCH_REQUESTS") or 50)
    with stopwatch() as took:
        campaign = build(ctx, count)
    ctx.say(f"set-up {took['seconds']:.1f} s")
    client = Client()
    url = f"/en/c/{campaign.slug}/"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def trivial():
        client.get("/healthz")

    with CaptureQueriesContext(connection) as captured:
        page()
    queries = len(captured.captured_queries)
    page_ms = median_ms(page, repeat=repeat, warmup=3)
    trivial_ms = median_ms(trivial, repeat=repeat, warmup=3)
    ctx.say(f"{repeat} requests: landing {page_ms:.2f} ms, trivial view {trivial_ms:.2f} ms")
    return {
        "figures": {"median_ms": round(page_ms, 2), "queries": queries, "organizations": count},
        "baseline": {"trivial_ms": round(trivial_ms, 2)},
        "ratios": {"ratio": round(page_ms / trivial_ms, 2)},
    }
