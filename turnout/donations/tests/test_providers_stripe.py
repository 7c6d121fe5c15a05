"""Stripe webhooks: verified, recorded once, applied in any order."""

from __future__ import annotations

import time

import pytest

from turnout.core.tests.concurrency import run_together
from turnout.donations.models import Donation, ProviderEvent, Subscription
from turnout.donations.providers.fakeproviders import (
    STRIPE_WEBHOOK_SECRET,
    FakePaymentServer,
    stripe_event,
)
from turnout.donations.providers.stripe import StripeBackend
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.models import Activity

from .factories import FundraisingPageFactory, SubscriptionFactory
from .providers_helpers import charge, counting_paid_hook, pending, session_completed

pytestmark: list = []

HOOK = "/hooks/donations/stripe/"
PROVIDERS = {
    "test": {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend"},
    "stripe": {
        "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
        "OPTIONS": {"secret_key": "sk_test_fake", "webhook_secret": STRIPE_WEBHOOK_SECRET},
    },
}


@pytest.fixture(autouse=True)
def _providers(settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = PROVIDERS


def post(client, kind, obj, **kwargs):
    body, signature = stripe_event(kind, obj, **kwargs)
    return client.post(HOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def timeline(donation):
    return Activity.objects.filter(person=donation.person, kind=DONATION_MADE).count()


@pytest.mark.django_db
def test_the_same_completed_event_five_times_pays_once(
    client, org_a, django_capture_on_commit_callbacks
):
    page = FundraisingPageFactory(organization=org_a)
    donation = pending(org_a, page=page)
    with counting_paid_hook() as calls, django_capture_on_commit_callbacks(execute=True):
        answers = [
            post(client, "checkout.session.completed", session_completed(donation),
                 event_id="evt_same").status_code
            for _n in range(5)
        ]  # fmt: skip
    assert answers == [200] * 5
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED
    assert donation.provider_id == f"pi_{donation.pk}"
    assert calls == [donation.pk]
    assert timeline(donation) == 1
    page.refresh_from_db()
    assert (page.raised_cents, page.donation_count) == (donation.amount_cents, 1)
    event = ProviderEvent.objects.get()
    assert (event.event_id, event.outcome, event.organization) == ("evt_same", "applied", org_a)


@pytest.mark.django_db
def test_bad_or_old_signatures_are_refused_and_nothing_is_recorded(client, org_a):
    donation = pending(org_a)
    obj = session_completed(donation)
    bad = post(client, "checkout.session.completed", obj, secret="whsec_other")
    old = post(client, "checkout.session.completed", obj, timestamp=int(time.time()) - 301)
    body, _sig = stripe_event("checkout.session.completed", obj)
    unsigned = client.post(HOOK, body, content_type="application/json")
    good_body, signature = stripe_event("checkout.session.completed", obj)
    tampered = client.post(
        HOOK,
        good_body.replace(b'"paid"', b'"paid" '),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature,
    )
    assert [r.status_code for r in (bad, old, unsigned, tampered)] == [400] * 4
    assert not ProviderEvent.objects.exists()
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING


@pytest.mark.django_db
def test_any_matching_v1_signature_is_accepted_while_a_secret_rolls(client, org_a):
    donation = pending(org_a)
    body, signature = stripe_event("checkout.session.completed", session_completed(donation))
    t, v1 = signature.split(",")
    header = f"{t},v1={'0' * 64},{v1},v0=ignored"
    response = client.post(
        HOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )
    assert response.status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED


@pytest.mark.django_db
def test_a_refund_before_the_completed_event_counts_once(
    client, org_a, django_capture_on_commit_callbacks
):
    page = FundraisingPageFactory(organization=org_a)
    donation = pending(org_a, page=page, amount_cents=5000)
    with counting_paid_hook() as calls, django_capture_on_commit_callbacks(execute=True):
        refund = post(client, "charge.refunded", charge(donation, refunded=2000), event_id="e1")
        late = post(client, "checkout.session.completed", session_completed(donation),
                    event_id="e2")  # fmt: skip
        again = post(client, "charge.refunded", charge(donation, refunded=2000), event_id="e3")
    assert [r.status_code for r in (refund, late, again)] == [200, 200, 200]
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED
    assert donation.refunded_cents == 2000
    assert calls == [donation.pk]
    page.refresh_from_db()
    assert (page.raised_cents, page.donation_count) == (3000, 1)
    # The full refund later makes it refunded.
    post(client, "charge.refunded", charge(donation, refunded=5000), event_id="e4")
    donation.refresh_from_db()
    assert (donation.status, donation.refunded_cents) == (Donation.Status.REFUNDED, 5000)


@pytest.mark.django_db
def test_a_refund_of_an_unknown_payment_asks_stripe_to_retry(client, org_a):
    donation = pending(org_a)
    obj = charge(donation, refunded=100, metadata={})
    response = post(client, "charge.refunded", obj, event_id="e_unknown")
    assert response.status_code == 503
    assert not ProviderEvent.objects.exists()  # delivered again later, applied then


@pytest.mark.django_db
def test_failed_then_paid_in_the_same_checkout_ends_paid(client, org_a):
    donation = pending(org_a)
    intent = {"id": f"pi_{donation.pk}", "metadata": {"donation_id": str(donation.pk)}}
    post(client, "payment_intent.payment_failed", intent, event_id="f1")
    donation.refresh_from_db()
    assert donation.status == Donation.Status.FAILED
    post(client, "checkout.session.completed", session_completed(donation), event_id="f2")
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED


@pytest.mark.django_db
def test_expired_checkout_cancels_and_dispute_marks_disputed(client, org_a):
    abandoned = pending(org_a)
    post(client, "checkout.session.expired", session_completed(abandoned, payment_status="unpaid"),
         event_id="x1")  # fmt: skip
    abandoned.refresh_from_db()
    assert abandoned.status == Donation.Status.CANCELLED
    paid = pending(org_a)
    post(client, "checkout.session.completed", session_completed(paid), event_id="x2")
    dispute = {"id": "dp_1", "object": "dispute", "payment_intent": f"pi_{paid.pk}"}
    post(client, "charge.dispute.created", dispute, event_id="x3")
    paid.refresh_from_db()
    assert paid.status == Donation.Status.DISPUTED


@pytest.mark.django_db
def test_a_payment_of_another_amount_is_not_recorded_paid(client, org_a):
    donation = pending(org_a, amount_cents=3500)
    obj = session_completed(donation, amount_total=100)
    assert post(client, "checkout.session.completed", obj, event_id="m1").status_code == 200
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PENDING
    assert ProviderEvent.objects.get().outcome == ProviderEvent.Outcome.FAILED


@pytest.mark.django_db
def test_monthly_gift_each_invoice_is_a_new_paid_donation(client, org_a):
    first = pending(org_a, amount_cents=1000)
    completed = session_completed(
        first, mode="subscription", subscription="sub_1", payment_intent=None, invoice="in_0"
    )
    post(client, "checkout.session.completed", completed, event_id="s1")
    subscription = Subscription.objects.get(provider="stripe", provider_id="sub_1")
    assert subscription.status == Subscription.Status.ACTIVE
    first.refresh_from_db()
    assert first.subscription == subscription and first.status == Donation.Status.SUCCEEDED
    invoice = {"id": "in_0", "subscription": "sub_1", "billing_reason": "subscription_create",
               "amount_paid": 1000, "currency": "eur"}  # fmt: skip
    post(client, "invoice.paid", invoice, event_id="s2")  # the first month: already counted
    renewal = {**invoice, "id": "in_1", "billing_reason": "subscription_cycle"}
    for _n in range(2):
        post(client, "invoice.paid", renewal, event_id="s3")
    payments = list(subscription.payments.order_by("pk"))
    assert [(d.amount_cents, d.status) for d in payments] == [(1000, "succeeded")] * 2
    assert payments[1].provider_id == "in_1"
    post(client, "customer.subscription.deleted", {"id": "sub_1"}, event_id="s4")
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.CANCELLED
    assert subscription.cancelled_at is not None


@pytest.mark.django_db
def test_an_invoice_of_an_unknown_subscription_is_retried(client, org_a):
    SubscriptionFactory(organization=org_a, provider="stripe", provider_id="sub_known")
    invoice = {"id": "in_9", "subscription": "sub_unknown", "billing_reason": "subscription_cycle",
               "amount_paid": 1000, "currency": "eur"}  # fmt: skip
    assert post(client, "invoice.paid", invoice, event_id="u1").status_code == 503
    assert not Donation.objects.exists()


@pytest.mark.django_db
def test_unhandled_events_are_recorded_and_ignored(client, org_a):
    response = post(client, "customer.created", {"id": "cus_1"}, event_id="i1")
    assert response.status_code == 200
    assert ProviderEvent.objects.get().outcome == ProviderEvent.Outcome.IGNORED


@pytest.mark.django_db
def test_an_unknown_provider_is_not_found(client):
    assert client.post("/hooks/donations/paypal/", b"{}", content_type="x").status_code == 404


@pytest.mark.django_db
def test_checkout_session_is_created_as_stripe_expects(org_a, settings):
    with FakePaymentServer() as fake:
        backend = StripeBackend(**fake.options("stripe"))
        donation = pending(org_a, amount_cents=3500)
        url = backend.create_checkout(
            donation, success_url="https://s/ok", cancel_url="https://s/no", monthly=False
        )
        monthly = backend.create_checkout(
            donation, success_url="https://s/ok", cancel_url="https://s/no", monthly=True
        )
        once, month = (s["form"] for s in fake.sessions.values())
    assert url.startswith("https://checkout.stripe.test/") and monthly != url
    assert once["mode"] == "payment"
    assert once["client_reference_id"] == once["metadata[donation_id]"] == str(donation.pk)
    assert once["line_items[0][price_data][unit_amount]"] == "3500"
    assert once["line_items[0][price_data][currency]"] == "eur"
    assert once["payment_intent_data[metadata][donation_id]"] == str(donation.pk)
    assert month["mode"] == "subscription"
    assert month["line_items[0][price_data][recurring][interval]"] == "month"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_event_delivered_concurrently_pays_once(settings):
    from django.test import Client

    settings.TURNOUT_PAYMENT_PROVIDERS = PROVIDERS
    organization = OrganizationFactory()
    page = FundraisingPageFactory(organization=organization)
    donation = pending(organization, page=page)
    body, signature = stripe_event(
        "checkout.session.completed", session_completed(donation), event_id="evt_race"
    )
    with counting_paid_hook() as calls:

        def deliver(_index):
            response = Client().post(
                HOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
            )
            return response.status_code

        assert run_together(5, deliver) == [200] * 5
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED
    assert calls == [donation.pk]
    assert timeline(donation) == 1
    assert ProviderEvent.objects.filter(event_id="evt_race").count() == 1
    page.refresh_from_db()
    assert (page.raised_cents, page.donation_count) == (donation.amount_cents, 1)
