"""The monthly gifts pages as staff and donors use them: the list and its filter, one monthly
gift with its payments, the test provider's simulated months, stopping a gift (staff with a
reason, the donor by the link of their emails), and what another tenant or a forged link
gets."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from turnout.core.models import AuditEvent
from turnout.donations import hooks_receipts  # noqa: F401  (the paid hook, as ready() does)
from turnout.donations.models import Donation, ProfileKind, Subscription
from turnout.donations.providers import get_payment_backend
from turnout.donations.services.receipts import receipt_email_send, receipts_annual
from turnout.donations.services.subscriptions import (
    subscription_from_token,
    subscription_manage_token,
)
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.tests.factories import EmailAddressFactory

from .factories import DonationFactory, LegalProfileFactory, SubscriptionFactory
from .providers_helpers import pending
from .recurring_helpers import fake_providers, providers, timeline

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _providers(settings):
    settings.TURNOUT_PAYMENT_PROVIDERS = providers()


def url(name, org, **kwargs):
    return reverse(f"donations:{name}", kwargs={"org_slug": org.slug, **kwargs})


def text(response) -> str:
    return response.content.decode().replace("\u00a0", " ")


def monthly_gift(client, org_a, amount_cents=1000):
    """A monthly gift started with the test provider: its checkout's Pay button."""
    donation = pending(
        org_a, provider="test", amount_cents=amount_cents, person__given_name="Ana",
        person__family_name="Martin",
    )  # fmt: skip
    EmailAddressFactory(person=donation.person, address="ana@example.org")
    checkout = get_payment_backend("test").create_checkout(
        donation, success_url="/en/thanks/", cancel_url="/en/sorry/", monthly=True
    )
    client.post(checkout, {"outcome": "pay"})
    donation.refresh_from_db()
    return donation.subscription


@pytest.fixture
def organizer(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.ORGANIZER).user)
    return client


def test_list_filters_by_status_and_shows_payments_and_totals(organizer, org_a):
    running = monthly_gift(organizer, org_a, amount_cents=1500)
    DonationFactory(
        organization=org_a, person=running.person, subscription=running, amount_cents=1500,
        refunded_cents=500, provider_id="test_second_month",
    )  # fmt: skip
    SubscriptionFactory(
        organization=org_a, status=Subscription.Status.CANCELLED, person__given_name="Bea",
        person__family_name="Stopped",
    )  # fmt: skip
    SubscriptionFactory(organization=org_a, status=Subscription.Status.PENDING,
                        person__family_name="Unfinished")  # fmt: skip
    page = text(organizer.get(url("subscription_list", org_a)))
    assert "Ana Martin" in page and "Bea Stopped" in page
    assert "Unfinished" not in page  # being set up: not a monthly gift yet
    assert "15 €" in page and "25 €" in page  # per month; received net of the refund
    assert "Test payments — no money moves" in page  # the provider
    active = text(organizer.get(url("subscription_list", org_a) + "?status=active"))
    assert "Ana Martin" in active and "Bea Stopped" not in active
    stopped = text(organizer.get(url("subscription_list", org_a) + "?status=cancelled"))
    assert "Bea Stopped" in stopped and "Ana Martin" not in stopped
    detail = url("subscription_detail", org_a, subscription_id=running.pk)
    assert detail in page
    person_link = reverse(
        "people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": running.person.uuid}
    )
    assert person_link in text(organizer.get(detail))


def test_empty_list_says_what_will_appear(organizer, org_a):
    assert "No monthly gift yet" in text(organizer.get(url("subscription_list", org_a)))


def test_list_query_count_does_not_grow_with_the_gifts(
    organizer, org_a, django_assert_max_num_queries
):
    for _n in range(12):
        subscription = SubscriptionFactory(organization=org_a, started_at="2026-01-01T10:00Z")
        DonationFactory(organization=org_a, person=subscription.person, subscription=subscription)
    with django_assert_max_num_queries(12):
        assert organizer.get(url("subscription_list", org_a)).status_code == 200


def test_simulated_months_go_through_the_provider_path(organizer, org_a):
    subscription = monthly_gift(organizer, org_a)
    detail = url("subscription_detail", org_a, subscription_id=subscription.pk)
    page = text(organizer.get(detail))
    assert "Simulate next month's payment" in page and "Simulate a failed payment" in page
    assert "Test payments — no money moves" in page
    simulate = url("subscription_simulate", org_a, subscription_id=subscription.pk)
    assert organizer.get(simulate).status_code == 405  # a GET moves nothing
    organizer.post(simulate, {"outcome": "failed"})
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.PAST_DUE
    assert timeline(subscription.person, "failed") == ["Monthly gift of 10 € failed"]
    organizer.post(simulate, {"outcome": "paid"})
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    statuses = list(subscription.payments.order_by("pk").values_list("status", flat=True))
    assert statuses == ["succeeded", "failed", "succeeded"]
    page = text(organizer.get(detail))
    assert page.count("Paid</span>") == 2
    assert "Failed" in page and "20 €" in page  # two paid months


def test_a_stopped_or_real_provider_gift_has_no_simulation(organizer, org_a):
    stripe = SubscriptionFactory(organization=org_a, provider="stripe", provider_id="sub_9")
    page = text(organizer.get(url("subscription_detail", org_a, subscription_id=stripe.pk)))
    assert "Simulate" not in page
    simulate = url("subscription_simulate", org_a, subscription_id=stripe.pk)
    organizer.post(simulate, {"outcome": "paid"})
    assert not stripe.payments.exists()


def test_staff_stop_asks_a_reason_and_a_get_never_stops(organizer, org_a):
    subscription = monthly_gift(organizer, org_a)
    stop = url("subscription_cancel", org_a, subscription_id=subscription.pk)
    page = text(organizer.get(stop))
    assert "Stop this monthly gift" in page and "10 €" in page
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE
    response = organizer.post(stop, {"reason": ""})
    assert response.status_code == 400 and "Say why this monthly gift stops." in text(response)
    response = organizer.post(stop, {"reason": "Asked by email"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.status, subscription.cancel_reason) == ("cancelled", "Asked by email")
    event = AuditEvent.objects.get(action="donations.subscription_stopped")
    assert event.data == {"reason": "Asked by email", "by": "staff"}
    page = text(organizer.get(url("subscription_detail", org_a, subscription_id=subscription.pk)))
    assert "Asked by email" in page and "Stop this monthly gift" not in page


def test_staff_stop_with_the_provider_down_keeps_everything(settings, organizer, org_a):
    with fake_providers(settings) as fake:
        subscription = SubscriptionFactory(
            organization=org_a, provider="stripe", provider_id="sub_7", amount_cents=500
        )
        fake.outage = True
        stop = url("subscription_cancel", org_a, subscription_id=subscription.pk)
        response = organizer.post(stop, {"reason": "Asked by email"})
    assert response.status_code == 503
    page = text(response)
    assert "was not stopped" in page and "Nothing changed" in page
    assert 'value="Asked by email"' in page  # nothing typed is lost
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_another_tenants_monthly_gift_is_not_found(organizer, org_a, org_b):
    theirs = SubscriptionFactory(organization=org_b)
    for name in ("subscription_detail", "subscription_cancel"):
        assert organizer.get(url(name, org_a, subscription_id=theirs.pk)).status_code == 404
    for name in ("subscription_cancel", "subscription_simulate"):
        response = organizer.post(url(name, org_a, subscription_id=theirs.pk), {"reason": "x"})
        assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Subscription.Status.ACTIVE


def test_volunteers_do_not_see_monthly_gifts(client, org_a):
    client.force_login(MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user)
    subscription = SubscriptionFactory(organization=org_a)
    assert client.get(url("subscription_list", org_a)).status_code == 403
    stop = url("subscription_cancel", org_a, subscription_id=subscription.pk)
    assert client.post(stop, {"reason": "x"}).status_code == 403


# --- The donor's page ------------------------------------------------------------------------


def donor_url(subscription, language="en"):
    path = reverse(
        "donation_monthly:manage", kwargs={"token": subscription_manage_token(subscription)}
    )
    return re.sub(r"^/[a-z]{2}/", f"/{language}/", path)


def test_donor_sees_the_gift_and_a_get_never_stops_it(client, org_a):
    subscription = monthly_gift(client, org_a)
    client.logout()
    page = text(client.get(donor_url(subscription)))
    assert "Your monthly gift to Voix Citoyennes" in page
    assert "10 €" in page and "Stop my monthly gift" in page
    assert "ana@example.org" not in page  # nothing personal beyond what the donor gave
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_donor_stops_with_the_button_once(client, org_a):
    subscription = monthly_gift(client, org_a)
    client.logout()
    response = client.post(donor_url(subscription), {"stop": "1"}, follow=True)
    assert "Your monthly gift is stopped" in text(response)
    subscription.refresh_from_db()
    assert (subscription.status, subscription.cancel_reason) == (
        "cancelled",
        "stopped by the donor",
    )
    assert timeline(subscription.person, "stopped") == [
        "Monthly gift of 10 € stopped (stopped by the donor)"
    ]
    again = client.post(donor_url(subscription), {"stop": "1"}, follow=True)
    assert "already stopped" in text(client.get(donor_url(subscription)))
    assert again.status_code == 200
    assert len(timeline(subscription.person, "stopped")) == 1
    event = AuditEvent.objects.get(action="donations.subscription_stopped")
    assert (event.actor, event.data["by"]) == (None, "donor")


def test_donor_page_with_the_provider_down(settings, client, org_a):
    with fake_providers(settings) as fake:
        subscription = SubscriptionFactory(
            organization=org_a, provider="stripe", provider_id="sub_8"
        )
        fake.outage = True
        response = client.post(donor_url(subscription), {"stop": "1"})
    assert response.status_code == 503
    assert "could not be stopped just now" in text(response)
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_a_forged_or_foreign_token_is_not_found(client, org_a, org_b):
    subscription = SubscriptionFactory(organization=org_a)
    token = subscription_manage_token(subscription)
    forged = reverse("donation_monthly:manage", kwargs={"token": token[:-2] + "xx"})
    assert client.get(forged).status_code == 404
    assert client.post(forged, {"stop": "1"}).status_code == 404
    assert client.get(reverse("donation_monthly:manage", kwargs={"token": "x"})).status_code == 404
    # A token naming this gift under another organization does not find it.
    from django.core import signing

    from turnout.donations.services.subscriptions import LINK_SALT

    moved = signing.dumps({"s": subscription.pk, "o": org_b.pk}, salt=LINK_SALT)
    assert (
        client.get(reverse("donation_monthly:manage", kwargs={"token": moved})).status_code == 404
    )
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def linked_gift(body: str):
    """The monthly gift the link in an email leads to (None: no link)."""
    match = re.search(r"https?://\S+/monthly/([^/\s]+)/", body)
    return subscription_from_token(match.group(1)) if match else None


def test_emails_carry_the_donor_link(client, org_a, owner_a, django_capture_on_commit_callbacks):
    LegalProfileFactory(organization=org_a, kind=ProfileKind.FR_ASSOCIATION)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = monthly_gift(client, org_a)
    (started,) = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert linked_gift(started.body) == subscription
    # The annual summary of the monthly payments carries it too.
    Donation.objects.filter(subscription=subscription).update(paid_at="2025-03-05T10:00Z")
    (summary,) = receipts_annual(organization=org_a, year=2025, actor=owner_a)
    mail.outbox.clear()
    assert receipt_email_send(receipt_id=summary.pk)
    assert linked_gift(mail.outbox[0].body) == subscription
    # A one-off donation's receipt does not.
    one_off = DonationFactory(organization=org_a, person=subscription.person)
    from turnout.donations.services.receipts import receipt_issue

    receipt = receipt_issue(donation=one_off)
    mail.outbox.clear()
    assert receipt_email_send(receipt_id=receipt.pk)
    assert "/monthly/" not in mail.outbox[0].body
