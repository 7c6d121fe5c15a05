"""Monthly gifts with Mollie, end to end against the local fake Mollie: the customer and the
first payment, the subscription created once after the first payment is paid (however many
times the webhook comes, and if the process died before our save), later months paid or
failed, and stopping."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from turnout.core.tests.concurrency import run_together
from turnout.donations import hooks_receipts  # noqa: F401  (the paid hook, as ready() does)
from turnout.donations.models import Donation, ProviderEvent, Receipt, Subscription
from turnout.donations.providers import get_payment_backend
from turnout.donations.providers.base import PaymentError
from turnout.donations.providers.mollie import MollieBackend
from turnout.donations.services.receipts import receipts_annual
from turnout.donations.services.subscriptions import (
    subscription_cancel,
    subscription_provider_create,
    subscriptions_provider_retry,
)
from turnout.organizations.tests.factories import OrganizationFactory

from .providers_helpers import counting_paid_hook
from .recurring_helpers import MOLLIE_HOOK, calls, fake_providers, start_monthly, timeline

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _in_english(settings):
    """Timeline lines are written in the language active when the event arrives: webhooks
    carry no language, so the site's default one."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def fake(settings):
    with fake_providers(settings) as server:
        yield server


def paid_first_month(client, fake, org, capture, *, deliveries=1):
    donation, _url = start_monthly(org)
    (payment_id,) = fake.payments
    fake.mollie_set(payment_id, status="paid")
    with capture(execute=True):
        for _n in range(deliveries):
            assert client.post(MOLLIE_HOOK, {"id": payment_id}).status_code == 200
    donation.refresh_from_db()
    return donation, donation.subscription


def test_checkout_creates_the_customer_and_a_first_payment(fake, org_a):
    donation, url = start_monthly(org_a, amount_cents=1500)
    assert url.startswith("https://www.mollie.test/checkout/")
    (customer,) = fake.customers.values()
    assert (customer["name"], customer["email"]) == ("Ana Martin", "ana@example.org")
    (payment,) = fake.payments.values()
    assert payment["sequenceType"] == "first"
    assert payment["customerId"] == customer["id"]
    assert payment["amount"] == {"currency": "EUR", "value": "15.00"}
    assert payment["metadata"]["donation_id"] == str(donation.pk)
    assert payment["metadata"]["monthly"] is True
    donation.refresh_from_db()
    subscription = donation.subscription
    assert subscription.status == Subscription.Status.PENDING
    assert (subscription.customer_id, subscription.provider_id) == (customer["id"], "")
    assert subscription.amount_cents == 1500
    # Nothing is created at Mollie before the first payment is paid.
    assert fake.subscriptions == {}


def test_the_first_payment_paid_three_times_creates_one_subscription(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    with counting_paid_hook() as paid:
        donation, subscription = paid_first_month(
            client, fake, org_a, django_capture_on_commit_callbacks, deliveries=3
        )
    assert donation.status == Donation.Status.SUCCEEDED
    assert paid == [donation.pk]
    assert subscription.status == Subscription.Status.ACTIVE
    (created,) = fake.subscriptions.values()
    assert calls(fake, "POST", "/subscriptions") == 1
    assert subscription.provider_id == created["id"]
    assert created["customerId"] == subscription.customer_id
    assert created["amount"] == {"currency": "EUR", "value": "10.00"}
    assert created["interval"] == "1 month"
    assert created["startDate"] == "2026-12-24"  # a month after the first payment
    assert created["webhookUrl"] == "https://turnout.example/hooks/donations/mollie/"
    assert created["metadata"]["subscription_id"] == str(subscription.pk)
    assert str(subscription.pk) in created["description"]
    # The donor is told it started, once, with the link to stop it.
    (started,) = [m for m in mail.outbox if "monthly gift" in m.subject]
    assert "/monthly/" in started.body and "10 €" in started.body.replace("\u00a0", " ")


def test_creating_again_never_makes_a_second_mollie_subscription(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    _donation, subscription = paid_first_month(
        client, fake, org_a, django_capture_on_commit_callbacks
    )
    mollie_id = subscription.provider_id
    assert subscription_provider_create(subscription_id=subscription.pk) == mollie_id
    # The process died after Mollie's answer, before our save: the retry finds it at Mollie.
    Subscription.objects.filter(pk=subscription.pk).update(provider_id="")
    assert subscription_provider_create(subscription_id=subscription.pk) == mollie_id
    # Even when Mollie's list does not show it, the same Idempotency-Key gets the same one.
    Subscription.objects.filter(pk=subscription.pk).update(provider_id="")
    fake.subscriptions[mollie_id]["metadata"] = {}
    assert subscription_provider_create(subscription_id=subscription.pk) == mollie_id
    assert len(fake.subscriptions) == 1


def test_mollie_down_after_the_first_payment_is_caught_up_later(
    client, fake, org_a, django_capture_on_commit_callbacks, monkeypatch
):
    real = MollieBackend.create_subscription

    def unavailable(self, subscription, *, start_date):
        raise PaymentError("Mollie is unavailable (HTTP 503).", transient=True)

    monkeypatch.setattr(MollieBackend, "create_subscription", unavailable)
    donation, subscription = paid_first_month(
        client, fake, org_a, django_capture_on_commit_callbacks
    )
    assert donation.status == Donation.Status.SUCCEEDED  # the payment is kept
    assert (subscription.status, subscription.provider_id) == ("active", "")
    monkeypatch.setattr(MollieBackend, "create_subscription", real)
    # Too early for the periodic run: the on-commit task may still be at work.
    assert subscriptions_provider_retry()["created"] == 0
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert subscriptions_provider_retry(now=later) == {"created": 1, "failed": 0}
    subscription.refresh_from_db()
    assert subscription.provider_id == next(iter(fake.subscriptions))
    assert subscriptions_provider_retry(now=later) == {"created": 0, "failed": 0}


def test_a_month_paid_is_a_new_donation_once(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    first, subscription = paid_first_month(client, fake, org_a, django_capture_on_commit_callbacks)
    payment_id = fake.mollie_recurring(subscription.provider_id, status="paid")
    with counting_paid_hook() as paid, django_capture_on_commit_callbacks(execute=True):
        for _n in range(3):
            assert client.post(MOLLIE_HOOK, {"id": payment_id}).status_code == 200
    month = Donation.objects.get(provider="mollie", provider_id=payment_id)
    assert (month.subscription, month.status, month.amount_cents) == (
        subscription,
        Donation.Status.SUCCEEDED,
        1000,
    )
    assert month.person == first.person and month.pk != first.pk
    assert paid == [month.pk]
    assert ProviderEvent.objects.filter(event_id=f"{payment_id}:paid").count() == 1
    # Monthly payments are receipted once, by the year's summary: this one counts once.
    assert not Receipt.objects.filter(donation=month).exists()
    Donation.objects.filter(subscription=subscription).update(
        paid_at=timezone.make_aware(datetime.datetime(2025, 5, 1, 12))
    )
    (summary,) = receipts_annual(organization=org_a, year=2025)
    assert summary.amount_cents == 2000 and len(summary.data["payments"]) == 2


def test_a_month_failed_then_paid(client, fake, org_a, django_capture_on_commit_callbacks):
    first, subscription = paid_first_month(client, fake, org_a, django_capture_on_commit_callbacks)
    failed_id = fake.mollie_recurring(subscription.provider_id, status="failed")
    for _n in range(2):
        assert client.post(MOLLIE_HOOK, {"id": failed_id}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PAST_DUE
    assert subscription.last_failed_at is not None
    failed = Donation.objects.get(provider_id=failed_id)
    assert (failed.status, failed.subscription) == (Donation.Status.FAILED, subscription)
    assert timeline(first.person, "failed") == ["Monthly gift of 10 € failed"]
    paid_id = fake.mollie_recurring(subscription.provider_id, status="paid")
    client.post(MOLLIE_HOOK, {"id": paid_id})
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    assert subscription.payments.filter(status=Donation.Status.SUCCEEDED).count() == 2


def test_a_month_naming_a_subscription_we_did_not_save_is_still_recorded(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    _first, subscription = paid_first_month(client, fake, org_a, django_capture_on_commit_callbacks)
    mollie_id = subscription.provider_id
    Subscription.objects.filter(pk=subscription.pk).update(provider_id="")
    payment_id = fake.mollie_recurring(mollie_id, status="paid")
    assert client.post(MOLLIE_HOOK, {"id": payment_id}).status_code == 200
    subscription.refresh_from_db()
    assert subscription.provider_id == mollie_id  # the customer's only monthly gift
    assert Donation.objects.get(provider_id=payment_id).subscription == subscription


def test_stopping_calls_delete_at_mollie(client, fake, org_a, django_capture_on_commit_callbacks):
    first, subscription = paid_first_month(client, fake, org_a, django_capture_on_commit_callbacks)
    path = f"/v2/customers/{subscription.customer_id}/subscriptions/{subscription.provider_id}"
    assert subscription_cancel(subscription=subscription, reason="Asked by phone") is True
    assert ("DELETE", path) in fake.requests
    assert fake.subscriptions[subscription.provider_id]["status"] == "canceled"
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED
    assert (subscription.cancel_reason, subscription.cancelled_at is not None) == (
        "Asked by phone",
        True,
    )
    assert timeline(first.person, "stopped") == ["Monthly gift of 10 € stopped (Asked by phone)"]
    # Once: stopping again calls nothing and writes nothing.
    assert subscription_cancel(subscription=subscription, reason="again") is False
    assert fake.requests.count(("DELETE", path)) == 1
    assert len(timeline(first.person, "stopped")) == 1


def test_mollie_down_when_stopping_changes_nothing(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    first, subscription = paid_first_month(client, fake, org_a, django_capture_on_commit_callbacks)
    fake.outage = True
    with pytest.raises(PaymentError):
        subscription_cancel(subscription=subscription, reason="Asked by phone")
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    assert timeline(first.person, "stopped") == []


def test_a_subscription_mollie_no_longer_has_is_stopped_here(
    client, fake, org_a, django_capture_on_commit_callbacks
):
    _first, subscription = paid_first_month(client, fake, org_a, django_capture_on_commit_callbacks)
    fake.subscriptions[subscription.provider_id]["status"] = "canceled"  # in Mollie's dashboard
    assert subscription_cancel(subscription=subscription, reason="Cleaning up") is True
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED


def test_mollie_backend_says_it_does_monthly_gifts(fake):
    backend = get_payment_backend("mollie")
    assert backend.supports_monthly and backend.creates_subscription_after_first_payment


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_webhooks_of_the_first_and_a_later_month_delivered_at_once(settings):
    from django.test import Client

    with fake_providers(settings) as fake:
        organization = OrganizationFactory()
        donation, _url = start_monthly(organization)
        (payment_id,) = fake.payments
        fake.mollie_set(payment_id, status="paid")

        def deliver(payment):
            return lambda _index: Client().post(MOLLIE_HOOK, {"id": payment}).status_code

        with counting_paid_hook() as paid:
            assert run_together(3, deliver(payment_id)) == [200] * 3
        donation.refresh_from_db()
        subscription = donation.subscription
        assert donation.status == Donation.Status.SUCCEEDED and paid == [donation.pk]
        assert calls(fake, "POST", "/subscriptions") == 1
        assert len(fake.subscriptions) == 1
        assert subscription.provider_id == next(iter(fake.subscriptions))
        assert ProviderEvent.objects.filter(event_id=f"{payment_id}:paid").count() == 1

        month_id = fake.mollie_recurring(subscription.provider_id, status="paid")
        with counting_paid_hook() as paid:
            assert run_together(3, deliver(month_id)) == [200] * 3
        month = Donation.objects.get(provider_id=month_id)
        assert paid == [month.pk]
        assert subscription.payments.count() == 2
