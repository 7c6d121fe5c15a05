"""From the donation form to the payment service and back: the pending donation, the test
provider's checkout, the thank-you page, a provider that does not answer, double clicks."""

from __future__ import annotations

import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from turnout.core.tests.concurrency import run_together
from turnout.donations.models import Donation, ProfileKind, Subscription
from turnout.donations.providers import get_payment_backend
from turnout.donations.providers.fakeproviders import FakePaymentServer
from turnout.donations.providers.test import TestPaymentBackend
from turnout.donations.services.lifecycle import DonorDetails
from turnout.donations.services.pages import (
    donation_checkout_start,
    read_return_token,
    return_token,
)
from turnout.people.models import Consent, Person
from turnout.people.services import PersonData

from .pages_helpers import DONOR, FR_ADDRESS, give_url, published_page, text, with_profile

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate limits and checkout addresses of other tests
    yield
    cache.clear()


def give(client, page, lang="fr", **data):
    return client.post(give_url(page, lang=lang), {**DONOR, **data})


def pay_with_test_provider(client, response, outcome="pay"):
    """What the donor does on the test provider's page: press Pay (or Fail)."""
    assert response.status_code == 302, text(response)[:2000]
    checkout = response["Location"]
    assert "/donate/test-checkout/" in checkout
    assert client.get(checkout).status_code == 200
    return client.post(checkout, {"outcome": outcome})


def test_a_gift_goes_to_the_test_provider_then_moves_the_thermometer_and_thanks(
    client, org_a, django_capture_on_commit_callbacks
):
    page = published_page(org_a, thank_you={"en": "Thank you, you make the campaign possible."})
    with django_capture_on_commit_callbacks(execute=True):
        back = pay_with_test_provider(client, give(client, page, lang="en"))
    donation = Donation.objects.get()
    assert (donation.status, donation.amount_cents, donation.page) == ("succeeded", 3500, page)
    assert back.status_code == 302 and "/en/give/" in back["Location"]
    assert "/thanks/" in back["Location"]
    thanks = client.get(back["Location"])
    body = text(thanks)
    assert "Thank you, you make the campaign possible." in body
    assert "Your gift of 35 € is received." in body
    assert "35 € raised of 20,000 €" in body.replace("<strong>", "").replace("</strong>", "")
    assert "1 donor" in body
    page.refresh_from_db()
    assert (page.raised_cents, page.donation_count) == (3500, 1)
    assert "35 €" in text(client.get(give_url(page, lang="en")))


def test_the_success_address_alone_records_nothing(client, org_a):
    page = published_page(org_a)
    give(client, page, lang="en")
    donation = Donation.objects.get()
    # The address the provider would send the donor to, opened without paying.
    token = return_token(donation, monthly=False)
    thanks = client.get(give_url(page, "thanks", lang="en") + "?d=" + token)
    assert thanks.status_code == 200
    assert "is received" not in text(thanks)
    assert "confirming your payment" in text(thanks)
    donation.refresh_from_db()
    page.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert (page.raised_cents, page.donation_count) == (0, 0)
    # A made-up token shows plain thanks.
    forged = client.get(give_url(page, "thanks", lang="en") + "?d=forged")
    assert forged.status_code == 200 and "confirming" not in text(forged)


def test_cancelled_payment_comes_back_to_the_form_prefilled(client, org_a, clock):
    page = published_page(org_a, suggested_cents=[1500, 3500, 5000, 10000])
    given = give(client, page, lang="en", amount="", other_amount="42")
    back = pay_with_test_provider(client, given, outcome="fail")
    assert "cancelled=" in back["Location"]
    response = client.get(back["Location"])
    body = text(response)
    assert "Your payment was cancelled; nothing was charged." in body
    assert 'value="Camille"' in body and 'value="camille@example.org"' in body
    assert 'name="other_amount" value="42"' in body
    assert Donation.objects.get().status == Donation.Status.FAILED
    # A day later, the same address no longer shows the donor's details.
    clock.tick(25 * 3600)
    later = text(client.get(back["Location"]))
    assert 'value="camille@example.org"' not in later


def test_provider_down_keeps_the_input_cancels_the_donation_and_charges_nothing(
    client, org_a, settings
):
    with socket.socket() as probe:  # a local port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.TURNOUT_PAYMENT_PROVIDERS = {
        "stripe": {
            "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
            "OPTIONS": {
                "secret_key": "sk_test_fake",
                "webhook_secret": "whsec_fake",
                "base_url": f"http://127.0.0.1:{closed}",
                "connect_timeout": 1,
            },
        }
    }
    settings.TURNOUT_PAYMENT_PROVIDER = "stripe"
    page = published_page(org_a)
    response = give(client, page, lang="en", amount="", other_amount="27,50", consent="on")
    assert response.status_code == 503
    body = text(response)
    assert "The payment service is not answering; nothing was charged." in body
    assert 'name="other_amount" value="27,50"' in body
    assert 'value="camille@example.org"' in body
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.CANCELLED
    assert "Stripe" in donation.note  # the provider's own words, for staff
    page.refresh_from_db()
    assert (page.raised_cents, page.donation_count) == (0, 0)


def test_provider_answering_500_is_the_same_message(client, org_a, settings, monkeypatch):
    with FakePaymentServer() as fake:
        settings.TURNOUT_PAYMENT_PROVIDERS = {
            "stripe": {
                "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
                "OPTIONS": fake.options("stripe"),
            }
        }
        settings.TURNOUT_PAYMENT_PROVIDER = "stripe"

        def broken(handler, method, path, body):
            handler._reply(500, {"error": {"message": "internal"}})

        monkeypatch.setattr(fake, "handle", broken)
        page = published_page(org_a)
        response = give(client, page, lang="en")
    assert response.status_code == 503
    assert "nothing was charged" in text(response)
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.CANCELLED
    assert "HTTP 500" in donation.note


def test_stripe_checkout_gets_absolute_return_addresses(client, org_a, settings):
    with FakePaymentServer() as fake:
        settings.TURNOUT_PAYMENT_PROVIDERS = {
            "stripe": {
                "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
                "OPTIONS": fake.options("stripe"),
            }
        }
        settings.TURNOUT_PAYMENT_PROVIDER = "stripe"
        settings.SITE_URL = "https://dons.example.org"
        page = published_page(org_a)
        response = give(client, page, lang="en")
        session = next(iter(fake.sessions.values()))
    assert response.status_code == 302
    assert response["Location"] == session["url"]
    form = session["form"]
    assert form["success_url"].startswith(
        f"https://dons.example.org/en/give/{page.slug}/thanks/?d="
    )
    assert form["cancel_url"].startswith(
        f"https://dons.example.org/en/give/{page.slug}/?cancelled="
    )
    token = parse_qs(urlsplit(form["success_url"]).query)["d"][0]
    assert read_return_token(token)["d"] == Donation.objects.get().pk


def test_a_double_click_makes_one_pending_donation_and_one_checkout(client, org_a):
    page = published_page(org_a)
    first = give(client, page)
    second = give(client, page)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Donation.objects.count() == 1
    other_amount = give(client, page, amount="5000")
    assert other_amount.status_code == 302
    assert Donation.objects.count() == 2


def test_the_same_gift_a_minute_later_is_a_new_donation(client, org_a, clock):
    page = published_page(org_a)
    give(client, page)
    clock.tick(61)
    give(client, page)
    assert Donation.objects.filter(status="pending").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_make_one_pending_donation(org_a):
    page = published_page(org_a)
    backend = get_payment_backend()

    def submit(_index):
        return donation_checkout_start(
            page=page,
            data=PersonData(
                given_name="Camille", family_name="Martin", email="camille@example.org"
            ),
            amount_cents=3500,
            donor=DonorDetails(),
            backend=backend,
        ).donation.pk

    ids = run_together(4, submit)
    assert len(set(ids)) == 1
    assert Donation.objects.filter(status="pending").count() == 1
    assert Person.objects.filter(organization=org_a).count() == 1


def test_attribution_and_consent_are_stored_with_the_gift(client, org_a):
    page = published_page(org_a)
    landing = client.get(give_url(page, lang="en") + "?source=newsletter-nov&utm_source=facebook"
                         "&utm_medium=social&utm_campaign=fin-annee")  # fmt: skip
    body = text(landing)
    assert 'name="source" value="newsletter-nov"' in body
    assert 'name="utm_campaign" value="fin-annee"' in body
    response = give(
        client,
        page,
        lang="en",
        source="newsletter-nov",
        utm_source="facebook",
        utm_medium="social",
        utm_campaign="fin-annee",
        consent="on",
    )
    assert response.status_code == 302
    donation = Donation.objects.get()
    stored = (donation.source_code, donation.utm_source, donation.utm_medium)
    assert stored == ("newsletter-nov", "facebook", "social")
    assert donation.utm_campaign == "fin-annee"
    consent = Consent.objects.get(person=donation.person, current=True)
    assert consent.status == Consent.Status.GRANTED
    assert "Voix Citoyennes may keep me informed by email" in consent.notice_text
    assert consent.source_ref == f"donation-page:{page.slug}"


def test_no_consent_box_ticked_records_no_consent(client, org_a):
    page = published_page(org_a)
    give(client, page)
    assert not Consent.objects.exists()


def test_over_the_rate_limit_the_connection_is_told_to_wait(client, org_a, monkeypatch):
    from turnout.donations import views_pages_public

    monkeypatch.setattr(views_pages_public, "RATE_LIMIT", (2, 600))
    page = published_page(org_a)
    answers = [give(client, page, amount=str(a)).status_code for a in (1500, 3500, 5000)]
    assert answers == [302, 302, 429]
    assert Donation.objects.count() == 2


def test_a_monthly_gift_sets_up_its_monthly_gift_and_thanks_for_it(
    client, org_a, django_capture_on_commit_callbacks
):
    page = published_page(org_a, allow_monthly=True)
    response = client.post(give_url(page, lang="en"), {**DONOR, "frequency": "monthly"})
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert TestPaymentBackend.read_token(token)["m"] is True
    donation = Donation.objects.get()
    assert donation.subscription.status == Subscription.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        back = pay_with_test_provider(client, response)
    donation.subscription.refresh_from_db()
    assert donation.subscription.status == Subscription.Status.ACTIVE
    thanks = text(client.get(back["Location"]))
    assert "Your gift of 35 € a month is received." in thanks
    assert "a summary of your monthly gifts" in thanks


def test_a_closed_page_takes_no_gift(client, org_a):
    page = published_page(org_a, status="closed")
    response = give(client, page)
    assert response.status_code == 400
    assert not Donation.objects.exists()


def test_fr_party_gift_with_the_details_the_law_asks(client, org_a):
    with_profile(org_a, ProfileKind.FR_PARTY)
    page = published_page(org_a)
    response = give(client, page, **FR_ADDRESS)
    assert response.status_code == 302, text(response)[:3000]
    donation = Donation.objects.get()
    assert (donation.natural_person, donation.nationality) == (True, "FR")
    assert donation.tax_address == {
        "lines": "12 rue des Lilas", "postal_code": "35000", "locality": "Rennes", "country": "FR",
    }  # fmt: skip
    person = donation.person
    assert person.addresses.get().postal_code == "35000"
