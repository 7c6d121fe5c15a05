"""The contract every payment backend fulfils, like Django's mail backends.

Backends never write to the database: they turn a donation into the provider's checkout call,
and the provider's webhooks (verified) into the small :class:`Event` values that
``services.events.payment_event_apply`` records once and applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext


class PaymentError(Exception):
    """The provider refused or failed a request (shown to staff, logged)."""

    def __init__(self, message: str, *, transient: bool = False, code: str = ""):
        super().__init__(message)
        self.transient = transient
        self.code = code


class WebhookRejected(Exception):
    """An inbound webhook failed verification (bad or missing signature, stale timestamp):
    answered 400 and nothing is recorded."""


class EventKind:
    """What an event means for our donations, in provider-independent words."""

    PAID = "paid"  # the payment of a donation succeeded
    FAILED = "failed"  # it failed (card declined...)
    CANCELLED = "cancelled"  # abandoned or expired checkout
    REFUNDED = "refunded"  # ``refunded_cents`` refunded in all (a total)
    DISPUTED = "disputed"  # chargeback
    PERIOD_PAID = "period_paid"  # a later monthly payment of a subscription
    PERIOD_FAILED = "period_failed"  # a later monthly payment failed
    SUBSCRIPTION_CANCELLED = "subscription_cancelled"
    IGNORED = "ignored"  # an event type we do not act on (recorded, nothing changes)


@dataclass(frozen=True)
class Event:
    event_id: str  # unique per provider; a second delivery is dropped on it
    kind: str  # one of EventKind
    raw_kind: str = ""  # the provider's own type ("checkout.session.completed", "paid"...)
    donation_id: int | None = None  # ours, when the provider echoes it (metadata)
    provider_id: str = ""  # the payment's reference at the provider
    lookup_ids: tuple[str, ...] = ()  # other references the donation may be stored under
    amount_cents: int | None = None
    currency: str = ""
    refunded_cents: int | None = None
    subscription_id: str = ""  # the provider's subscription reference
    # The first payment of a monthly gift whose provider subscription is created by us once
    # this payment is paid (Mollie); ``customer_id`` is the provider's customer that pays.
    monthly: bool = False
    customer_id: str = ""
    reason: str = ""  # why a subscription ended, in the provider's words
    occurred_at: datetime | None = None
    payload: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Checkout:
    """What starting a checkout gave: where to send the donor, and what the calling service
    must store (the provider's customer of a monthly gift)."""

    url: str
    customer_id: str = ""


class PaymentBackend:
    """Base class. Subclasses set ``name`` and ``label`` and implement the methods."""

    name = "base"
    label = "base"
    #: True for the local test provider: the interface says that no money moves.
    is_test = False
    supports_monthly = False
    #: True when the provider's subscription is created by us once the first payment of a
    #: monthly gift is paid (``create_subscription``), not by the provider's checkout.
    creates_subscription_after_first_payment = False

    def __init__(self, **options):
        self.options = options
        self.alias = self.name

    def create_checkout(self, donation, *, success_url: str, cancel_url: str, monthly: bool) -> str:
        """Start the payment of a pending donation; return the URL to send the donor to."""
        raise NotImplementedError

    def begin_checkout(
        self,
        donation,
        *,
        success_url: str,
        cancel_url: str,
        monthly: bool,
        customer_id: str = "",
    ) -> Checkout:
        """Like ``create_checkout``, with what must be stored: called by
        ``services.subscriptions.checkout_start``. ``customer_id``: the provider's customer
        stored by an earlier attempt of the same monthly gift (reused, not created again)."""
        return Checkout(
            url=self.create_checkout(
                donation, success_url=success_url, cancel_url=cancel_url, monthly=monthly
            )
        )

    def create_subscription(self, subscription, *, start_date) -> str:
        """Create the provider's subscription of a monthly gift whose first payment is paid,
        charging from ``start_date``; return its id. Safe to call again: the same monthly gift
        never gets two provider subscriptions. Only backends whose first-payment event says
        ``monthly=True`` without a ``subscription_id`` need it (Mollie)."""
        raise PaymentError(gettext("This provider creates monthly gifts itself."))

    def cancel_subscription(self, subscription) -> None:
        """Stop the provider's subscription (no more payments). A subscription the provider
        no longer has is stopped already: no error."""
        raise NotImplementedError

    def parse_webhook(self, request) -> list[Event]:
        """Verify (raise ``WebhookRejected``) and parse a webhook call."""
        raise NotImplementedError

    def fetch_payment(self, payment_id: str) -> dict | None:
        """The provider's view of a payment (``None``: it does not know this id)."""
        raise NotImplementedError

    def refund(self, donation) -> None:
        """Ask the provider to refund the donation in full; the provider's refund event then
        records it."""
        raise NotImplementedError


def option(options: dict, name: str, default=None):
    """An option in lower or upper case (settings use either)."""
    if name in options:
        return options[name]
    return options.get(name.upper(), default)


def cents_to_value(cents: int) -> str:
    """3500 -> "35.00" (Mollie's amount format)."""
    return f"{cents // 100}.{cents % 100:02d}"


def value_to_cents(value) -> int | None:
    """ "35.00" -> 3500; None or garbage -> None."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return None
    try:
        return int((Decimal(str(value)) * 100).to_integral_value())
    except (InvalidOperation, ValueError):
        return None
