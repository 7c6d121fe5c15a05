"""Public pages: the reminder opt-in, the perk claim page (one code per person, an empty
pool, the legal note), and a placement's tracked link feeding a campaign's reach."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from turnout.campaigns import reach
from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.gotv.models import PerkClaim, PlacementDay, ReminderSubscription
from turnout.messaging.models import Message
from turnout.people.models import Consent

from .factories import GotvElectionFactory, PerkCodeFactory, PerkOfferFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def remind_url(election):
    return reverse(
        "gotv_public:remind",
        kwargs={"organization": election.organization.slug, "election": election.slug},
    )


def claim_url(offer):
    return reverse(
        "gotv_public:claim", kwargs={"organization": offer.organization.slug, "offer": offer.slug}
    )


def test_reminder_opt_in_records_the_exact_consent_text(client, org_a):
    election = GotvElectionFactory(organization=org_a)
    page = client.get(remind_url(election)).content.decode()
    assert "Remind me on the eve" in page
    response = client.post(remind_url(election), {"email": "", "phone": "", "consent": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Give your email address or your mobile phone number." in body
    assert "Tick the box to go on." in body
    response = client.post(
        remind_url(election),
        {"email": "lea@example.org", "phone": "06 12 34 56 78", "consent": "on"},
    )
    assert response.status_code == 200
    assert "you will get your reminders" in response.content.decode()
    subscriptions = ReminderSubscription.objects.filter(program__election=election)
    assert sorted(subscriptions.values_list("channel", flat=True)) == ["email", "sms"]
    consent = Consent.objects.get(channel="email", purpose="reminders", current=True)
    assert consent.notice_text.startswith("Remind me on the eve and on the day of")


def test_claim_page_gives_one_code_and_never_shows_it_twice(client, org_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCodeFactory(offer=offer, code="RIDE-777")
    page = client.get(claim_url(offer)).content.decode()
    assert "L106" in page and "not a reward for voting" in page
    data = {"email": "nina@example.org", "consent": "on"}
    body = client.post(claim_url(offer), data).content.decode()
    assert "RIDE-777" in body
    assert Message.objects.filter(to_address="nina@example.org").count() == 1
    body = client.post(claim_url(offer), data).content.decode()
    assert "RIDE-777" not in body and "already claimed a code" in body
    assert PerkClaim.objects.count() == 1


def test_an_empty_pool_tells_the_visitor_and_keeps_what_they_typed(client, org_a):
    offer = PerkOfferFactory(organization=org_a)
    response = client.post(claim_url(offer), {"email": "sam@example.org", "consent": "on"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "all the codes of this offer have been given out" in body
    assert 'value="sam@example.org"' in body


def test_claims_are_rate_limited_and_bots_get_nothing(client, org_a, settings):
    settings.TURNOUT_GOTV_RATE_LIMIT = (2, 600)
    cache.clear()
    offer = PerkOfferFactory(organization=org_a)
    for _n in range(3):
        PerkCodeFactory(offer=offer)
    client.post(claim_url(offer), {"email": "bot@example.org", "consent": "on", "website": "x"})
    assert PerkClaim.objects.count() == 0
    codes = [
        client.post(claim_url(offer), {"email": f"p{n}@example.org", "consent": "on"}).status_code
        for n in range(3)
    ]
    assert codes == [200, 200, 429]


def test_draft_offers_have_no_public_page(client, org_a):
    offer = PerkOfferFactory(organization=org_a, status="draft")
    assert client.get(claim_url(offer)).status_code == 404


def test_placement_link_counts_clicks_into_the_campaign_reach(client, org_a, org_b):
    campaign = CampaignFactory(organization=org_a)
    own = PlacementFactory(
        organization=org_a, campaign=campaign, destination_url="", kind="billboard",
        declared_audience=40000,
    )  # fmt: skip
    ParticipationFactory(campaign=campaign, organization=org_b)
    partner = PlacementFactory(organization=org_b, campaign=campaign, declared_audience=1000)
    before = reach.campaign_reach(campaign)
    response = client.get(reverse("gotv_public:go", kwargs={"code": own.link_code}))
    assert response.status_code == 302
    assert f"/c/{campaign.slug}/" in response["Location"]
    response = client.get(reverse("gotv_public:go", kwargs={"code": partner.link_code}))
    assert response["Location"] == "https://example.org/vote"
    after = reach.campaign_reach(campaign)
    assert after.clicks == before.clicks + 2
    assert after.declared_by_kind["billboard"] == 40000
    assert after.declared_by_kind["impressions"] == 1000
    assert PlacementDay.objects.get(placement=own).clicks == 1
    assert client.get(reverse("gotv_public:go", kwargs={"code": "nope"})).status_code == 404
