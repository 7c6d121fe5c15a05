"""Known gaps of the limits area, closed: an offline gift dated in a past year is checked
against that year's total (not this year's), and German and Austrian parties record anonymous
gifts received offline under their own limit."""

from __future__ import annotations

import datetime
import re

import pytest

from turnout.donations.models import Donation, ProfileKind
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.tests.factories import EmailAddressFactory

from .factories import DonationFactory, LegalProfileFactory
from .test_limits_pages import offline_post, url
from .test_limits_pages import page_text as text

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def organizer(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    return client


def gift(**overrides) -> dict:
    """The offline form as the limits tests fill it, for 600 € received on 20 November."""
    return offline_post(**{"amount": "600", "nationality": "FR", "note": "", **overrides})


# --- (a) A gift of a past year counts against that year's total --------------------------------


def test_a_gift_received_last_year_is_not_refused_for_this_years_total(organizer, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    person = EmailAddressFactory(person__organization=org_a, address="ana@example.org").person
    DonationFactory(organization=org_a, person=person, amount_cents=700_000)  # this year, 2026
    # A cheque of December 2025 entered now: 2025's total is empty, so 600 € is within the cap.
    response = organizer.post(url("offline_new", org_a), gift(received_on="2025-12-20"))
    assert response.status_code == 302
    recorded = Donation.objects.get(organization=org_a, provider="offline")
    assert recorded.paid_at.date() == datetime.date(2025, 12, 20)
    assert recorded.status == Donation.Status.SUCCEEDED
    # The same cheque dated this year would cross 2026's cap.
    response = organizer.post(url("offline_new", org_a), gift(received_on="2026-11-20"))
    assert response.status_code == 400
    assert "you would reach 7,600 €" in text(response)


def test_a_gift_of_last_year_is_refused_over_last_years_total(organizer, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    person = EmailAddressFactory(person__organization=org_a, address="ana@example.org").person
    DonationFactory(
        organization=org_a, person=person, amount_cents=700_000,
        paid_at=datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC),
    )  # fmt: skip
    response = organizer.post(url("offline_new", org_a), gift(received_on="2025-12-20"))
    assert response.status_code == 400
    assert "you would reach 7,600 €" in text(response)
    # Nothing written, not even the pending donation.
    assert not Donation.objects.filter(organization=org_a, provider="offline").exists()


# --- (b) Anonymous gifts to German and Austrian parties ----------------------------------------


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        (ProfileKind.DE_PARTY, True),
        (ProfileKind.AT_PARTY, True),
        (ProfileKind.FR_PARTY, False),
        (ProfileKind.NONE, False),
    ],
)
def test_the_anonymous_box_is_offered_to_german_and_austrian_parties(organizer, org_a, kind, shown):
    LegalProfileFactory(organization=org_a, kind=kind)
    page = text(organizer.get(url("offline_new", org_a)))
    assert ("Anonymous gift: the party does not know who gave" in page) is shown


def test_an_anonymous_gift_has_its_own_limit(organizer, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.DE_PARTY)
    anonymous = gift(
        email="", given_name="", family_name="", nationality="DE", anonymous="on",
        method="cash", amount="600", note="Spendenbox Sommerfest",
    )  # fmt: skip
    response = organizer.post(url("offline_new", org_a), anonymous)
    assert response.status_code == 400
    page = text(response)
    assert "A party in Germany may not accept an anonymous gift above 500 €." in page
    assert "Spendenbox Sommerfest" in page  # nothing typed is lost, the box stays ticked
    assert re.search(r'<input[^>]*name="anonymous"[^>]*checked', page)
    response = organizer.post(url("offline_new", org_a), {**anonymous, "amount": "450"})
    assert response.status_code == 302
    donation = Donation.objects.get(organization=org_a)
    assert donation.anonymous is True and donation.amount_cents == 45_000
    assert donation.person.family_name == "Anonymous donor"


def test_a_named_gift_is_not_anonymous(organizer, org_b):
    LegalProfileFactory(organization=org_b, kind=ProfileKind.AT_PARTY)
    organizer.force_login(MembershipFactory(organization=org_b, role=Role.ORGANIZER).user)
    response = organizer.post(url("offline_new", org_b), gift(nationality="AT", amount="600"))
    assert response.status_code == 302
    assert Donation.objects.get(organization=org_b).anonymous is False


def test_without_the_box_a_donor_must_still_be_named(organizer, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    response = organizer.post(
        url("offline_new", org_a),
        gift(email="", given_name="", family_name="", anonymous="on"),  # not offered: ignored
    )
    assert response.status_code == 400
    assert "Say who gave" in text(response)
