"""Public landing and charter pages: counters, reach range, partners, drafts, query budget."""

import pytest
from django.urls import reverse
from django.utils import timezone

from turnout.actions.models import Action
from turnout.campaigns.models import DeclaredReach, MeasuredDay, Participation
from turnout.campaigns.services.campaigns import charter_publish
from turnout.campaigns.services.setup import partner_create
from turnout.organizations.models import Organization

from .factories import CampaignFactory, ParticipationFactory

Status = Participation.Status
pytestmark = pytest.mark.django_db


def landing(campaign, lang="en"):
    from django.utils import translation

    with translation.override(lang):
        return reverse("campaigns_public:landing", kwargs={"slug": campaign.slug})


def test_draft_campaign_has_no_public_page(client, org_a):
    campaign = CampaignFactory(organization=org_a, status="draft")
    assert client.get(landing(campaign)).status_code == 404
    charter = reverse("campaigns_public:charter", kwargs={"slug": campaign.slug})
    assert client.get(charter).status_code == 404


def test_landing_counters_and_reach_range(client, org_a):
    campaign = CampaignFactory(organization=org_a)
    approved = ParticipationFactory.create_batch(3, campaign=campaign)
    ParticipationFactory(campaign=campaign, status=Status.APPLIED)
    suspended = ParticipationFactory(campaign=campaign, status=Status.SUSPENDED)
    Action.objects.filter(pk=campaign.pledge_action_id).update(signature_count=1234)
    DeclaredReach.objects.create(
        participation=approved[0], kind="impressions", figure=50_000, method="LinkedIn stats"
    )
    DeclaredReach.objects.create(
        participation=suspended, kind="billboard", figure=9_000_000, method="Hidden"
    )
    MeasuredDay.objects.create(
        campaign=campaign, participation=None, day=timezone.localdate(), page_views=99
    )
    response = client.get(landing(campaign))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vote Anyway" in page and "Your voice counts" in page
    assert ">3<" in page and "organizations taking part" in page
    assert "1,234" in page
    # measured floor: 100 page views (99 + this one); ceiling adds the declared 50,000
    assert "100 – 50,100" in page
    assert "9,000,000" not in page  # a suspended organization counts for nothing
    assert 'property="og:title"' in page and 'name="twitter:card"' in page
    assert reverse("campaigns_public:join", kwargs={"slug": campaign.slug}) in page
    assert MeasuredDay.objects.get(campaign=campaign, participation=None).page_views == 100


def test_landing_in_each_language_and_days_left(client, org_a):
    campaign = CampaignFactory(organization=org_a)  # election 9 June 2027, today 24 Nov 2026
    page = client.get(landing(campaign, "de")).content.decode()
    assert "Trotzdem wählen" in page and "Deine Stimme zählt" in page
    days = (campaign.election_date - timezone.localdate()).days
    assert str(days) in page
    assert 'hreflang="fr"' in page


def test_landing_shows_partners_with_role_and_credit(client, org_a):
    campaign = CampaignFactory(organization=org_a)
    partner_create(
        campaign=campaign, actor=None, name="Agence Lumen", role="agency",
        credit={"en": "Creative concept"},
    )  # fmt: skip
    page = client.get(landing(campaign)).content.decode()
    assert "Agence Lumen" in page and "Agency" in page and "Creative concept" in page


def test_closed_campaign_shows_no_join_button(client, org_a):
    campaign = CampaignFactory(organization=org_a, status="closed")
    page = client.get(landing(campaign)).content.decode()
    assert reverse("campaigns_public:join", kwargs={"slug": campaign.slug}) not in page


def test_public_charter_shows_current_and_old_versions(client, org_a):
    campaign = CampaignFactory(organization=org_a)
    charter_publish(campaign=campaign, actor=None, text={"en": "Version two text"})
    url = reverse("campaigns_public:charter", kwargs={"slug": campaign.slug})
    assert "Version two text" in client.get(url).content.decode()
    old = client.get(url + "?version=1").content.decode()
    assert "Version two text" not in old and "?version=2" in old
    assert client.get(url + "?version=9").status_code == 404


def test_landing_query_count_is_bounded_with_260_organizations(
    client, org_a, django_assert_max_num_queries
):
    campaign = CampaignFactory(organization=org_a)
    charter = campaign.charters.get()
    orgs = Organization.objects.bulk_create(
        Organization(name=f"Org {n}", slug=f"org-{n}", kind="company", country="FR")
        for n in range(260)
    )
    Participation.objects.bulk_create(
        Participation(
            campaign=campaign,
            organization=org,
            charter=charter,
            charter_signed_at=timezone.now(),
            status=Status.APPROVED,
            link_code=f"code{n}",
        )
        for n, org in enumerate(orgs)
    )
    for n in range(8):
        partner_create(campaign=campaign, actor=None, name=f"Partner {n}", role="media")
    client.get(landing(campaign))  # warm caches (content types, sessions)
    # 9 queries for this page itself today; the rest is room for the quests and wall parts.
    with django_assert_max_num_queries(20):
        response = client.get(landing(campaign))
    assert ">260<" in response.content.decode()
