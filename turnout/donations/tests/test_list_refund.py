"""Refunding a donation from its page: admins only, after a confirmation; recorded at once for
the test provider and for gifts entered by hand, asked and awaited for a real provider, a clear
message when the provider refuses or cannot be reached."""

import socket

import pytest
from django.urls import reverse

from turnout.core.models import AuditEvent
from turnout.donations.models import Donation, FundraisingPage, ProviderEvent, Receipt
from turnout.donations.providers.fakeproviders import STRIPE_SECRET_KEY, FakePaymentServer
from turnout.donations.services.receipts import receipt_issue
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.models import Activity

from .factories import DonationFactory, FundraisingPageFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
TEST = {"test": {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend"}}


def refund_url(donation):
    return reverse(
        "donations:donation_refund",
        kwargs={"org_slug": donation.organization.slug, "donation_id": donation.pk},
    )


def detail_url(donation):
    return reverse(
        "donations:donation_detail",
        kwargs={"org_slug": donation.organization.slug, "donation_id": donation.pk},
    )


def stripe(settings, base_url):
    """The test provider and Stripe at ``base_url`` (the fake server, or nobody)."""
    options = {"secret_key": STRIPE_SECRET_KEY, "base_url": base_url}
    backend = "turnout.donations.providers.stripe.StripeBackend"
    settings.TURNOUT_PAYMENT_PROVIDERS = TEST | {"stripe": {"BACKEND": backend, "OPTIONS": options}}


@pytest.fixture
def page(org_a):
    return FundraisingPageFactory(organization=org_a, raised_cents=3500, donation_count=1)


@pytest.fixture
def paid(org_a, page):
    return DonationFactory(organization=org_a, page=page, amount_cents=3500)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_confirmation_first_and_nothing_refunded_by_a_get(client_a, paid):
    page = client_a.get(refund_url(paid)).text
    assert f"Refund 35{NBSP}€" in page and "Keep the donation" in page
    paid.refresh_from_db()
    assert paid.status == Donation.Status.SUCCEEDED and paid.refunded_cents == 0


def test_test_provider_refund_is_recorded_at_once(client_a, owner_a, paid, page, settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = TEST
    receipt = receipt_issue(donation=paid)
    response = client_a.post(refund_url(paid), follow=True)
    assert f"35{NBSP}€ refunded." in messages_of(response)
    assert response.redirect_chain[-1][0] == detail_url(paid)
    paid.refresh_from_db()
    assert (paid.status, paid.refunded_cents) == (Donation.Status.REFUNDED, 3500)
    assert FundraisingPage.objects.get(pk=page.pk).raised_cents == 0
    assert ProviderEvent.objects.filter(event_id=f"test:{paid.pk}:refunded").exists()
    assert Receipt.objects.filter(cancels=receipt, kind="credit").exists()
    assert Activity.objects.filter(person=paid.person, kind=DONATION_MADE).exists()
    event = AuditEvent.objects.get(action="donations.refund_requested")
    assert event.actor == owner_a and event.data["recorded"] is True
    # The page now says so, and offers no second refund.
    assert "Refund</a>" not in response.text and "Refunded" in response.text


def test_a_second_click_refunds_nothing_more(client_a, paid, settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = TEST
    client_a.post(refund_url(paid))
    response = client_a.post(refund_url(paid), follow=True)
    assert "Only a paid donation can be refunded; this one is “Refunded”." in messages_of(response)
    assert ProviderEvent.objects.filter(event_id=f"test:{paid.pk}:refunded").count() == 1


def test_a_real_provider_is_asked_and_its_confirmation_awaited(client_a, org_a, settings):
    donation = DonationFactory(organization=org_a, provider="stripe", provider_id="pi_77")
    with FakePaymentServer() as fake:
        stripe(settings, fake.base_url)
        response = client_a.post(refund_url(donation), follow=True)
        asked = list(fake.refunds)
    assert "waiting for the provider's confirmation" in messages_of(response)
    assert [r["payment_intent"] for r in asked] == ["pi_77"]
    donation.refresh_from_db()
    assert (donation.status, donation.refunded_cents) == (Donation.Status.SUCCEEDED, 0)
    assert AuditEvent.objects.get(action="donations.refund_requested").data["recorded"] is False


def test_a_provider_out_of_reach_changes_nothing(client_a, org_a, settings):
    donation = DonationFactory(organization=org_a, provider="stripe", provider_id="pi_78")
    with socket.socket() as probe:  # a local port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    stripe(settings, f"http://127.0.0.1:{port}")
    response = client_a.post(refund_url(donation), follow=True)
    text = messages_of(response)
    assert f"35{NBSP}€ could not be refunded: Could not reach Stripe. Nothing was changed." in text
    donation.refresh_from_db()
    assert (donation.status, donation.refunded_cents) == (Donation.Status.SUCCEEDED, 0)
    assert not AuditEvent.objects.filter(action="donations.refund_requested").exists()


def test_a_provider_not_set_up_here_is_explained(client_a, org_a, settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = TEST
    donation = DonationFactory(organization=org_a, provider="mollie", provider_id="tr_1")
    response = client_a.post(refund_url(donation), follow=True)
    assert "refund it from the provider's own dashboard" in messages_of(response)


def test_a_gift_entered_by_hand_is_refunded_directly_for_what_is_left(client_a, org_a):
    donation = DonationFactory(
        organization=org_a, provider="offline", provider_id="", method="cheque",
        amount_cents=10000, refunded_cents=4000,
    )  # fmt: skip
    page = client_a.get(refund_url(donation)).text
    assert f"Refund 60{NBSP}€" in page and "give the money back yourself" in page
    response = client_a.post(refund_url(donation), follow=True)
    assert f"60{NBSP}€ refunded." in messages_of(response)
    donation.refresh_from_db()
    assert (donation.status, donation.refunded_cents) == (Donation.Status.REFUNDED, 10000)
    assert AuditEvent.objects.filter(action="donations.refund_recorded").exists()


def test_nothing_to_refund_on_a_failed_donation(client_a, org_a):
    donation = DonationFactory(organization=org_a, status=Donation.Status.FAILED, paid_at=None)
    response = client_a.get(refund_url(donation), follow=True)
    assert "There is nothing to refund on this donation." in messages_of(response)
    response = client_a.post(refund_url(donation), follow=True)
    assert "Only a paid donation can be refunded; this one is “Failed”." in messages_of(response)


def test_organizers_see_no_refund_and_cannot_refund(client, org_a, paid):
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    assert "Refund</a>" not in client.get(detail_url(paid)).text
    assert client.get(refund_url(paid)).status_code == 403
    assert client.post(refund_url(paid)).status_code == 403
    paid.refresh_from_db()
    assert paid.refunded_cents == 0
