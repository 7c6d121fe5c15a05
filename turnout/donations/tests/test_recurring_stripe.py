"""Monthly gifts with Stripe: a month's failed invoice, Stripe's retries of it, the month paid
after all, a subscription ended at Stripe, and stopping one from our side."""

from __future__ import annotations

import pytest
from django.utils import translation

from turnout.donations.models import Donation, ProviderEvent, Subscription
from turnout.donations.providers.base import PaymentError
from turnout.donations.providers.fakeproviders import stripe_event
from turnout.donations.services.subscriptions import subscription_cancel

from .factories import DonationFactory, SubscriptionFactory
from .recurring_helpers import STRIPE_HOOK, fake_providers, providers, timeline

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _in_english(settings):
    """Timeline lines are written in the language active when the event arrives: webhooks
    carry no language, so the site's default one."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _providers(settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = providers()


@pytest.fixture
def monthly(org_a):
    subscription = SubscriptionFactory(
        organization=org_a, provider="stripe", provider_id="sub_1", amount_cents=2000
    )
    DonationFactory(
        organization=org_a,
        person=subscription.person,
        subscription=subscription,
        provider="stripe",
        provider_id="pi_first",
        amount_cents=2000,
        method=Donation.Method.SEPA,
    )
    return subscription


def post(client, kind, obj, event_id):
    body, signature = stripe_event(kind, obj, event_id=event_id)
    return client.post(
        STRIPE_HOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def invoice(number: str, **extra) -> dict:
    return {
        "id": f"in_{number}",
        "object": "invoice",
        "subscription": "sub_1",
        "customer": "cus_1",
        "billing_reason": "subscription_cycle",
        "amount_due": 2000,
        "amount_paid": 0,
        "currency": "eur",
        **extra,
    }


def test_a_failed_invoice_is_a_failed_month_once(client, monthly):
    for attempt in range(3):  # Stripe retries the same invoice: three events, one month
        response = post(
            client, "invoice.payment_failed", invoice("2", attempt_count=attempt + 1), f"f{attempt}"
        )
        assert response.status_code == 200
    monthly.refresh_from_db()
    assert monthly.status == Subscription.Status.PAST_DUE
    assert monthly.last_failed_at is not None
    failed = monthly.payments.get(status=Donation.Status.FAILED)
    assert (failed.provider_id, failed.amount_cents, failed.method) == ("in_2", 2000, "sepa")
    assert failed.paid_at is None
    assert timeline(monthly.person, "failed") == ["Monthly gift of 20 € failed"]
    assert ProviderEvent.objects.filter(outcome="applied").count() == 1
    # Stripe's next retry succeeds: the same month is paid, the gift active again.
    paid = invoice("2", amount_paid=2000, payment_intent="pi_2")
    assert post(client, "invoice.paid", paid, "p1").status_code == 200
    monthly.refresh_from_db()
    failed.refresh_from_db()
    assert monthly.status == Subscription.Status.ACTIVE
    assert (failed.status, failed.provider_id) == (Donation.Status.SUCCEEDED, "pi_2")
    assert monthly.payments.count() == 2


def test_the_first_invoice_failing_is_left_to_the_checkout(client, monthly):
    first = invoice("0", billing_reason="subscription_create")
    assert post(client, "invoice.payment_failed", first, "f0").status_code == 200
    monthly.refresh_from_db()
    assert monthly.status == Subscription.Status.ACTIVE
    assert ProviderEvent.objects.get().outcome == ProviderEvent.Outcome.IGNORED


def test_a_failed_invoice_of_an_unknown_subscription_is_retried(client, monthly):
    other = invoice("9", subscription="sub_unknown")
    assert post(client, "invoice.payment_failed", other, "u1").status_code == 503
    assert not ProviderEvent.objects.exists()


def test_the_new_invoice_shape_names_the_subscription_under_parent(client, monthly):
    obj = invoice("3", subscription=None)
    obj["parent"] = {"subscription_details": {"subscription": "sub_1"}}
    post(client, "invoice.payment_failed", obj, "n1")
    monthly.refresh_from_db()
    assert monthly.status == Subscription.Status.PAST_DUE


def test_ended_at_stripe_with_its_reason(client, monthly):
    deleted = {
        "id": "sub_1",
        "object": "subscription",
        "status": "canceled",
        "cancellation_details": {"reason": "payment_failed"},
    }
    for _n in range(2):
        post(client, "customer.subscription.deleted", deleted, "d1")
    post(client, "customer.subscription.deleted", deleted, "d2")  # another event, same end
    monthly.refresh_from_db()
    assert monthly.status == Subscription.Status.CANCELLED
    assert monthly.cancel_reason == "payments kept failing"
    assert timeline(monthly.person, "stopped") == [
        "Monthly gift of 20 € stopped (payments kept failing)"
    ]


def test_stopping_calls_delete_at_stripe_then_its_event_changes_nothing(client, settings, monthly):
    with fake_providers(settings) as fake:
        fake.stripe_subscription("sub_1")
        assert subscription_cancel(subscription=monthly, reason="Moved abroad") is True
        assert ("DELETE", "/v1/subscriptions/sub_1") in fake.requests
        assert fake.stripe_subscriptions["sub_1"]["status"] == "canceled"
    monthly.refresh_from_db()
    assert (monthly.status, monthly.cancel_reason) == ("cancelled", "Moved abroad")
    # Stripe then reports the deletion: already recorded, nothing more on the timeline.
    deleted = {"id": "sub_1", "cancellation_details": {"reason": "cancellation_requested"}}
    assert post(client, "customer.subscription.deleted", deleted, "d3").status_code == 200
    monthly.refresh_from_db()
    assert monthly.cancel_reason == "Moved abroad"
    assert len(timeline(monthly.person, "stopped")) == 1


def test_a_subscription_stripe_no_longer_has_is_stopped_here(settings, monthly):
    with fake_providers(settings):  # the fake Stripe does not know sub_1: 404
        assert subscription_cancel(subscription=monthly, reason="Gone") is True
    monthly.refresh_from_db()
    assert monthly.status == Subscription.Status.CANCELLED


def test_stripe_down_when_stopping_changes_nothing(settings, monthly):
    with fake_providers(settings) as fake:
        fake.outage = True
        with pytest.raises(PaymentError, match="unavailable"):
            subscription_cancel(subscription=monthly, reason="Moved abroad")
    monthly.refresh_from_db()
    assert monthly.status == Subscription.Status.ACTIVE
    assert timeline(monthly.person, "stopped") == []
