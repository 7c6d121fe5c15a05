"""Fundraising pages and donations over the API; the record donation helper for gifts
received offline, through the donations' offline service and its legal limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from turnout.api.resources.testing import check_collection, check_scope, client_for
from turnout.donations.models import Donation, FundraisingPage, ProfileKind
from turnout.donations.tests.factories import (
    DonationFactory,
    FundraisingPageFactory,
    LegalProfileFactory,
)
from turnout.people.models import Person
from turnout.people.rights.services import ErasureReason, person_erase

pytestmark = pytest.mark.django_db


def gift(amount="35.00", method="Check", **extra) -> dict:
    return {
        "person": {
            "given_name": "Ana",
            "family_name": "Lopez",
            "email_addresses": [{"address": "ana@example.org"}],
            "postal_addresses": [
                {
                    "address_lines": ["3 rue de la Paix"],
                    "postal_code": "29200",
                    "locality": "Brest",
                    "country": "FR",
                }
            ],
        },
        "amount": amount,
        "payment": {"method": method, "reference_number": "CHQ-0042"},
        **extra,
    }


@pytest.fixture
def api_a(org_a, owner_a):
    return client_for(org_a, user=owner_a)


@pytest.fixture
def page(org_a):
    return FundraisingPageFactory(organization=org_a, goal_cents=100_000)


def test_pages_list_and_one(api_a, org_a, org_b, page):
    FundraisingPageFactory(organization=org_a, status=FundraisingPage.Status.DRAFT)
    FundraisingPageFactory(organization=org_b)
    body = check_collection(api_a, "/api/v1/fundraising_pages", "osdi:fundraising_pages", 2)
    first = body["_embedded"]["osdi:fundraising_pages"][0]
    assert first["identifiers"] == [f"turnout:{page.pk}"]
    assert first["goal"] == "1000.00" and first["total_amount"] == "0.00"
    assert first["browser_url"].endswith(f"/give/{page.slug}/")
    one = api_a.get(f"/api/v1/fundraising_pages/{page.pk}").json()
    assert one["_links"]["osdi:donations"]["href"].endswith(
        f"/api/v1/fundraising_pages/{page.pk}/donations"
    )


def test_donations_lists_and_one(api_a, org_a, page, owner_a):
    on_page = DonationFactory(
        organization=org_a, page=page, amount_cents=3550, refunded_cents=550, source_code="mail-3"
    )
    elsewhere = DonationFactory(organization=org_a)
    body = check_collection(
        api_a, f"/api/v1/fundraising_pages/{page.pk}/donations", "osdi:donations", 1
    )
    item = body["_embedded"]["osdi:donations"][0]
    assert item["amount"] == "30.00" and item["credited_amount"] == "5.50"
    assert item["currency"] == "EUR" and item["sources"] == ["mail-3"]
    assert item["payment"]["method"] == "Credit Card"
    assert item["recipients"] == [{"display_name": org_a.name, "amount": "30.00"}]
    assert item["_links"]["osdi:fundraising_page"]["href"].endswith(f"/fundraising_pages/{page.pk}")
    assert item["_links"]["osdi:person"]["href"].endswith(f"/people/{on_page.person.uuid}")
    check_collection(api_a, "/api/v1/donations", "osdi:donations", 2)
    one = api_a.get(f"/api/v1/donations/{elsewhere.pk}").json()
    assert "osdi:fundraising_page" not in one["_links"]
    # An erased donor: the gift stays (the accounts add up), the link to the person goes.
    person_erase(person=elsewhere.person, actor=owner_a, reason=ErasureReason.REQUEST)
    assert "osdi:person" not in api_a.get(f"/api/v1/donations/{elsewhere.pk}").json()["_links"]


def test_isolation(api_a, org_b):
    page = FundraisingPageFactory(organization=org_b)
    donation = DonationFactory(organization=org_b, page=page)
    for url in (
        f"/api/v1/fundraising_pages/{page.pk}",
        f"/api/v1/fundraising_pages/{page.pk}/donations",
        f"/api/v1/donations/{donation.pk}",
    ):
        assert api_a.get(url).status_code == 404, url
    response = api_a.post(f"/api/v1/fundraising_pages/{page.pk}/record_donation_helper", gift())
    assert response.status_code == 404
    assert Donation.objects.count() == 1


def test_scopes(org_a, page):
    check_scope(org_a, "/api/v1/donations", "donations")
    check_scope(
        org_a,
        f"/api/v1/fundraising_pages/{page.pk}/record_donation_helper",
        "donations",
        method="post",
        body=gift(),
    )
    assert not Donation.objects.exists()


def test_list_queries_are_bounded(api_a, org_a, page, django_assert_max_num_queries):
    for _ in range(10):
        DonationFactory(organization=org_a, page=page)
    with django_assert_max_num_queries(8):
        assert api_a.get("/api/v1/donations").status_code == 200
    with django_assert_max_num_queries(8):
        assert api_a.get(f"/api/v1/fundraising_pages/{page.pk}/donations").status_code == 200


def test_record_offline_gift(api_a, org_a, page):
    url = f"/api/v1/fundraising_pages/{page.pk}/record_donation_helper"
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = api_a.post(url, gift("35.5", action_date=day, add_tags=["donateur"]))
    assert response.status_code == 200, response.content
    body = response.json()
    donation = Donation.objects.get(organization=org_a)
    assert body["identifiers"] == [f"turnout:{donation.pk}"]
    assert body["amount"] == "35.50" and body["payment"]["method"] == "Check"
    assert donation.status == Donation.Status.SUCCEEDED
    assert donation.method == Donation.Method.CHEQUE and donation.provider == "offline"
    assert donation.paid_at.date() == dt.date.fromisoformat(day)
    assert "CHQ-0042" in donation.note
    assert donation.tax_address["country"] == "FR"
    page.refresh_from_db()
    assert (page.raised_cents, page.donation_count) == (3550, 1)
    person = Person.objects.get(organization=org_a)
    assert list(person.tags.values_list("name", flat=True)) == ["donateur"]
    # POST on the page's donations takes the same shape.
    again = api_a.post(f"/api/v1/fundraising_pages/{page.pk}/donations", gift(10, "Cash"))
    assert again.status_code == 200
    assert again.json()["payment"]["method"] == "Cash"
    assert Person.objects.filter(organization=org_a).count() == 1


def test_a_gift_over_the_legal_limit_is_refused_with_the_limit(api_a, org_a, page):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    url = f"/api/v1/fundraising_pages/{page.pk}/record_donation_helper"
    ok = api_a.post(url, gift("7000", donor_details={"nationality": "FR"}))
    assert ok.status_code == 200, ok.content
    response = api_a.post(url, gift("600", donor_details={"nationality": "FR"}))
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["amount"][0]
    assert "at most" in message and "a year" in message
    assert Donation.objects.filter(organization=org_a).count() == 1
    page.refresh_from_db()
    assert page.raised_cents == 700_000
    # A company may not give to a French party at all.
    company = api_a.post(url, gift("10", donor_details={"natural_person": False}))
    assert company.status_code == 400
    assert "natural persons" in company.json()["error"]["fields"]["amount"][0]


@pytest.mark.parametrize(
    "body,field",
    [
        (gift("-5"), "amount"),
        (gift("12.345"), "amount"),
        (gift("ten"), "amount"),
        (gift(True), "amount"),
        (gift("2000000"), "amount"),
        (gift(method="Credit Card"), "payment.method"),
        (gift(currency="USD"), "currency"),
        (gift(action_date="2999-01-01"), "action_date"),
        (gift(donor_details={"nationality": "France"}), "donor_details.nationality"),
        ({**gift(), "payment": None}, "payment"),
    ],
)
def test_bad_input_is_400_and_writes_nothing(api_a, org_a, page, body, field):
    response = api_a.post(f"/api/v1/fundraising_pages/{page.pk}/record_donation_helper", body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert not Donation.objects.exists()
    assert not Person.objects.filter(organization=org_a).exists()
