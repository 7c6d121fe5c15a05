"""The demo ladders tell a story: signers from the petition climb, partner referrals best."""

from __future__ import annotations

import pytest

from turnout.actions.demo import seed_actions
from turnout.funnels import report
from turnout.funnels.demo import seed_funnels
from turnout.funnels.models import RungReached
from turnout.organizations.demo import seed_organizations
from turnout.organizations.models import Organization
from turnout.people.demo import seed_people
from turnout.people.models import Activity


@pytest.mark.django_db
def test_demo_ladders_tell_a_story_and_load_once():
    seed_organizations()
    seed_people()
    seed_actions()
    seed_funnels()
    ngo = Organization.objects.get(slug="voix-citoyennes")
    funnel = report.funnel(organization=ngo)
    assert [s.rung.name["en"] for s in funnel["steps"]] == [
        "Supporter",
        "Signer",
        "Donor",
        "Volunteer",
        "Leader",
    ]
    assert all(step.reached for step in funnel["steps"])
    # Donors reached the rung when they gave (recorded through the hook, in order).
    gift = Activity.objects.filter(organization=ngo, kind="donation.made").latest("occurred_at")
    assert RungReached.objects.filter(
        person=gift.person, rung=funnel["steps"][2].rung, reached_at__lte=gift.occurred_at
    ).exists()
    # The partner's referrals convert better than the base as a whole.
    by_referrer = report.cohorts(organization=ngo, dimension="referrer")["cohorts"]
    partner = next(r for r in by_referrer if r["cohort"].label.startswith("Demokratie Jetzt"))
    assert partner["conversions"][1]["percent"] > funnel["steps"][2].conversion

    counts = (RungReached.objects.count(), Activity.objects.count())
    seed_funnels()
    assert (RungReached.objects.count(), Activity.objects.count()) == counts
