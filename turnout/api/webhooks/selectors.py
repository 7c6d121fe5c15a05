"""Reads of outgoing webhooks, always within one organization."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..models import WebhookDelivery, WebhookSubscription

Status = WebhookDelivery.Status
RATE_DAYS = 7
FINISHED_ATTEMPTS = [Status.SUCCEEDED, Status.RETRYING, Status.FAILED, Status.GAVE_UP]


def subscriptions_list(*, organization, now=None) -> list[WebhookSubscription]:
    """The organization's subscriptions with, for each, its last delivery (time, status) and
    ``success_rate`` over 7 days (delivered / deliveries attempted; None without any)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=RATE_DAYS)
    last = WebhookDelivery.objects.filter(
        subscription=OuterRef("pk"), last_attempt_at__isnull=False
    ).order_by("-last_attempt_at", "-id")
    recent = Q(deliveries__last_attempt_at__gte=since)
    rows = (
        WebhookSubscription.objects.for_organization(organization)
        .annotate(
            last_attempt_at=Subquery(last.values("last_attempt_at")[:1]),
            last_status=Subquery(last.values("status")[:1]),
            attempted_7d=Count(
                "deliveries", filter=recent & Q(deliveries__status__in=FINISHED_ATTEMPTS)
            ),
            succeeded_7d=Count(
                "deliveries", filter=recent & Q(deliveries__status=Status.SUCCEEDED)
            ),
        )
        .order_by("created_at", "id")
    )
    result = list(rows)
    labels = dict(Status.choices)
    for row in result:
        row.success_rate = (
            round(100 * row.succeeded_7d / row.attempted_7d) if row.attempted_7d else None
        )
        row.last_status_label = labels.get(row.last_status, "")
    return result


def subscription_get(*, organization, webhook_id: int) -> WebhookSubscription:
    return get_object_or_404(
        WebhookSubscription.objects.for_organization(organization).select_related("created_by"),
        pk=webhook_id,
    )


def deliveries_for(
    *,
    subscription: WebhookSubscription,
    status: str = "",
    event_type: str = "",
    since: dt.date | None = None,
):
    rows = WebhookDelivery.objects.filter(subscription=subscription).select_related("event")
    if status == "failed":
        rows = rows.failed()
    elif status:
        rows = rows.filter(status=status)
    if event_type:
        rows = rows.filter(event__type=event_type)
    if since:
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        rows = rows.filter(created_at__gte=start)
    return rows.order_by("-created_at", "-id")


def delivery_get(*, subscription: WebhookSubscription, delivery_id: int) -> WebhookDelivery:
    return get_object_or_404(
        WebhookDelivery.objects.filter(subscription=subscription).select_related("event"),
        pk=delivery_id,
    )


def delivery_counts(*, subscription: WebhookSubscription) -> dict:
    rows = (
        WebhookDelivery.objects.filter(subscription=subscription)
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in rows}
