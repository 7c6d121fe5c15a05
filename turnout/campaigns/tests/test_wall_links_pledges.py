"""Tracked links and pledges: clicks counted for approved organizations only, pledges in the
initiator's CRM with the reminder consent, counted once, attributed to the right organization."""

import pytest
from django.urls import reverse

from turnout.actions.models import Submission
from turnout.campaigns import reach
from turnout.campaigns.models import Campaign, MeasuredDay, Participation
from turnout.campaigns.services.pledges import pledge_take
from turnout.campaigns.tests.factories import CampaignFactory, ParticipationFactory
from turnout.people.models import Channel, Consent, Person, Purpose
from turnout.people.services import PersonData

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org_a):
    return CampaignFactory(organization=org_a, slug="vote-anyway", languages=["fr", "de"])


@pytest.fixture
def participation(campaign, org_b):
    return ParticipationFactory(campaign=campaign, organization=org_b)


def clicks_of(participation):
    return sum(
        MeasuredDay.objects.filter(participation=participation).values_list("clicks", flat=True)
    )


def test_link_counts_a_click_and_redirects_with_the_code(client, participation):
    response = client.get(f"/r/{participation.link_code}", HTTP_ACCEPT_LANGUAGE="de-AT,de;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/de/c/vote-anyway/?r={participation.link_code}"
    client.get(f"/r/{participation.link_code}", HTTP_ACCEPT_LANGUAGE="en")  # not offered: fr
    assert clicks_of(participation) == 2
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


def test_link_falls_back_to_the_campaigns_first_language(client, participation):
    response = client.get(f"/r/{participation.link_code}", HTTP_ACCEPT_LANGUAGE="it")
    assert response["Location"].startswith("/fr/c/vote-anyway/")


@pytest.mark.parametrize("status", ["suspended", "applied", "rejected"])
def test_link_of_a_not_approved_organization_redirects_without_attribution(
    client, participation, status
):
    Participation.objects.filter(pk=participation.pk).update(status=status)
    response = client.get(f"/r/{participation.link_code}")
    assert response.status_code == 302
    assert response["Location"] == "/fr/c/vote-anyway/"
    assert MeasuredDay.objects.count() == 0


def test_unknown_code_and_draft_campaign_are_not_found(client, org_a, org_b):
    assert client.get("/r/nothere").status_code == 404
    draft = CampaignFactory(organization=org_a, status=Campaign.Status.DRAFT)
    p = ParticipationFactory(campaign=draft, organization=org_b)
    assert client.get(f"/r/{p.link_code}").status_code == 404


def post_pledge(client, campaign, **data):
    values = {"given_name": "Ana", "email": "ana@example.org", "language": "fr", "r": ""}
    values.update(data)
    return client.post(reverse("campaigns_public:pledge", kwargs={"slug": campaign.slug}), values)


def test_pledge_creates_a_person_with_reminder_consent_and_counts_for_the_org(
    client, campaign, participation
):
    response = post_pledge(
        client,
        campaign,
        r=participation.link_code,
        phone="06 12 34 56 78",
        remind_email="on",
        remind_sms="on",
        postal_code="29200",
    )
    assert response.status_code == 302
    assert f"r={participation.link_code}" in response["Location"]
    person = Person.objects.get(organization=campaign.organization)
    assert person.given_name == "Ana"
    consents = Consent.objects.filter(person=person, purpose=Purpose.REMINDERS, current=True)
    assert {c.channel for c in consents} == {Channel.EMAIL, Channel.SMS}
    email_consent = consents.get(channel=Channel.EMAIL)
    assert "Remind me by email to vote" in email_consent.notice_text
    assert email_consent.status == Consent.Status.GRANTED
    submission = Submission.objects.get(action=campaign.pledge_action)
    assert submission.referring_organization_id == participation.organization_id
    assert reach.pledges_by_organization(campaign) == {participation.organization_id: 1}

    # The same person again: updated, never counted twice.
    post_pledge(client, campaign, r=participation.link_code)
    assert Submission.objects.filter(action=campaign.pledge_action).count() == 1
    campaign.pledge_action.refresh_from_db()
    assert campaign.pledge_action.signature_count == 1
    assert Consent.objects.filter(person=person, purpose=Purpose.REMINDERS).count() == 2


def test_pledge_without_reminder_records_no_consent(client, campaign):
    post_pledge(client, campaign)
    person = Person.objects.get(organization=campaign.organization)
    assert not Consent.objects.filter(person=person, purpose=Purpose.REMINDERS).exists()


def test_thanks_page_shares_the_organizations_tracked_link(client, campaign, participation):
    url = reverse("campaigns_public:pledge_thanks", kwargs={"slug": campaign.slug})
    response = client.get(url, {"r": participation.link_code})
    assert f"/r/{participation.link_code}" in response.content.decode()
    assert participation.organization.name in response.content.decode()


def test_pledge_through_a_suspended_or_foreign_link_is_not_attributed(org_a, org_b, campaign):
    suspended = ParticipationFactory(campaign=campaign, status=Participation.Status.SUSPENDED)
    other = ParticipationFactory(campaign=CampaignFactory(organization=org_b))
    for n, code in enumerate([suspended.link_code, other.link_code]):
        pledge_take(
            campaign=campaign,
            data=PersonData(given_name="X", email=f"x{n}@example.org"),
            reminders={},
            code=code,
        )
    assert not Submission.objects.filter(referring_organization__isnull=False).exists()
    assert Submission.objects.filter(action=campaign.pledge_action).count() == 2


def test_bad_pledge_is_refused_and_keeps_what_was_typed(client, campaign, participation):
    response = post_pledge(
        client,
        campaign,
        email="",
        phone="",
        given_name="Jonas",
        postal_code="1010",
        r=participation.link_code,
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give an email address or a mobile phone number." in page
    assert 'value="Jonas"' in page and 'value="1010"' in page
    assert f'value="{participation.link_code}"' in page
    response = post_pledge(client, campaign, email="", phone="0612345678", remind_email="on")
    assert "Give your email address to be reminded by email." in response.content.decode()
    assert not Submission.objects.exists()


def test_closed_campaign_takes_no_pledge(client, org_a):
    closed = CampaignFactory(organization=org_a, status=Campaign.Status.CLOSED)
    response = post_pledge(client, closed)
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_pledges_are_rate_limited(client, campaign, settings):
    from django.core.cache import cache

    from turnout.campaigns import views_wall

    cache.clear()
    limit = views_wall.RATE_LIMIT[0]
    for n in range(limit):
        assert post_pledge(client, campaign, email=f"p{n}@example.org").status_code == 302
    response = post_pledge(client, campaign, email="late@example.org")
    assert response.status_code == 429
    assert 'value="late@example.org"' in response.content.decode()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_pledges_keep_exact_counters(org_a, org_b):
    from turnout.campaigns.tests.factories import CampaignFactory as Factory
    from turnout.core.tests.concurrency import run_together

    campaign = Factory(organization=org_a, slug="race")
    first = ParticipationFactory(campaign=campaign, organization=org_b)
    second = ParticipationFactory(campaign=campaign)
    codes = [first.link_code, second.link_code, ""]
    count = 24

    def work(index):
        fresh = Campaign.objects.select_related("organization", "pledge_action").get(pk=campaign.pk)
        # Some people pledge twice at the same moment (same address): counted once.
        pledge_take(
            campaign=fresh,
            data=PersonData(given_name="P", email=f"p{index % 18}@example.org"),
            reminders={"email": "Remind me"},
            code=codes[index % 3],
        )
        reach.measured_add(campaign_id=campaign.pk, participation_id=first.pk, clicks=1)

    run_together(count, work)
    submissions = Submission.objects.filter(action=campaign.pledge_action)
    assert submissions.count() == 18
    campaign.pledge_action.refresh_from_db()
    assert campaign.pledge_action.signature_count == 18
    by_org = reach.pledges_by_organization(campaign)
    for participation in (first, second):
        assert (
            by_org.get(participation.organization_id, 0)
            == submissions.filter(referring_organization=participation.organization).count()
        )
    from turnout.campaigns.selectors_core import landing_counters

    counters = landing_counters(campaign=Campaign.objects.get(pk=campaign.pk))
    assert counters["pledges"] == 18
    total = counters["reach"]
    assert total.pledges == 18
    assert total.clicks == count
    assert total.floor == max(count, 18, total.page_views)
    assert Consent.objects.filter(purpose=Purpose.REMINDERS, current=True).count() == 18
    assert Person.objects.filter(organization=org_a).count() == 18
