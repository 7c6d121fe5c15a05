"""Public leaderboard and shareable badge: order, filters, query budget, suspended hidden."""

import datetime

import pytest
from django.urls import reverse

from turnout.campaigns.models import Participation, QuestProgress
from turnout.campaigns.selectors_quests import landing_context
from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def done(participation, key, when):
    quest = participation.campaign.quests.get(key=key)
    QuestProgress.objects.create(
        participation=participation,
        quest=quest,
        value=1,
        status=QuestProgress.Status.DONE,
        completed_at=when,
    )
    participation.points += quest.points
    participation.save(update_fields=["points"])


@pytest.fixture
def campaign():
    return CampaignFactory()


def board(client, campaign, **params):
    url = reverse("campaigns_public:leaderboard", kwargs={"campaign_slug": campaign.slug})
    return client.get(url, params)


def at(day):
    return datetime.datetime(2026, 11, day, 12, tzinfo=datetime.UTC)


def test_ranked_by_points_then_earlier_completion(client, campaign):
    late = ParticipationFactory(campaign=campaign, organization__name="Late Bakery")
    early = ParticipationFactory(campaign=campaign, organization__name="Early Bank")
    top = ParticipationFactory(campaign=campaign, organization__name="Top Media")
    done(late, "publish", at(20))
    done(early, "publish", at(10))
    done(top, "internal", at(21))
    html = board(client, campaign).content.decode()
    assert html.index("Top Media") < html.index("Early Bank") < html.index("Late Bakery")
    rows = landing_context(campaign=campaign, request=None)["quests_top"]
    assert [r.organization.name for r in rows] == ["Top Media", "Early Bank", "Late Bakery"]
    assert rows[0].badges[0]["key"] == "building"


def test_filters_by_country_sector_size(client, campaign):
    ParticipationFactory(
        campaign=campaign,
        organization=OrganizationFactory(
            name="Wiener Werkstatt", country="AT", sector="industry", size="50-249"
        ),
    )
    ParticipationFactory(
        campaign=campaign,
        organization=OrganizationFactory(name="Lyon Tech", country="FR", sector="tech", size="1-9"),
    )
    html = board(client, campaign, country="AT").content.decode()
    assert "Wiener Werkstatt" in html and "Lyon Tech" not in html
    html = board(client, campaign, sector="tech").content.decode()
    assert "Lyon Tech" in html and "Wiener Werkstatt" not in html
    html = board(client, campaign, size="50-249").content.decode()
    assert "Wiener Werkstatt" in html and "Lyon Tech" not in html


def test_suspended_and_pending_are_hidden_from_leaderboard_and_badge(client, campaign):
    shown = ParticipationFactory(campaign=campaign, organization__name="Shown Org")
    gone = ParticipationFactory(
        campaign=campaign, organization__name="Suspended Org", status=Participation.Status.SUSPENDED
    )
    ParticipationFactory(
        campaign=campaign, organization__name="Pending Org", status=Participation.Status.APPLIED
    )
    html = board(client, campaign).content.decode()
    assert "Shown Org" in html
    assert "Suspended Org" not in html and "Pending Org" not in html
    for name in ("campaigns_public:badge", "campaigns_public:badge_page"):
        kwargs = {"campaign_slug": campaign.slug}
        assert (
            client.get(reverse(name, kwargs={**kwargs, "link_code": gone.link_code})).status_code
            == 404
        )
        assert (
            client.get(reverse(name, kwargs={**kwargs, "link_code": shown.link_code})).status_code
            == 200
        )


def test_badge_svg_and_page(client, campaign):
    participation = ParticipationFactory(campaign=campaign, organization__name="Nordwind <Energie>")
    done(participation, "publish", at(20))
    kwargs = {"campaign_slug": campaign.slug, "link_code": participation.link_code}
    svg = client.get(reverse("campaigns_public:badge", kwargs=kwargs))
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert "Nordwind &lt;Energie&gt;" in body and "20 points" in body
    assert campaign.name_text() in body
    page = client.get(reverse("campaigns_public:badge_page", kwargs=kwargs)).content.decode()
    assert 'property="og:title"' in page and 'property="og:image"' in page
    # A draft campaign has no public badge.
    draft = CampaignFactory(status="draft")
    draft_part = ParticipationFactory(campaign=draft)
    response = client.get(
        reverse(
            "campaigns_public:badge",
            kwargs={"campaign_slug": draft.slug, "link_code": draft_part.link_code},
        )
    )
    assert response.status_code == 404


def test_leaderboard_query_budget_with_260_organizations(
    client, campaign, django_assert_max_num_queries
):
    orgs = OrganizationFactory.create_batch(260)
    charter = campaign.charters.first()
    rows = Participation.objects.bulk_create(
        Participation(
            campaign=campaign,
            organization=org,
            status="approved",
            charter=charter,
            charter_signed_at=at(1),
            points=i % 90,
        )
        for i, org in enumerate(orgs)
    )
    quest = campaign.quests.get(key="publish")
    QuestProgress.objects.bulk_create(
        QuestProgress(participation=p, quest=quest, status="done", value=1, completed_at=at(2))
        for p in rows
    )
    with django_assert_max_num_queries(10):
        response = board(client, campaign)
    assert response.status_code == 200
    assert "260 organizations" in response.content.decode()
    with django_assert_max_num_queries(10):
        response = board(client, campaign, page=6)
    assert response.status_code == 200
    with django_assert_max_num_queries(4):
        context = landing_context(campaign=campaign, request=None)
    assert len(context["quests_top"]) == 10
