"""Reads of the monthly gifts pages, always within one organization."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum

from .models import Donation, Subscription

PAID = Q(payments__status=Donation.Status.SUCCEEDED)


def _with_totals(subscriptions: QuerySet[Subscription]) -> QuerySet[Subscription]:
    """Adds ``paid_count`` and ``paid_total`` (net of refunds) of the paid payments."""
    net = F("payments__amount_cents") - F("payments__refunded_cents")
    return subscriptions.annotate(
        paid_count=Count("payments", filter=PAID), paid_total=Sum(net, filter=PAID)
    )


def subscription_list(*, organization, status: str = "") -> QuerySet[Subscription]:
    """The organization's monthly gifts that started (those still being set up are not
    monthly gifts yet), newest first, with the number and net total of their paid payments."""
    subscriptions = Subscription.objects.filter(organization=organization).exclude(
        status=Subscription.Status.PENDING
    )
    if status:
        subscriptions = subscriptions.filter(status=status)
    return _with_totals(subscriptions.select_related("person")).order_by(
        F("started_at").desc(nulls_last=True), "-pk"
    )


def subscription_counts(*, organization) -> dict[str, int]:
    """How many monthly gifts of each status (for the filter)."""
    rows = (
        Subscription.objects.filter(organization=organization)
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def subscription_get(*, organization, subscription_id: int) -> Subscription:
    """One monthly gift of the organization (``Subscription.DoesNotExist`` otherwise)."""
    return _with_totals(Subscription.objects.select_related("person", "page", "organization")).get(
        organization=organization, pk=subscription_id
    )


def subscription_payments(*, subscription: Subscription) -> QuerySet[Donation]:
    """The payments of a monthly gift, newest first (failed months included)."""
    return subscription.payments.order_by("-created_at", "-pk")
