"""Shared helpers of the monthly gifts tests: providers configured against the local fake
servers, a monthly gift started through the checkout service, the timeline lines."""

from __future__ import annotations

import contextlib

from turnout.donations.providers.fakeproviders import STRIPE_WEBHOOK_SECRET, FakePaymentServer
from turnout.donations.services.subscriptions import checkout_start
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.models import Activity
from turnout.people.tests.factories import EmailAddressFactory

from .providers_helpers import pending

TEST = {"BACKEND": "turnout.donations.providers.test.TestPaymentBackend"}
MOLLIE_HOOK = "/hooks/donations/mollie/"
STRIPE_HOOK = "/hooks/donations/stripe/"


def providers(fake: FakePaymentServer | None = None) -> dict:
    options = fake.options("stripe") if fake else {"secret_key": "sk_test_fake"}
    config = {
        "test": TEST,
        "stripe": {
            "BACKEND": "turnout.donations.providers.stripe.StripeBackend",
            "OPTIONS": {**options, "webhook_secret": STRIPE_WEBHOOK_SECRET},
        },
    }
    if fake:
        config["mollie"] = {
            "BACKEND": "turnout.donations.providers.mollie.MollieBackend",
            "OPTIONS": fake.options("mollie"),
        }
    return config


@contextlib.contextmanager
def fake_providers(settings):
    with FakePaymentServer() as server:
        settings.TURNOUT_PAYMENT_PROVIDERS = providers(server)
        yield server


def start_monthly(organization, *, provider="mollie", amount_cents=1000, email="ana@example.org"):
    """A donor starts a monthly gift: the pending donation, then the provider's checkout."""
    donation = pending(
        organization,
        provider=provider,
        amount_cents=amount_cents,
        person__given_name="Ana",
        person__family_name="Martin",
    )
    EmailAddressFactory(person=donation.person, address=email, primary=True)
    url = checkout_start(
        donation=donation,
        success_url="https://site.example/thanks/",
        cancel_url="https://site.example/sorry/",
        monthly=True,
    )
    return donation, url


def timeline(person, text: str) -> list[str]:
    """The summaries of the person's donation lines that contain ``text``."""
    summaries = Activity.objects.filter(person=person, kind=DONATION_MADE).values_list(
        "summary", flat=True
    )
    return [s.replace("\u00a0", " ") for s in summaries if text in s]


def calls(fake: FakePaymentServer, method: str, path_end: str) -> int:
    """How many requests of ``method`` the fake server got on paths ending with ``path_end``."""
    return sum(1 for m, p in fake.requests if m == method and p.endswith(path_end))
