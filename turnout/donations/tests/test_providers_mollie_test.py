"""Mollie (webhook with only an id, status fetched from the API) and the local test provider
(a checkout page with Pay and Fail, no money moves)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from turnout.donations.models import Donation, ProviderEvent, Subscription
from turnout.donations.providers import get_payment_backend
from turnout.donations.providers.fakeproviders import FakePaymentServer

from .factories import FundraisingPageFactory
from .providers_helpers import counting_paid_hook, pending

pytestmark = [pytest.mark.django_db]

HOOK = "/hooks/donations/mollie/"


@pytest.fixture
def fake(settings):
    with FakePaymentServer() as server:
        settings.TURNOUT_PAYMENT_PROVIDERS = {
            "test": {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend"},
            "mollie": {
                "BACKEND": "turnout.donations.providers.mollie.MollieBackend",
                "OPTIONS": server.options("mollie"),
            },
        }
        yield server


def start(fake, donation) -> str:
    url = get_payment_backend("mollie").create_checkout(
        donation, success_url="https://s/ok", cancel_url="https://s/no", monthly=False
    )
    assert url.startswith("https://www.mollie.test/checkout/")
    (payment_id,) = fake.payments
    return payment_id


def test_mollie_payment_is_created_with_amount_urls_and_metadata(fake, org_a):
    donation = pending(org_a, provider="mollie", amount_cents=3500)
    payment = fake.payments[start(fake, donation)]
    assert payment["amount"] == {"currency": "EUR", "value": "35.00"}
    assert payment["redirectUrl"] == "https://s/ok"
    assert payment["webhookUrl"] == "https://turnout.example/hooks/donations/mollie/"
    assert payment["metadata"]["donation_id"] == str(donation.pk)


def test_mollie_flow_believes_the_fetched_status_once(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    page = FundraisingPageFactory(organization=org_a)
    donation = pending(org_a, provider="mollie", page=page, amount_cents=2550)
    payment_id = start(fake, donation)
    # Still open: nothing happens yet.
    assert client.post(HOOK, {"id": payment_id}).status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    fake.mollie_set(payment_id, status="paid")
    with counting_paid_hook() as calls, django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            assert client.post(HOOK, {"id": payment_id}).status_code == 200
    donation.refresh_from_db()
    assert (donation.status, donation.provider_id) == (Donation.Status.SUCCEEDED, payment_id)
    assert calls == [donation.pk]
    page.refresh_from_db()
    assert page.raised_cents == 2550
    # A partial refund, reported by the next webhook call as amountRefunded.
    fake.mollie_refund(payment_id, 550)
    client.post(HOOK, {"id": payment_id})
    client.post(HOOK, {"id": payment_id})
    donation.refresh_from_db()
    assert donation.refunded_cents == 550
    page.refresh_from_db()
    assert page.raised_cents == 2000
    # Our own refund goes through the API; its webhook then records the total.
    donation.refresh_from_db()
    get_payment_backend("mollie").refund(donation)
    client.post(HOOK, {"id": payment_id})
    donation.refresh_from_db()
    assert (donation.status, donation.refunded_cents) == (Donation.Status.REFUNDED, 2550)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("failed", "failed"), ("canceled", "cancelled"), ("expired", "cancelled")],
)
def test_mollie_failed_canceled_expired(client, fake, org_a, status, expected):
    donation = pending(org_a, provider="mollie")
    payment_id = start(fake, donation)
    fake.mollie_set(payment_id, status=status)
    assert client.post(HOOK, {"id": payment_id}).status_code == 200
    donation.refresh_from_db()
    assert donation.status == expected


def test_mollie_unknown_id_answers_200_and_records_nothing(client, fake):
    assert client.post(HOOK, {"id": "tr_doesnotexist"}).status_code == 200
    assert client.post(HOOK, {}).status_code == 400
    assert not ProviderEvent.objects.exists()


def test_mollie_unreachable_asks_for_a_retry(client, settings, org_a):
    settings.TURNOUT_PAYMENT_PROVIDERS = {
        "mollie": {
            "BACKEND": "turnout.donations.providers.mollie.MollieBackend",
            "OPTIONS": {"api_key": "k", "base_url": "http://127.0.0.1:9", "connect_timeout": 1},
        }
    }
    assert client.post(HOOK, {"id": "tr_x"}).status_code == 503
    assert not ProviderEvent.objects.exists()


# -- the local test provider ------------------------------------------------------------------


def checkout_url(donation, monthly=False):
    return get_payment_backend("test").create_checkout(
        donation, success_url="/en/thanks/", cancel_url="/en/sorry/", monthly=monthly
    )


def test_test_provider_is_the_default_and_says_no_money_moves(client, org_a):
    backend = get_payment_backend()
    assert backend.name == "test" and backend.is_test
    donation = pending(org_a, provider="test")
    response = client.get(checkout_url(donation))
    assert response.status_code == 200
    assert "Test payments — no money moves" in response.content.decode()
    assert b'value="pay"' in response.content and b'value="fail"' in response.content


def test_test_provider_pay_records_the_payment_once(
    client, org_a, django_capture_on_commit_callbacks
):
    donation = pending(org_a, provider="test")
    url = checkout_url(donation)
    with counting_paid_hook() as calls, django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"outcome": "pay"})
        second = client.post(url, {"outcome": "pay"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == "/en/thanks/"
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED
    assert calls == [donation.pk]


def test_test_provider_fail_and_monthly(client, org_a):
    failing = pending(org_a, provider="test")
    response = client.post(checkout_url(failing), {"outcome": "fail"})
    assert response["Location"] == "/en/sorry/"
    failing.refresh_from_db()
    assert failing.status == Donation.Status.FAILED
    monthly = pending(org_a, provider="test")
    client.post(checkout_url(monthly, monthly=True), {"outcome": "pay"})
    subscription = Subscription.objects.get(provider="test")
    assert subscription.status == Subscription.Status.ACTIVE
    assert list(subscription.payments.all()) == [monthly]


def test_test_provider_refund_records_it(org_a, client):
    donation = pending(org_a, provider="test")
    client.post(checkout_url(donation), {"outcome": "pay"})
    donation.refresh_from_db()
    get_payment_backend("test").refund(donation)
    donation.refresh_from_db()
    assert donation.status == Donation.Status.REFUNDED


def test_test_checkout_with_a_forged_token_is_not_found(client, org_a):
    donation = pending(org_a, provider="test")
    url = checkout_url(donation)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("donation_test:checkout", kwargs={"token": token[:-2] + "xx"})
    assert client.get(forged).status_code == 404
    assert client.post(forged, {"outcome": "pay"}).status_code == 404
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
