"""The donations demo: consistent totals, timelines, receipts numbered without gap, a party's
cap enforced — and loading it twice adds nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Sum
from django.test import Client
from django.urls import reverse

from turnout.campaigns.tests.factories import CampaignFactory
from turnout.donations import demo
from turnout.donations.models import (
    Donation,
    FundraisingPage,
    LegalProfile,
    ProfileKind,
    Receipt,
    ReceiptCounter,
    Subscription,
)
from turnout.organizations.choices import Role
from turnout.organizations.demo import seed_organizations
from turnout.organizations.models import Membership, Organization
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.demo import seed_people
from turnout.people.models import Activity, ActivityCount

pytestmark = pytest.mark.django_db
PAID = (Donation.Status.SUCCEEDED, Donation.Status.REFUNDED, Donation.Status.DISPUTED)


@pytest.fixture
def seeded():
    seed_organizations()
    demo.seed_party()
    seed_people()
    association = Organization.objects.get(slug=demo.ASSOCIATION)
    campaign = CampaignFactory(organization=association, slug=demo.LIVE_CAMPAIGN)
    demo.seed_donations(stdout=StringIO())
    party = Organization.objects.get(slug=demo.PARTY)
    return {"association": association, "party": party, "campaign": campaign}


def counts():
    return (
        Donation.objects.count(),
        Subscription.objects.count(),
        Receipt.objects.count(),
        FundraisingPage.objects.count(),
        Organization.objects.count(),
        Activity.objects.filter(kind=DONATION_MADE).count(),
    )


def test_loading_twice_adds_nothing(seeded):
    before = counts()
    demo.seed_party(stdout=StringIO())
    demo.seed_donations(stdout=StringIO())
    assert counts() == before


def test_the_crowdfunding_page_adds_up(seeded):
    org = seeded["association"]
    page = FundraisingPage.objects.get(slug=demo.PAGE)
    assert page.organization == org and page.campaign == seeded["campaign"]
    assert page.goal_cents == 12_000_000 and page.title["fr"] == "Financez Vote Anyway 2027"
    paid = Donation.objects.filter(page=page, status__in=PAID)
    totals = paid.aggregate(raised=Sum(F("amount_cents") - F("refunded_cents")), n=Count("id"))
    assert (page.raised_cents, page.donation_count) == (totals["raised"], totals["n"])
    assert totals["n"] >= 25
    profile = LegalProfile.objects.get(organization=org)
    assert profile.kind == ProfileKind.FR_ASSOCIATION and profile.registration


def test_gifts_look_like_crowdfunding(seeded):
    gifts = Donation.objects.filter(organization=seeded["association"], status__in=PAID)
    average = sum(gifts.values_list("amount_cents", flat=True)) / gifts.count()
    assert 2500 <= average <= 4500
    monthly = Subscription.objects.filter(organization=seeded["association"])
    assert monthly.exists() and gifts.filter(subscription__isnull=False).exists()
    assert Donation.objects.filter(
        organization=seeded["association"], refunded_cents__gt=0
    ).exists()
    sources = set(gifts.values_list("utm_source", flat=True))
    assert {"newsletter", "facebook", ""} <= sources


def test_every_paid_gift_is_on_the_donors_timeline_with_its_counter(seeded):
    org = seeded["association"]
    paid = Donation.objects.filter(organization=org, status__in=PAID)
    lines = Activity.objects.filter(organization=org, kind=DONATION_MADE, source_id__gt="")
    given = set(lines.filter(summary__startswith="Gave").values_list("source_id", flat=True))
    assert given == {str(pk) for pk in paid.values_list("pk", flat=True)}
    counted = ActivityCount.objects.filter(organization=org, kind=DONATION_MADE)
    assert (
        sum(counted.values_list("count", flat=True))
        == Activity.objects.filter(organization=org, kind=DONATION_MADE).count()
    )


def test_receipts_are_numbered_without_gap_and_download(seeded):
    org = seeded["association"]
    for counter in ReceiptCounter.objects.filter(organization=org):
        numbers = sorted(
            Receipt.objects.filter(organization=org, year=counter.year).values_list(
                "number", flat=True
            )
        )
        assert numbers == list(range(1, counter.last_number + 1))
    one_off = Donation.objects.filter(
        organization=org, status__in=PAID, subscription__isnull=True, paid_at__isnull=False
    )
    taxed = Receipt.objects.filter(organization=org, kind=Receipt.Kind.TAX)
    assert taxed.count() == one_off.count()
    assert Receipt.objects.filter(organization=org, kind=Receipt.Kind.CREDIT_NOTE).exists()
    lazy = taxed.filter(file="").first()
    owner = get_user_model().objects.get(email="camille.laurent@voix-citoyennes.fr")
    client = Client()
    client.force_login(owner)
    response = client.get(
        reverse("donations:receipt_download", kwargs={"org_slug": org.slug, "receipt_id": lazy.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_party_cap_is_enforced_and_the_refusal_visible(seeded):
    party = seeded["party"]
    owner = Membership.objects.get(organization=party, role=Role.OWNER).user
    assert owner.email == demo.PARTY_OWNER
    assert LegalProfile.objects.get(organization=party).kind == ProfileKind.FR_PARTY
    refused = Donation.objects.get(organization=party, status=Donation.Status.CANCELLED)
    assert "7,500" in refused.note
    capped = Donation.objects.filter(
        organization=party, person=refused.person, status=Donation.Status.SUCCEEDED
    )
    assert sum(capped.values_list("amount_cents", flat=True)) == 750_000
    kinds = set(Receipt.objects.filter(organization=party).values_list("kind", flat=True))
    assert kinds == {Receipt.Kind.PARTY}
    assert Receipt.objects.filter(donation__in=capped).count() == 3
