"""Provider events, recorded once and applied in the same transaction.

``event_record_once`` inserts the ``ProviderEvent`` row (provider, event id) with "insert or
nothing" semantics — ``get_or_create`` in a savepoint, an ``IntegrityError`` meaning another
transaction holds the same id — and only the transaction that inserted it applies the event.
A second delivery, sequential or concurrent, answers "already seen" and changes nothing. If
applying fails, the whole transaction (the event row included) is rolled back, so the
provider's next delivery tries again.

``payment_event_apply`` finds the donation (or subscription) an event is about and applies it
through the lifecycle services. Events may come in any order: a refund or a dispute of a
donation still pending proves that the payment went through, so the donation is recorded paid
first; a success reported after a failure (a declined card, then another card in the same
checkout) wins over the failure. When the donation an event refers to is not known yet (a
refund without our id, before the payment's own event), ``EventNotReady`` is raised: nothing is
recorded and the webhook answers 503 so that the provider delivers it again later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Donation, ProviderEvent, Subscription
from ..providers.base import Event, EventKind
from .lifecycle import donation_disputed, donation_failed, donation_paid, donation_refunded

logger = logging.getLogger(__name__)

ALREADY_SEEN = "already_seen"
Outcome = ProviderEvent.Outcome
Status = Donation.Status


class EventNotReady(Exception):
    """The event is about a donation or subscription we do not know yet: deliver it again."""


class EventMismatch(Exception):
    """The event contradicts the donation (another amount or currency): recorded as failed,
    nothing applied."""


@transaction.atomic
def event_record_once(
    *,
    provider: str,
    event_id: str,
    kind: str,
    payload: dict,
    organization,
    apply: Callable[[], bool] | None = None,
) -> str:
    """Record the event once, then apply it; return the outcome (``applied``, ``ignored``,
    ``failed``) or ``already_seen`` when it was recorded before."""
    try:
        with transaction.atomic():
            event, created = ProviderEvent.objects.get_or_create(
                provider=provider,
                event_id=event_id[:200],
                defaults={"kind": kind[:100], "payload": payload, "organization": organization},
            )
    except IntegrityError:
        created = False
    if not created:
        return ALREADY_SEEN
    event.outcome, event.error = Outcome.IGNORED, ""
    if apply is not None:
        try:
            changed = apply()
        except EventMismatch as exc:
            event.outcome, event.error = Outcome.FAILED, str(exc)
        else:
            event.outcome = Outcome.APPLIED if changed else Outcome.IGNORED
    event.applied_at = timezone.now()
    event.save(update_fields=["outcome", "error", "applied_at"])
    return event.outcome


def _find_donation(provider: str, event: Event) -> Donation | None:
    donations = Donation.objects.select_related("organization").filter(provider=provider)
    if event.donation_id is not None:
        return donations.filter(pk=event.donation_id).first()
    for reference in (event.provider_id, *event.lookup_ids):
        if reference:
            found = donations.filter(provider_id=reference).first()
            if found is not None:
                return found
    return None


def _revive_failed(donation: Donation) -> None:
    """A success reported after a failure wins (another try in the same checkout)."""
    Donation.objects.filter(pk=donation.pk, status=Status.FAILED).update(
        status=Status.PENDING, updated_at=timezone.now()
    )


def _mark_paid(provider: str, donation: Donation, event: Event) -> bool:
    _revive_failed(donation)
    before = Donation.objects.values_list("status", flat=True).get(pk=donation.pk)
    changed = donation_paid(
        donation=donation, provider_id=event.provider_id, paid_at=event.occurred_at
    )
    if before == Status.PENDING and not changed:
        status = Donation.objects.values_list("status", flat=True).get(pk=donation.pk)
        if status == Status.CANCELLED:  # the limits refuse it now: give the money back
            transaction.on_commit(lambda: _refund_quietly(provider, donation.pk))
    return changed


def _refund_quietly(provider: str, donation_id: int) -> None:
    from ..providers import get_payment_backend

    try:
        get_payment_backend(provider).refund(Donation.objects.get(pk=donation_id))
    except Exception:
        logger.exception("Refund of refused donation %s with %s failed", donation_id, provider)


def _activate_subscription(provider: str, donation: Donation, subscription_id: str) -> None:
    now = timezone.now()
    donation = Donation.objects.select_related("subscription").get(pk=donation.pk)
    subscription = donation.subscription
    if subscription is None:
        subscription = Subscription.objects.filter(
            provider=provider, provider_id=subscription_id
        ).first() or Subscription.objects.create(
            organization=donation.organization,
            person=donation.person,
            page=donation.page,
            amount_cents=donation.amount_cents,
            currency=donation.currency,
            provider=provider,
            provider_id=subscription_id,
            status=Subscription.Status.ACTIVE,
            started_at=now,
        )
        Donation.objects.filter(pk=donation.pk).update(subscription=subscription)
    if subscription.status == Subscription.Status.PENDING or not subscription.provider_id:
        subscription.provider_id = subscription.provider_id or subscription_id
        subscription.status = Subscription.Status.ACTIVE
        subscription.started_at = subscription.started_at or now
        subscription.save(update_fields=["provider_id", "status", "started_at", "updated_at"])


def _apply_to_donation(provider: str, donation: Donation, event: Event) -> bool:
    kind = event.kind
    if kind == EventKind.PAID:
        if event.amount_cents is not None and (
            int(event.amount_cents) != donation.amount_cents
            or (event.currency and event.currency.upper() != donation.currency.upper())
        ):
            raise EventMismatch(
                f"paid {event.amount_cents} {event.currency}, expected "
                f"{donation.amount_cents} {donation.currency}"
            )
        changed = _mark_paid(provider, donation, event)
        if changed and event.subscription_id:
            _activate_subscription(provider, donation, event.subscription_id)
        return changed
    if kind in (EventKind.FAILED, EventKind.CANCELLED):
        status = Status.FAILED if kind == EventKind.FAILED else Status.CANCELLED
        return donation_failed(donation=donation, status=status)
    if kind in (EventKind.REFUNDED, EventKind.DISPUTED):
        current = Donation.objects.values_list("status", flat=True).get(pk=donation.pk)
        paid_now = False
        if current in (Status.PENDING, Status.FAILED):  # the payment's own event comes later
            paid_now = _mark_paid(provider, donation, event)
        if kind == EventKind.REFUNDED:
            return (
                donation_refunded(donation=donation, refunded_cents=event.refunded_cents or 0)
                or paid_now
            )
        return donation_disputed(donation=donation) or paid_now
    return False


def _apply_period(provider: str, subscription: Subscription, event: Event) -> bool:
    donation = Donation.objects.filter(provider=provider, provider_id=event.provider_id).first()
    if donation is None:
        first = subscription.payments.order_by("created_at", "pk").first()
        donation = Donation.objects.create(
            organization=subscription.organization,
            person=subscription.person,
            page=subscription.page,
            subscription=subscription,
            amount_cents=int(event.amount_cents or subscription.amount_cents),
            currency=(event.currency or subscription.currency).upper(),
            method=first.method if first else Donation.Method.CARD,
            provider=provider,
            natural_person=first.natural_person if first else True,
            nationality=first.nationality if first else "",
            tax_address=first.tax_address if first else {},
        )
    changed = _mark_paid(provider, donation, event)
    Subscription.objects.filter(pk=subscription.pk, status=Subscription.Status.PAST_DUE).update(
        status=Subscription.Status.ACTIVE, updated_at=timezone.now()
    )
    return changed


def payment_event_apply(*, provider: str, event: Event) -> str:
    """Apply one verified event of ``provider`` (the backend's alias) exactly once."""
    record = {
        "provider": provider,
        "event_id": event.event_id,
        "kind": event.raw_kind or event.kind,
        "payload": event.payload,
    }
    if event.kind in (EventKind.PERIOD_PAID, EventKind.SUBSCRIPTION_CANCELLED):
        subscription = (
            Subscription.objects.select_related("organization", "person")
            .filter(provider=provider, provider_id=event.subscription_id)
            .first()
            if event.subscription_id
            else None
        )
        if subscription is None:
            if event.kind == EventKind.PERIOD_PAID:
                raise EventNotReady(event.event_id)
            return event_record_once(organization=None, **record)
        if event.kind == EventKind.PERIOD_PAID:
            apply = lambda: _apply_period(provider, subscription, event)  # noqa: E731
        else:
            apply = lambda: bool(  # noqa: E731
                Subscription.objects.filter(pk=subscription.pk)
                .exclude(status=Subscription.Status.CANCELLED)
                .update(
                    status=Subscription.Status.CANCELLED,
                    cancelled_at=timezone.now(),
                    updated_at=timezone.now(),
                )
            )
        return event_record_once(organization=subscription.organization, apply=apply, **record)

    donation = _find_donation(provider, event) if event.kind != EventKind.IGNORED else None
    if donation is None:
        if event.kind in (EventKind.REFUNDED, EventKind.DISPUTED) and event.donation_id is None:
            raise EventNotReady(event.event_id)
        return event_record_once(organization=None, **record)
    return event_record_once(
        organization=donation.organization,
        apply=lambda: _apply_to_donation(provider, donation, event),
        **record,
    )
