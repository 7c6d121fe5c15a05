"""The legal profile page (admins) and offline donations (organizers), as staff use them."""

import datetime

import pytest
from django.urls import reverse

from turnout.core.models import AuditEvent
from turnout.donations import _labels_limits
from turnout.donations.models import Donation, LegalProfile, ProfileKind
from turnout.donations.services.offline import parse_amount
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.tests.factories import EmailAddressFactory

from .factories import DonationFactory, LegalProfileFactory

pytestmark = [pytest.mark.django_db]


def url(name, org):
    return reverse(f"donations:{name}", kwargs={"org_slug": org.slug})


def page_text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


@pytest.fixture
def organizer_client(client, org_a):
    user = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(user)
    return client


# --- Amount parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [("35", 3500), ("35,50", 3550), ("35.5", 3550), (" 1 000,00 € ", 100_000), ("0,01", 1)],
)
def test_amounts_typed_as_people_type_them(text, cents):
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "above zero"),
        ("0,00", "above zero"),
        ("-5", "above zero"),
        ("35,505", "at most two decimals"),
        ("abc", "in euros"),
        ("", "in euros"),
        ("1000000,01", "check the amount"),
    ],
)
def test_bad_amounts_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueError, match=message):
        parse_amount(text)


# --- Legal profile --------------------------------------------------------------------------


def test_admin_sets_the_profile_and_sees_the_rules_in_force(client_a, org_a):
    response = client_a.get(url("settings_profile", org_a))
    assert response.status_code == 200
    assert "No legal limit applies" in page_text(response)

    response = client_a.post(
        url("settings_profile", org_a),
        {"kind": "fr_party", "legal_name": "Association de financement VC", "treasurer": "Jo"},
    )
    assert response.status_code == 302
    profile = LegalProfile.objects.get(organization=org_a)
    assert profile.kind == ProfileKind.FR_PARTY and profile.treasurer == "Jo"
    event = AuditEvent.objects.get(organization=org_a, action="donations.legal_profile_changed")
    assert event.action in _labels_limits.LABELS

    text = page_text(client_a.get(url("settings_profile", org_a)))
    assert "Most a person may give in a calendar year" in text and "7,500 €" in text
    assert "Largest gift in cash" in text and "150 €" in text
    assert "legifrance.gouv.fr" in text


def test_candidate_needs_an_election_date_and_nothing_typed_is_lost(client_a, org_a):
    response = client_a.post(
        url("settings_profile", org_a),
        {"kind": "fr_candidate", "election_name": "Municipales 2027", "legal_name": "Marie D."},
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "give its date" in text
    assert "Municipales 2027" in text and "Marie D." in text
    assert not LegalProfile.objects.filter(organization=org_a).exists()


def test_the_rules_shown_follow_the_dated_configuration(client_a, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.DE_PARTY)
    text = page_text(client_a.get(url("settings_profile", org_a)))
    assert "35,000 €" in text  # the 2024 threshold, not the older 50,000 €
    assert "50,000 €" not in text


@pytest.mark.parametrize(("role", "status"), [(Role.ADMIN, 200), (Role.ORGANIZER, 403)])
def test_only_admins_change_the_profile(client, org_a, role, status):
    client.force_login(MembershipFactory(organization=org_a, role=role).user)
    assert client.get(url("settings_profile", org_a)).status_code == status


def test_another_organization_is_not_found(client_a, org_b):
    assert client_a.get(url("settings_profile", org_b)).status_code == 404
    assert client_a.get(url("offline_list", org_b)).status_code == 404


# --- Offline donations ----------------------------------------------------------------------


def offline_post(**overrides):
    data = {
        "email": "ana@example.org",
        "given_name": "Ana",
        "family_name": "Martin",
        "amount": "35,50",
        "method": "cheque",
        "received_on": "2026-11-20",
        "natural_person": "on",
        "nationality": "fr",
        "note": "Stand du marché",
    }
    data.update(overrides)
    return data


def test_organizer_records_a_cheque(organizer_client, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    response = organizer_client.post(url("offline_new", org_a), offline_post())
    assert response.status_code == 302
    donation = Donation.objects.get(organization=org_a)
    assert donation.status == Donation.Status.SUCCEEDED
    assert donation.amount_cents == 3550 and donation.method == "cheque"
    assert donation.provider == "offline" and donation.nationality == "FR"
    assert donation.paid_at.date() == datetime.date(2026, 11, 20)
    assert donation.note == "Stand du marché"
    assert AuditEvent.objects.filter(action="donations.offline_recorded").exists()

    text = page_text(organizer_client.get(url("offline_list", org_a)))
    assert "Ana Martin" in text and "35.50 €" in text and "Paid" in text


def test_existing_person_is_found_by_email_and_matched(organizer_client, org_a):
    known = EmailAddressFactory(person__organization=org_a, address="bea@example.org").person
    text = page_text(organizer_client.get(url("offline_new", org_a) + "?q=bea@"))
    assert "bea@example.org" in text and str(known) in text
    prefilled = organizer_client.get(url("offline_new", org_a) + "?email=bea@example.org")
    assert 'value="bea@example.org"' in prefilled.content.decode()
    organizer_client.post(
        url("offline_new", org_a), offline_post(email="bea@example.org", given_name="")
    )
    assert Donation.objects.get(organization=org_a).person == known


def test_search_does_not_show_other_tenants(organizer_client, org_a, org_b):
    EmailAddressFactory(person__organization=org_b, address="secret@example.org")
    assert "secret@example.org" not in page_text(
        organizer_client.get(url("offline_new", org_a) + "?q=secret")
    )


def test_refusal_is_shown_with_everything_kept(organizer_client, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    response = organizer_client.post(
        url("offline_new", org_a), offline_post(amount="200", method="cash")
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "A gift in cash to a political party in France may not exceed 150 €" in text
    assert 'value="200"' in text and 'value="ana@example.org"' in text and "Stand du marché" in text
    assert not Donation.objects.filter(organization=org_a).exists()


def test_yearly_cap_counts_earlier_gifts_of_the_person(organizer_client, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    organizer_client.post(url("offline_new", org_a), offline_post(amount="7000"))
    response = organizer_client.post(url("offline_new", org_a), offline_post(amount="600"))
    assert response.status_code == 400
    assert "you would reach 7,600 €" in page_text(response)
    assert Donation.objects.filter(organization=org_a).count() == 1


def test_the_cap_of_the_year_received_applies(organizer_client, org_a):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_PARTY)
    person = EmailAddressFactory(person__organization=org_a, address="ana@example.org").person
    DonationFactory(
        organization=org_a, person=person, amount_cents=700_000,
        paid_at=datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC),
    )  # fmt: skip
    response = organizer_client.post(
        url("offline_new", org_a), offline_post(amount="600", received_on="2025-12-20")
    )
    assert response.status_code == 400
    assert "you would reach 7,600 €" in page_text(response)
    assert Donation.objects.filter(organization=org_a).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount": "0"}, "above zero"),
        ({"amount": "-3"}, "above zero"),
        ({"amount": "12,345"}, "at most two decimals"),
        ({"amount": "2000000"}, "check the amount"),
        ({"received_on": "2026-12-01"}, "cannot be in the future"),
        ({"email": "", "given_name": "", "family_name": ""}, "Say who gave"),
        ({"nationality": "France"}, "two-letter country code"),
        ({"method": "card"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_and_kept(organizer_client, org_a, overrides, message):
    response = organizer_client.post(url("offline_new", org_a), offline_post(**overrides))
    assert response.status_code == 400
    text = page_text(response)
    assert message in text
    assert "Stand du marché" in text
    assert not Donation.objects.exists()


def test_volunteers_cannot_enter_donations(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user)
    assert client.get(url("offline_new", org_a)).status_code == 403
    assert client.get(url("offline_list", org_a)).status_code == 403


def test_list_shows_only_this_organizations_offline_gifts(organizer_client, org_a, org_b):
    DonationFactory(organization=org_b, provider="offline", provider_id="", amount_cents=4242)
    DonationFactory(organization=org_a, provider="stripe", amount_cents=4343)
    text = page_text(organizer_client.get(url("offline_list", org_a)))
    assert "42.42" not in text and "43.43" not in text
    assert "No donation entered by hand yet" in text


def test_every_audit_code_has_a_label():
    assert set(_labels_limits.LABELS) == {
        "donations.legal_profile_changed",
        "donations.offline_recorded",
    }
