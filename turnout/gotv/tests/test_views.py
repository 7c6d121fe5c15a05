"""Workspace pages: what organizers, admins and volunteers see and may do; bad input comes
back next to its field with everything typed kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from turnout.gotv.models import PerkClaim, PerkCode, Placement, ReminderProgram
from turnout.gotv.services import perk_claim
from turnout.people.models import Segment

from .factories import (
    GotvElectionFactory,
    PerkCodeFactory,
    PerkOfferFactory,
    PlacementFactory,
    ReminderProgramFactory,
)
from .helpers import voter

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"gotv:{name}", kwargs={"org_slug": org.slug, **kwargs})


def program_post(election, **extra):
    data = {
        "election": election.pk,
        "email": "on",
        "sms": "on",
        "eve_time": "18:00",
        "day_time": "09:00",
        "time_zone": "Europe/Paris",
        "second_round": "on",
        "eve_subject_fr": "Demain on vote",
        "eve_body_fr": "Bonjour {first_name|}, bureau : {polling_station}",
        "day_subject_fr": "C'est aujourd'hui",
        "day_body_fr": "Ouvert jusqu'à {polls_close}",
    }
    data.update(extra)
    return data


def test_home_shows_programs_perks_and_placements_with_their_figures(client_a, org_a):
    ReminderProgramFactory(organization=org_a)
    offer = PerkOfferFactory(organization=org_a, low_stock_at=5)
    PerkCodeFactory(offer=offer)
    PlacementFactory(organization=org_a, name="Swipe to vote")
    response = client_a.get(url("home", org_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Local elections 2026" in body or "Municipales 2026" in body
    assert "low stock" in body
    assert "Swipe to vote" in body


def test_program_create_keeps_what_was_typed_on_a_bad_placeholder(client_a, org_a):
    election = GotvElectionFactory(organization=org_a)
    data = program_post(election, eve_body_fr="Bonjour {prenom} !")
    response = client_a.post(url("program_create", org_a), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Unknown variable {prenom}" in body
    assert "Bonjour {prenom} !" in body
    assert not ReminderProgram.objects.exists()
    response = client_a.post(url("program_create", org_a), program_post(election))
    program = ReminderProgram.objects.get()
    assert response.status_code == 302
    assert program.eve_text == {
        "fr": {
            "subject": "Demain on vote",
            "body": "Bonjour {first_name|}, bureau : {polling_station}",
        }
    }


def test_program_page_previews_starts_and_subscribes_a_segment(client_a, org_a):
    program = ReminderProgramFactory(organization=org_a, status=ReminderProgram.Status.DRAFT)
    response = client_a.get(url("program", org_a, program_id=program.pk) + "?lang=de")
    body = response.content.decode()
    assert "Ihr Wahllokal: École Jean Jaurès" in body
    # The French default sending hours allow no SMS on Sunday 20 December.
    assert "no SMS on Sundays" in body
    client_a.post(url("program_status", org_a, program_id=program.pk), {"operation": "start"})
    program.refresh_from_db()
    assert program.status == "running"
    voter(org_a, 1)
    segment = Segment.objects.create(organization=org_a, name="Everyone", definition={})
    response = client_a.post(
        url("program", org_a, program_id=program.pk),
        {"segment": segment.pk, "channel": "email", "consent_text": "Paper form, market stall"},
    )
    assert response.status_code == 302
    assert program.subscriptions.count() == 1


def test_offer_editor_shows_the_legal_note_of_the_country(client_a, org_a):
    response = client_a.get(url("offer_create", org_a))
    assert "L106" in response.content.decode()
    response = client_a.post(
        url("offer_create", org_a),
        {"partner_name": "Citymobil", "slug": "ride", "country": "DE", "status": "draft",
         "low_stock_at": 20, "title_fr": ""},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 400
    assert "108b" in body and 'value="Citymobil"' in body


def test_codes_upload_reports_problems_and_a_binary_file_is_refused(client_a, org_a):
    offer = PerkOfferFactory(organization=org_a)
    response = client_a.post(
        url("offer_codes", org_a, offer_id=offer.pk), {"codes": "A-1\nA-1\n\nA-2"}
    )
    body = response.content.decode()
    assert "2 codes added" in body and "appeared twice" in body
    response = client_a.post(
        url("offer_codes", org_a, offer_id=offer.pk),
        {"file": SimpleUploadedFile("codes.csv", b"\x00\x01\x02binary")},
    )
    assert response.status_code == 400
    assert "not a text or CSV file" in response.content.decode()
    assert PerkCode.objects.filter(offer=offer).count() == 2


def test_codes_are_shown_to_admins_only(client, org_a, owner_a, organizer_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCodeFactory(offer=offer, code="SECRET-1234")
    perk_claim(offer=offer, person=voter(org_a))
    client.force_login(organizer_a)
    body = client.get(url("offer", org_a, offer_id=offer.pk)).content.decode()
    assert "SECRET-1234" not in body and "••••234" in body
    client.force_login(owner_a)
    assert "SECRET-1234" in client.get(url("offer", org_a, offer_id=offer.pk)).content.decode()


def test_mark_redeemed_and_the_partner_file(client_a, org_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCodeFactory(offer=offer, code="R-1")
    PerkCodeFactory(offer=offer, code="R-2")
    first = perk_claim(offer=offer, person=voter(org_a, 1))
    perk_claim(offer=offer, person=voter(org_a, 2))
    client_a.post(url("claim_redeem", org_a, claim_id=first.pk))
    response = client_a.post(
        url("offer_redemptions", org_a, offer_id=offer.pk),
        {"file": SimpleUploadedFile("used.csv", b"code\nR-2\nZZZ\n")},
    )
    body = response.content.decode()
    assert "1 code marked as redeemed" in body and "ZZZ" in body
    assert PerkClaim.objects.filter(redeemed_at__isnull=False).count() == 2


def test_volunteers_see_figures_but_change_nothing_and_no_people(client, org_a, volunteer_a):
    offer = PerkOfferFactory(organization=org_a)
    PerkCodeFactory(offer=offer)
    perk_claim(offer=offer, person=voter(org_a))
    client.force_login(volunteer_a)
    assert client.get(url("home", org_a)).status_code == 200
    body = client.get(url("offer", org_a, offer_id=offer.pk)).content.decode()
    assert "Camille0" not in body
    assert client.get(url("offer_create", org_a)).status_code == 403
    assert (
        client.post(url("offer_codes", org_a, offer_id=offer.pk), {"codes": "X"}).status_code == 403
    )
    assert client.get(url("placement_create", org_a)).status_code == 403


def test_placement_form_requires_a_method_for_the_audience(client_a, org_a):
    data = {"partner": "Ouest-Info", "name": "WhatsApp bot", "kind": "newspaper_bot",
            "declared_audience": 50000, "audience_method": "",
            "destination_url": "https://example.org"}  # fmt: skip
    response = client_a.post(url("placement_create", org_a), data)
    assert response.status_code == 400
    assert "how the audience was counted" in response.content.decode()
    data["audience_method"] = "Bot subscribers on 1 March"
    assert client_a.post(url("placement_create", org_a), data).status_code == 302
    assert Placement.objects.get().link_code
