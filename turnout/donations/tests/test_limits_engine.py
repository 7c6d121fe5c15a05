"""The legal limits engine: every rule at, just under and just over its limit, dated rules,
and two concurrent payments crossing the French yearly cap (PostgreSQL)."""

import datetime
import re

import pytest
from django.utils import timezone

from turnout.core.money import money_text
from turnout.donations.models import Donation, LegalLimit, ProfileKind
from turnout.donations.services import lifecycle
from turnout.donations.services.lifecycle import DonorDetails
from turnout.donations.services.limits import (
    limit_refusals,
    limit_value,
    limits_in_force,
)
from turnout.people.services import PersonData
from turnout.people.tests.factories import PersonFactory

from .factories import DonationFactory, LegalProfileFactory

pytestmark = pytest.mark.django_db

FR = DonorDetails(nationality="FR")
DE = DonorDetails(nationality="DE")
AT = DonorDetails(nationality="AT")


def refusals(profile, amount, *, person=None, method="card", donor=FR, at=None):
    messages = limit_refusals(
        organization=profile.organization,
        profile=profile,
        person=person or PersonFactory(organization=profile.organization),
        amount_cents=amount,
        method=method,
        donor=donor,
        at=at or timezone.now(),
    )
    return [m.replace("\u00a0", " ") for m in messages]  # non-breaking space before €


@pytest.fixture
def fr_party(org_a):
    return LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)


def test_amount_sanity_for_every_profile(org_a):
    profile = LegalProfileFactory(organization=org_a, kind=ProfileKind.NONE)
    assert refusals(profile, 1) == []
    assert refusals(profile, 100_000_000) == []
    assert refusals(profile, 0) == ["Give an amount above zero."]
    assert refusals(profile, -5) == ["Give an amount above zero."]
    assert refusals(profile, 12.5) == ["Give an amount above zero."]
    [message] = refusals(profile, 100_000_001)
    assert "1,000,000.01 €" in message and "1,000,000 €" in message


def test_association_has_only_amount_sanity(org_a):
    profile = LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_ASSOCIATION)
    assert (
        refusals(profile, 5_000_000, method="cash", donor=DonorDetails(natural_person=False)) == []
    )


def test_fr_party_yearly_cap_at_under_and_over(fr_party):
    person = PersonFactory(organization=fr_party.organization)
    DonationFactory(organization=fr_party.organization, person=person, amount_cents=700_000)
    assert refusals(fr_party, 49_999, person=person) == []
    assert refusals(fr_party, 50_000, person=person) == []
    assert refusals(fr_party, 50_001, person=person) == [
        "A person may give at most 7,500 € a year to a political party in France; with this "
        "gift, you would reach 7,500.01 €."
    ]
    assert refusals(fr_party, 60_000, person=person) == [
        "A person may give at most 7,500 € a year to a political party in France; with this "
        "gift, you would reach 7,600 €."
    ]


def test_fr_party_cap_counts_net_of_refunds_this_year_this_organization(fr_party, org_b):
    org = fr_party.organization
    person = PersonFactory(organization=org)
    # Refunded in part: only the net counts.
    DonationFactory(organization=org, person=person, amount_cents=500_000, refunded_cents=200_000)
    # Fully refunded, failed, pending: nothing counts.
    DonationFactory(
        organization=org, person=person, amount_cents=300_000, refunded_cents=300_000,
        status=Donation.Status.REFUNDED,
    )  # fmt: skip
    DonationFactory(organization=org, person=person, status=Donation.Status.FAILED, paid_at=None)
    DonationFactory(organization=org, person=person, status=Donation.Status.PENDING, paid_at=None)
    # Last year: another year's cap.
    DonationFactory(
        organization=org, person=person, amount_cents=700_000,
        paid_at=datetime.datetime(2025, 12, 31, 22, 59, tzinfo=datetime.UTC),  # 23:59 in Paris
    )  # fmt: skip
    assert refusals(fr_party, 450_000, person=person) == []
    assert len(refusals(fr_party, 450_001, person=person)) == 1
    # The year is Paris's: 2025-12-31 23:00 UTC is midnight of 2026 in Paris.
    DonationFactory(
        organization=org, person=person, amount_cents=1,
        paid_at=datetime.datetime(2025, 12, 31, 23, 0, tzinfo=datetime.UTC),
    )  # fmt: skip
    assert refusals(fr_party, 450_000, person=person) != []


def test_fr_party_cap_in_the_year_of_the_gift(fr_party):
    person = PersonFactory(organization=fr_party.organization)
    DonationFactory(organization=fr_party.organization, person=person, amount_cents=750_000)
    assert refusals(fr_party, 1, person=person) != []
    next_year = timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 5))
    assert refusals(fr_party, 750_000, person=person, at=next_year) == []


def test_fr_party_natural_persons_french_nationals_or_residents(fr_party):
    assert refusals(fr_party, 1000, donor=DonorDetails(nationality="BE")) == [
        "Only French nationals and people who live in France may give to a political party in "
        "France: give the donor's nationality or French tax address."
    ]
    resident = DonorDetails(nationality="BE", tax_address={"country": "fr"})
    assert refusals(fr_party, 1000, donor=resident) == []
    assert refusals(fr_party, 1000, donor=DonorDetails(nationality="fr")) == []
    [message] = refusals(fr_party, 1000, donor=DonorDetails(natural_person=False, nationality="FR"))
    assert message.startswith("Only natural persons may give to a political party in France")


def test_fr_party_cash_at_under_and_over(fr_party):
    assert refusals(fr_party, 14_999, method="cash") == []
    assert refusals(fr_party, 15_000, method="cash") == []
    assert refusals(fr_party, 15_001, method="cash") == [
        "A gift in cash to a political party in France may not exceed 150 €: above that, give "
        "by cheque, transfer or card."
    ]
    assert refusals(fr_party, 15_001, method="cheque") == []


def test_fr_candidate_election_cap_and_cash(org_a):
    profile = LegalProfileFactory(
        organization=org_a, kind=ProfileKind.FR_CANDIDATE, election_date=datetime.date(2027, 3, 1)
    )
    person = PersonFactory(organization=org_a)
    DonationFactory(
        organization=org_a, person=person, amount_cents=400_000,
        paid_at=timezone.now() - datetime.timedelta(days=400),
    )  # fmt: skip
    assert refusals(profile, 59_999, person=person, donor=DonorDetails()) == []
    assert refusals(profile, 60_000, person=person, donor=DonorDetails()) == []
    assert refusals(profile, 60_001, person=person, donor=DonorDetails()) == [
        "A person may give at most 4,600 € to the candidates of an election in France; with "
        "this gift, you would reach 4,600.01 €."
    ]
    assert refusals(profile, 15_000, method="cash", donor=DonorDetails()) == []
    [cash] = refusals(profile, 15_001, method="cash", donor=DonorDetails())
    assert "150 €" in cash and "candidate" in cash
    [legal] = refusals(profile, 100, donor=DonorDetails(natural_person=False))
    assert legal.startswith("Only natural persons may give to a candidate in France")


def test_de_party_cash_anonymous_foreign(org_a):
    profile = LegalProfileFactory(organization=org_a, kind=ProfileKind.DE_PARTY)
    assert refusals(profile, 100_000, method="cash", donor=DE) == []
    assert refusals(profile, 100_001, method="cash", donor=DE) == [
        "A party in Germany may not accept a gift in cash above 1,000 €: above that, give by "
        "transfer or card."
    ]
    anonymous = DonorDetails(nationality="DE", anonymous=True)
    assert refusals(profile, 50_000, donor=anonymous) == []
    assert refusals(profile, 50_001, donor=anonymous) == [
        "A party in Germany may not accept an anonymous gift above 500 €."
    ]
    swiss = DonorDetails(nationality="CH", tax_address={"country": "CH"})
    assert refusals(profile, 100_000, donor=swiss) == []
    assert refusals(profile, 100_001, donor=swiss) == [
        "A party in Germany may not accept more than 1,000 € from a donor who is neither a "
        "citizen of a European Union country nor resident in Germany."
    ]
    # A French citizen (EU) or a Swiss resident of Germany may give more.
    assert refusals(profile, 900_000, donor=DonorDetails(nationality="FR")) == []
    swiss_in_berlin = DonorDetails(nationality="CH", tax_address={"country": "DE"})
    assert refusals(profile, 900_000, donor=swiss_in_berlin) == []
    # No yearly cap in Germany.
    person = PersonFactory(organization=org_a)
    DonationFactory(organization=org_a, person=person, amount_cents=5_000_000)
    assert refusals(profile, 5_000_000, person=person, donor=DE) == []


def test_at_party_rules_and_yearly_cap(org_b):
    profile = LegalProfileFactory(organization=org_b, kind=ProfileKind.AT_PARTY)
    assert refusals(profile, 50_000, method="cash", donor=AT) == []
    [cash] = refusals(profile, 50_001, method="cash", donor=AT)
    assert cash.startswith("A party in Austria may not accept a gift in cash above 500 €")
    assert refusals(profile, 50_001, donor=DonorDetails(nationality="AT", anonymous=True)) == [
        "A party in Austria may not accept an anonymous gift above 500 €."
    ]
    us = DonorDetails(nationality="US")
    assert refusals(profile, 50_000, donor=us) == []
    assert "resident in Austria" in refusals(profile, 50_001, donor=us)[0]
    person = PersonFactory(organization=org_b)
    DonationFactory(organization=org_b, person=person, amount_cents=700_000)
    assert refusals(profile, 50_000, person=person, donor=AT) == []
    assert refusals(profile, 50_001, person=person, donor=AT) == [
        "A person may give at most 7,500 € a year to a party in Austria; with this gift, you "
        "would reach 7,500.01 €."
    ]


def test_dated_rule_picks_the_row_valid_at_the_date(db):
    assert limit_value("de_party", "report_at_once_over", datetime.date(2023, 12, 31)) == 5_000_000
    assert limit_value("de_party", "report_at_once_over", datetime.date(2024, 1, 1)) == 3_500_000
    assert limit_value("de_party", "report_at_once_over", datetime.date(2002, 6, 30)) is None
    assert limit_value("at_party", "cash_max", datetime.date(2022, 6, 30)) is None
    in_force = {r.key: r.amount_cents for r in limits_in_force("de_party", timezone.now())}
    assert in_force["report_at_once_over"] == 3_500_000


def test_a_new_dated_row_changes_the_cap_from_its_day(fr_party):
    LegalLimit.objects.filter(kind="fr_party", key="cash_max").update(
        valid_until=datetime.date(2026, 11, 30)
    )
    LegalLimit.objects.create(
        kind="fr_party", key="cash_max", amount_cents=20_000, valid_from=datetime.date(2026, 12, 1)
    )
    assert refusals(fr_party, 20_000, method="cash") != []
    december = timezone.make_aware(datetime.datetime(2026, 12, 1, 9))
    assert refusals(fr_party, 20_000, method="cash", at=december) == []


def test_amounts_are_formatted_in_the_language():
    from django.utils import translation

    assert money_text(750_000) == "7,500\u00a0€"
    assert money_text(3_550) == "35.50\u00a0€"
    with translation.override("fr"):
        assert money_text(750_000).startswith("7\u202f500") or money_text(750_000).startswith(
            "7\u00a0500"
        )


def test_donation_start_refuses_over_the_cap(fr_party):
    org = fr_party.organization
    data = PersonData(given_name="Ana", email="ana@example.org")
    first = lifecycle.donation_start(
        organization=org, data=data, amount_cents=700_000, method="card", provider="test", donor=FR
    )
    assert lifecycle.donation_paid(donation=first)
    with pytest.raises(lifecycle.DonationRefused) as refused:
        lifecycle.donation_start(
            organization=org, data=data, amount_cents=60_000, method="card", provider="test",
            donor=FR,
        )  # fmt: skip
    assert "7,600\u00a0€" in refused.value.messages[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_cannot_cross_the_french_cap(org_a):
    from turnout.core.tests.concurrency import run_together

    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    data = PersonData(given_name="Ana", email="ana@example.org")
    pending = [
        lifecycle.donation_start(
            organization=org_a,
            data=data,
            amount_cents=400_000,
            method="card",
            provider="test",
            donor=FR,
        )
        for _ in range(2)
    ]
    assert pending[0].person_id == pending[1].person_id

    results = run_together(2, lambda i: lifecycle.donation_paid(donation=pending[i]))

    assert sorted(results) == [False, True]
    statuses = sorted(Donation.objects.filter(organization=org_a).values_list("status", flat=True))
    assert statuses == ["cancelled", "succeeded"]
    cancelled = Donation.objects.get(organization=org_a, status="cancelled")
    # Written by the worker's thread in the site's language (French here): the cap and the
    # total it would have reached, digits grouped its way.
    note = re.sub(r"[\s,.\u202f\u00a0]", "", cancelled.note)
    assert "7500€" in note and "8000€" in note
