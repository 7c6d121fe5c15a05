"""Reach pages: a participant's measured days and declared figures; the initiator's roll-up
per organization with the campaign's range, in a bounded number of queries."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse

from turnout.campaigns import selectors_wall
from turnout.campaigns.models import DeclaredReach, MeasuredDay, Participation
from turnout.campaigns.services.pledges import pledge_take
from turnout.campaigns.tests.factories import (
    CampaignFactory,
    ContributionFactory,
    ParticipationFactory,
)
from turnout.people.services import PersonData

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(
        organization=org_a, slug="vote-anyway", opens_on=datetime.date(2026, 11, 1)
    )


@pytest.fixture
def participation(campaign, org_b):
    return ParticipationFactory(campaign=campaign, organization=org_b)


def reach_url(org_slug, campaign):
    return reverse(
        "campaigns:wall_reach", kwargs={"org_slug": org_slug, "campaign_slug": campaign.slug}
    )


def test_participant_sees_its_days_and_declares_a_figure(client, owner_b, campaign, participation):
    MeasuredDay.objects.create(
        campaign=campaign,
        participation=participation,
        day=datetime.date(2026, 11, 20),
        clicks=37,
        page_views=5,
    )
    pledge_take(
        campaign=campaign,
        data=PersonData(given_name="A", email="a@example.org"),
        reminders={},
        code=participation.link_code,
    )
    client.force_login(owner_b)
    url = reach_url("demokratie-jetzt", campaign)
    response = client.get(url)
    assert response.status_code == 200
    charts = {c["key"]: c for c in response.context["charts"]}
    assert charts["clicks"]["total"] == 37 and charts["pledges"]["total"] == 1
    assert response.context["reach"].floor == 37
    assert f"/r/{participation.link_code}" in response.content.decode()

    response = client.post(
        url, {"reach_kind": "followers", "reach_figure": "-1", "reach_method": "Insta"}
    )
    assert response.status_code == 400
    assert 'value="Insta"' in response.content.decode()
    response = client.post(
        url, {"reach_kind": "followers", "reach_figure": "5000", "reach_method": ""}
    )
    assert response.status_code == 400
    response = client.post(
        url, {"reach_kind": "followers", "reach_figure": "5000", "reach_method": "Insta"}
    )
    assert response.status_code == 302
    declared = DeclaredReach.objects.get()
    response = client.get(url)
    assert response.context["reach"].ceiling == 37 + 5000
    delete = reverse(
        "campaigns:wall_reach_delete",
        kwargs={
            "org_slug": "demokratie-jetzt",
            "campaign_slug": campaign.slug,
            "declared_id": declared.pk,
        },
    )
    assert client.post(delete).status_code == 302
    assert not DeclaredReach.objects.exists()


def test_initiator_rollup_keeps_measured_and_declared_apart(
    client_a, campaign, participation, django_assert_max_num_queries
):
    others = [ParticipationFactory(campaign=campaign) for _ in range(12)]
    for n, p in enumerate([participation, *others]):
        MeasuredDay.objects.create(
            campaign=campaign, participation=p, day=datetime.date(2026, 11, 20), clicks=n + 1
        )
        DeclaredReach.objects.create(
            participation=p, kind="impressions", figure=1000 * (n + 1), method=f"Stats {n}"
        )
    suspended = ParticipationFactory(campaign=campaign, status=Participation.Status.SUSPENDED)
    DeclaredReach.objects.create(
        participation=suspended, kind="billboard", figure=10**6, method="x"
    )
    url = reach_url("voix-citoyennes", campaign)
    with django_assert_max_num_queries(20):
        response = client_a.get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 13
    assert rows[0].reach.declared == 13000  # sorted by ceiling
    total = response.context["total"]
    assert total.clicks == sum(range(1, 14))
    assert total.declared == sum(1000 * n for n in range(1, 14))  # the suspended one: nothing
    assert total.ceiling == total.floor + total.declared
    page = response.content.decode()
    assert "Stats 12" in page and "Stats 0" in page
    # The initiator declares nothing itself.
    assert (
        client_a.post(
            url, {"reach_kind": "followers", "reach_figure": "1", "reach_method": "x"}
        ).status_code
        == 404
    )


def test_landing_context_gives_the_form_with_the_code_and_the_latest(campaign, participation):
    for n in range(10):
        ContributionFactory(participation=participation, caption=f"c{n}")
    ContributionFactory(
        participation=participation,
        caption="hidden",
        hidden_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    request = RequestFactory().get("/fr/c/vote-anyway/", {"r": participation.link_code})
    context = selectors_wall.landing_context(campaign=campaign, request=request)
    assert context["pledge_form"]["r"].value() == participation.link_code
    assert len(context["wall_latest"]) == 8
    assert "hidden" not in {c.caption for c in context["wall_latest"]}
    assert context["pledge_open"]
