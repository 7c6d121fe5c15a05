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

Monthly gifts: the first payment's event activates the ``Subscription`` (created here when the
checkout did not create it pending); when the provider's subscription is made by us once that
payment is paid (Mollie: the event says ``monthly`` without a ``subscription_id``), the call is
scheduled after the commit (``tasks_subscriptions``), never made inside this transaction. A
later month is a new donation of the subscription: paid (``PERIOD_PAID``: the monthly gift is
active again if a payment had failed) or failed (``PERIOD_FAILED``: a failed donation for that
month, the monthly gift "Payment failed", a line on the person's timeline). A subscription
stopped at the provider (``SUBSCRIPTION_CANCELLED``) is recorded through
``subscriptions.subscription_stopped``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.money import money_text
from turnout.core.tasks import enqueue_on_commit
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.services.timeline import activity_record

from ..models import Donation, ProviderEvent, Subscription
from ..providers.base import Event, EventKind
from .lifecycle import donation_disputed, donation_failed, donation_paid, donation_refunded
from .subscriptions import provider_reason_text, subscription_create, subscription_stopped

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
    donation: Donation | None = None,
    subscription: Subscription | None = None,
    subscription_id: int | None = None,
) -> str:
    """Record the event once, then apply it; return the outcome (``applied``, ``ignored``,
    ``failed``) or ``already_seen`` when it was recorded before."""
    try:
        with transaction.atomic():
            event, created = ProviderEvent.objects.get_or_create(
                provider=provider,
                event_id=event_id[:200],
                defaults={
                    "kind": kind[:100],
                    "payload": payload,
                    "organization": organization,
                    "donation": donation,
                    "subscription_id": subscription.pk if subscription else subscription_id,
                },
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


def _activate_subscription(provider: str, donation: Donation, event: Event) -> None:
    """The first payment of a monthly gift is paid: the monthly gift is active (created now
    when the checkout did not create it pending)."""
    from .. import tasks_subscriptions

    now = timezone.now()
    donation = Donation.objects.select_related("subscription").get(pk=donation.pk)
    subscription = donation.subscription
    started = False
    if subscription is None:
        subscription = (
            Subscription.objects.filter(
                provider=provider, provider_id=event.subscription_id
            ).first()
            if event.subscription_id
            else None
        )
        if subscription is None:
            subscription = subscription_create(
                donation=donation,
                status=Subscription.Status.ACTIVE,
                provider_id=event.subscription_id,
                customer_id=event.customer_id,
                started_at=now,
            )
            started = True
        else:
            Donation.objects.filter(pk=donation.pk).update(subscription=subscription)
    fields = []
    if event.subscription_id and not subscription.provider_id:
        subscription.provider_id = event.subscription_id
        fields.append("provider_id")
    if event.customer_id and not subscription.customer_id:
        subscription.customer_id = event.customer_id
        fields.append("customer_id")
    if subscription.status == Subscription.Status.PENDING:
        subscription.status = Subscription.Status.ACTIVE
        subscription.started_at = subscription.started_at or now
        fields += ["status", "started_at"]
        started = True
    if fields:
        subscription.save(update_fields=[*fields, "updated_at"])
    if started:
        enqueue_on_commit(tasks_subscriptions.subscription_started_email_task, subscription.pk)
    if event.monthly and not subscription.provider_id:
        # The provider's subscription is created by us: after this commit, never inside it.
        enqueue_on_commit(tasks_subscriptions.subscription_provider_create_task, subscription.pk)


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
        if changed and (event.subscription_id or event.monthly):
            _activate_subscription(provider, donation, event)
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


def _period_donation(provider: str, subscription: Subscription, event: Event):
    """The donation of the month an event is about (found by the payment's references), or a
    new pending one; returns (donation, created)."""
    for reference in (event.provider_id, *event.lookup_ids):
        if reference:
            found = Donation.objects.filter(provider=provider, provider_id=reference).first()
            if found is not None:
                return found, False
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
        provider_id=event.provider_id,
        natural_person=first.natural_person if first else True,
        nationality=first.nationality if first else "",
        tax_address=first.tax_address if first else {},
        anonymous=first.anonymous if first else False,
    )
    return donation, True


def _apply_period(provider: str, subscription: Subscription, event: Event) -> bool:
    donation, _created = _period_donation(provider, subscription, event)
    changed = _mark_paid(provider, donation, event)
    Subscription.objects.filter(pk=subscription.pk, status=Subscription.Status.PAST_DUE).update(
        status=Subscription.Status.ACTIVE, updated_at=timezone.now()
    )
    return changed


def _apply_period_failed(provider: str, subscription: Subscription, event: Event) -> bool:
    """A month's payment failed: a failed donation for the month, the monthly gift "Payment
    failed" (the next paid month makes it active again), a line on the timeline. Stripe's
    later retries of the same invoice are the same month: nothing more."""
    donation, created = _period_donation(provider, subscription, event)
    if not created:
        return False
    donation_failed(donation=donation)
    now = event.occurred_at or timezone.now()
    Subscription.objects.filter(
        pk=subscription.pk, status__in=[Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE]
    ).update(status=Subscription.Status.PAST_DUE, last_failed_at=now, updated_at=timezone.now())
    activity_record(
        person=subscription.person,
        kind=DONATION_MADE,
        summary=_("Monthly gift of %(amount)s failed")
        % {"amount": money_text(donation.amount_cents, donation.currency)},
        source=donation,
        data={"subscription_id": subscription.pk, "monthly": "failed"},
        occurred_at=now,
    )
    return True


def _find_subscription(provider: str, event: Event) -> Subscription | None:
    """The monthly gift an event names. A Mollie payment may name a subscription whose id we
    have not stored (the process stopped between Mollie's answer and our save): the monthly
    gift of the same Mollie customer without an id is that one, and keeps it."""
    if not event.subscription_id:
        return None
    subscriptions = Subscription.objects.select_related("organization", "person")
    found = subscriptions.filter(provider=provider, provider_id=event.subscription_id).first()
    if found is None and event.customer_id:
        orphans = list(
            subscriptions.filter(provider=provider, customer_id=event.customer_id, provider_id="")
        )
        if len(orphans) == 1:
            Subscription.objects.filter(pk=orphans[0].pk, provider_id="").update(
                provider_id=event.subscription_id, updated_at=timezone.now()
            )
            found = subscriptions.filter(
                provider=provider, provider_id=event.subscription_id
            ).first()
    return found


SUBSCRIPTION_KINDS = (
    EventKind.PERIOD_PAID,
    EventKind.PERIOD_FAILED,
    EventKind.SUBSCRIPTION_CANCELLED,
)


def payment_event_apply(*, provider: str, event: Event) -> str:
    """Apply one verified event of ``provider`` (the backend's alias) exactly once."""
    record = {
        "provider": provider,
        "event_id": event.event_id,
        "kind": event.raw_kind or event.kind,
        "payload": event.payload,
    }
    if event.kind in SUBSCRIPTION_KINDS:
        subscription = _find_subscription(provider, event)
        if subscription is None:
            if event.kind != EventKind.SUBSCRIPTION_CANCELLED:
                raise EventNotReady(event.event_id)
            return event_record_once(organization=None, **record)
        if event.kind == EventKind.PERIOD_PAID:
            apply = lambda: _apply_period(provider, subscription, event)  # noqa: E731
        elif event.kind == EventKind.PERIOD_FAILED:
            apply = lambda: _apply_period_failed(provider, subscription, event)  # noqa: E731
        else:
            apply = lambda: subscription_stopped(  # noqa: E731
                subscription=subscription,
                reason=provider_reason_text(event.reason),
                at=event.occurred_at,
            )
        return event_record_once(
            organization=subscription.organization,
            apply=apply,
            subscription=subscription,
            **record,
        )

    donation = _find_donation(provider, event) if event.kind != EventKind.IGNORED else None
    if donation is None:
        if event.kind in (EventKind.REFUNDED, EventKind.DISPUTED) and event.donation_id is None:
            raise EventNotReady(event.event_id)
        return event_record_once(organization=None, **record)
    return event_record_once(
        organization=donation.organization,
        apply=lambda: _apply_to_donation(provider, donation, event),
        donation=donation,
        subscription_id=donation.subscription_id,
        **record,
    )
