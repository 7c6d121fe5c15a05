"""Shared helpers of the providers tests: a pending donation, a counting paid hook, Stripe
objects as Stripe sends them."""

from __future__ import annotations

import contextlib

from turnout.donations.models import Donation
from turnout.donations.services import lifecycle

from .factories import DonationFactory


def pending(organization, provider="stripe", **kwargs) -> Donation:
    return DonationFactory(
        organization=organization,
        provider=provider,
        provider_id="",
        status=Donation.Status.PENDING,
        paid_at=None,
        **kwargs,
    )


@contextlib.contextmanager
def counting_paid_hook():
    calls: list[int] = []

    def hook(donation):
        calls.append(donation.pk)

    lifecycle.PAID_HOOKS.append(hook)
    try:
        yield calls
    finally:
        lifecycle.PAID_HOOKS.remove(hook)


def session_completed(donation, **extra) -> dict:
    return {
        "id": f"cs_test_{donation.pk}",
        "object": "checkout.session",
        "client_reference_id": str(donation.pk),
        "metadata": {"donation_id": str(donation.pk)},
        "payment_status": "paid",
        "amount_total": donation.amount_cents,
        "currency": donation.currency.lower(),
        "payment_intent": f"pi_{donation.pk}",
        "mode": "payment",
        **extra,
    }


def charge(donation, *, refunded: int, **extra) -> dict:
    return {
        "id": f"ch_{donation.pk}",
        "object": "charge",
        "payment_intent": f"pi_{donation.pk}",
        "amount": donation.amount_cents,
        "amount_refunded": refunded,
        "currency": donation.currency.lower(),
        "paid": True,
        "metadata": {"donation_id": str(donation.pk)},
        **extra,
    }
