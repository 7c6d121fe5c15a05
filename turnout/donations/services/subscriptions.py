"""Monthly gifts: their start at the provider, their end, and the donor's own link.

- ``checkout_start`` starts the provider checkout of a pending donation; for a monthly gift it
  first creates the pending ``Subscription`` of the donation (once) and stores what the
  provider answered (Mollie's customer). Backends never write to the database: they return
  what must be stored.
- ``subscription_provider_create`` creates the provider's subscription of a monthly gift whose
  first payment is paid, when the provider leaves that to us (Mollie). It runs after the
  commit of that payment (a task), calls the provider outside any transaction, and is safe to
  run again: an id already stored means done, and the backend reuses a subscription it made
  for this monthly gift before (docs/decisions/0061-mollie-subscription-after-commit.md).
  ``subscriptions_provider_retry`` (periodic) catches up the ones a crash or an outage left.
- ``subscription_cancel`` stops a monthly gift from our side (staff or donor): the provider
  first — unreachable, nothing changes and the caller shows why — then
  ``subscription_stopped`` records it once (status, date, reason, timeline, audit). A provider's
  own "subscription ended" event goes through ``subscription_stopped`` too.
- ``subscription_simulate``: the test provider's next month, paid or failed, through the same
  ``payment_event_apply`` as real events.
"""

from __future__ import annotations

import datetime
import logging

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.money import money_text
from turnout.people.activity_kinds import DONATION_MADE
from turnout.people.services.timeline import activity_record

from ..models import Donation, Subscription
from ..providers import get_payment_backend, payment_backend_names
from ..providers.base import PaymentBackend, PaymentError

logger = logging.getLogger(__name__)
Status = Subscription.Status
LINK_SALT = "turnout.donations.monthly-link"
# A monthly gift the provider should have created by now (the task after the first payment's
# commit normally does it within seconds): the periodic run tries again after this delay.
RETRY_AFTER = datetime.timedelta(minutes=5)


class SubscriptionError(Exception):
    """A monthly gift operation that cannot be done, with the message to show."""


# --- Reasons ---------------------------------------------------------------------------------


def provider_reason_text(code: str) -> str:
    """Why a provider ended a subscription, in words (Stripe's ``cancellation_details.
    reason``; other providers give none)."""
    reasons = {
        "payment_failed": _("payments kept failing"),
        "payment_disputed": _("a payment was disputed"),
        "cancellation_requested": _("stopped at the payment provider"),
    }
    return reasons.get(code, _("stopped at the payment provider"))


def staff_reason_text(reason: str) -> str:
    return (reason or "").strip()[:200] or _("stopped by the team")


def donor_reason_text() -> str:
    return _("stopped by the donor")


# --- Start -----------------------------------------------------------------------------------


@transaction.atomic
def subscription_pending_for(*, donation: Donation) -> Subscription:
    """The monthly gift of a pending donation, created "being set up" the first time."""
    donation = Donation.objects.select_for_update().get(pk=donation.pk)
    if donation.subscription_id is not None:
        return Subscription.objects.get(pk=donation.subscription_id)
    return subscription_create(donation=donation, status=Status.PENDING)


@transaction.atomic
def subscription_create(*, donation: Donation, status: str, **fields) -> Subscription:
    """A monthly gift of the donation's person, page and amount, its first payment being the
    donation (linked to it). ``fields``: provider_id, customer_id, started_at..."""
    subscription = Subscription.objects.create(
        organization_id=donation.organization_id,
        person_id=donation.person_id,
        page_id=donation.page_id,
        amount_cents=donation.amount_cents,
        currency=donation.currency,
        provider=donation.provider,
        status=status,
        **fields,
    )
    Donation.objects.filter(pk=donation.pk).update(
        subscription=subscription, updated_at=timezone.now()
    )
    return subscription


def checkout_start(
    *,
    donation: Donation,
    success_url: str,
    cancel_url: str,
    monthly: bool,
    backend: PaymentBackend | None = None,
) -> str:
    """Start the provider's checkout of a pending donation and return where to send the donor.
    Not atomic on purpose: the provider is called outside any transaction. Raises
    ``PaymentError`` (nothing charged) when the provider refuses or cannot be reached."""
    backend = backend or get_payment_backend(donation.provider)
    subscription = subscription_pending_for(donation=donation) if monthly else None
    checkout = backend.begin_checkout(
        donation,
        success_url=success_url,
        cancel_url=cancel_url,
        monthly=monthly,
        customer_id=subscription.customer_id if subscription else "",
    )
    if subscription is not None and checkout.customer_id:
        Subscription.objects.filter(pk=subscription.pk, customer_id="").update(
            customer_id=checkout.customer_id, updated_at=timezone.now()
        )
    return checkout.url


def _start_date(subscription: Subscription) -> datetime.date:
    """A month after the first payment (the first month is that payment)."""
    first = (
        subscription.payments.filter(paid_at__isnull=False)
        .order_by("paid_at", "pk")
        .values_list("paid_at", flat=True)
        .first()
    )
    day = timezone.localdate(first) if first else timezone.localdate()
    return day + relativedelta(months=1)


def subscription_provider_create(*, subscription_id: int) -> str:
    """Create the provider's subscription of an active monthly gift that has none yet (the
    provider leaves that to us after the first payment). Call it after the commit, never
    inside a transaction: the provider is called between two short database steps. Returns
    the provider's id ("" when there is nothing to do). Raises ``PaymentError``."""
    subscription = (
        Subscription.objects.select_related("organization").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.provider_id:
        return subscription.provider_id if subscription else ""
    if subscription.status not in (Status.ACTIVE, Status.PAST_DUE):
        return ""  # first payment not paid yet, or stopped before it was created
    backend = get_payment_backend(subscription.provider)
    provider_id = backend.create_subscription(subscription, start_date=_start_date(subscription))
    with transaction.atomic():
        Subscription.objects.filter(pk=subscription.pk, provider_id="").update(
            provider_id=provider_id, updated_at=timezone.now()
        )
        subscription = Subscription.objects.get(pk=subscription.pk)
    if subscription.status == Status.CANCELLED:
        # Stopped while the provider was creating it: stop it there too.
        backend.cancel_subscription(subscription)
    return subscription.provider_id


def subscriptions_provider_retry(*, now: datetime.datetime | None = None) -> dict:
    """Periodic: create at the provider the monthly gifts a crash or an outage left without
    their provider's subscription. Safe to run anywhere, any number of times."""
    now = now or timezone.now()
    names = []
    for name in payment_backend_names():
        try:
            if get_payment_backend(name).creates_subscription_after_first_payment:
                names.append(name)
        except ImproperlyConfigured:
            logger.warning("Payment provider %s is misconfigured", name)
    waiting = Subscription.objects.filter(
        provider__in=names,
        provider_id="",
        status__in=[Status.ACTIVE, Status.PAST_DUE],
        updated_at__lt=now - RETRY_AFTER,
    ).exclude(customer_id="")
    created, failed = 0, 0
    for pk in waiting.values_list("pk", flat=True)[:100]:
        try:
            if subscription_provider_create(subscription_id=pk):
                created += 1
        except PaymentError as exc:
            failed += 1
            logger.warning("Monthly gift %s not created at its provider: %s", pk, exc)
    return {"created": created, "failed": failed}


# --- End -------------------------------------------------------------------------------------


@transaction.atomic
def subscription_stopped(
    *,
    subscription: Subscription,
    reason: str,
    actor=None,
    by: str = "provider",
    at: datetime.datetime | None = None,
) -> bool:
    """Record that a monthly gift ended (the provider was told, or told us): cancelled, when,
    why, a line on the person's timeline and, when staff or the donor did it, in the audit
    log. Once: False when it had ended already."""
    now = at or timezone.now()
    reason = (reason or "")[:200]
    changed = (
        Subscription.objects.filter(pk=subscription.pk)
        .exclude(status=Status.CANCELLED)
        .update(
            status=Status.CANCELLED,
            cancelled_at=now,
            cancel_reason=reason,
            updated_at=timezone.now(),
        )
    )
    if not changed:
        return False
    subscription = Subscription.objects.select_related("organization", "person").get(
        pk=subscription.pk
    )
    activity_record(
        person=subscription.person,
        kind=DONATION_MADE,
        summary=_("Monthly gift of %(amount)s stopped (%(reason)s)")
        % {
            "amount": money_text(subscription.amount_cents, subscription.currency),
            "reason": reason,
        },
        actor=actor,
        source=subscription,
        data={"subscription_id": subscription.pk, "monthly": "stopped", "by": by},
        occurred_at=now,
    )
    if by != "provider":
        audit_record(
            organization=subscription.organization,
            actor=actor,
            action="donations.subscription_stopped",
            target=subscription,
            data={"reason": reason, "by": by},
        )
    return True


def subscription_cancel(
    *, subscription: Subscription, reason: str, actor=None, by: str = "staff"
) -> bool:
    """Stop a monthly gift from our side (``by`` "staff" or "donor"): the provider is told
    first, outside any transaction; if it cannot be, ``PaymentError`` is raised and nothing
    changes. Returns False when the monthly gift had ended already."""
    subscription = Subscription.objects.select_related("organization").get(pk=subscription.pk)
    if subscription.status == Status.CANCELLED:
        return False
    try:
        backend = get_payment_backend(subscription.provider)
    except ImproperlyConfigured as exc:
        raise PaymentError(
            _(
                "The payment provider of this monthly gift (%(provider)s) is not configured on "
                "this site any more: stop it in the provider's dashboard."
            )
            % {"provider": subscription.provider}
        ) from exc
    backend.cancel_subscription(subscription)
    return subscription_stopped(subscription=subscription, reason=reason, actor=actor, by=by)


# --- The test provider's months --------------------------------------------------------------


def subscription_simulate(*, subscription: Subscription, paid: bool) -> str:
    """The next month of a test-provider monthly gift, paid or failed, as the test provider
    would report it (the same path as a real provider's event). Returns the event's outcome."""
    from .events import payment_event_apply

    backend = get_payment_backend(subscription.provider)
    if not backend.is_test or subscription.status not in (Status.ACTIVE, Status.PAST_DUE):
        raise SubscriptionError(
            _("Only a running monthly gift of the test provider can be simulated.")
        )
    number = subscription.payments.count() + 1
    event = backend.period_event(subscription, number=number, paid=paid)
    return payment_event_apply(provider=subscription.provider, event=event)


# --- The donor's link ------------------------------------------------------------------------


def subscription_manage_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "o": subscription.organization_id}, salt=LINK_SALT)


def subscription_from_token(token: str) -> Subscription | None:
    """The monthly gift of a donor's signed link (None: forged or altered). The link does not
    expire: it is how the donor stops giving, whenever they want to."""
    try:
        value = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict):
        return None
    return (
        Subscription.objects.select_related("organization", "person")
        .filter(pk=value.get("s"), organization_id=value.get("o"))
        .first()
    )


def subscription_manage_link(subscription: Subscription) -> str:
    return settings.SITE_URL + reverse(
        "donation_monthly:manage", kwargs={"token": subscription_manage_token(subscription)}
    )


def subscription_started_email_send(*, subscription_id: int) -> bool:
    """Tell the donor their monthly gift started, with the link to stop it (sent when it
    becomes active, once). False when there is no address or the person was erased."""
    from .receipts import donor_email, donor_language

    subscription = (
        Subscription.objects.select_related("organization", "person")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.person.erased_at:
        return False
    address = donor_email(subscription.person)
    if not address:
        return False
    with translation.override(donor_language(subscription.person)):
        context = {
            "subscription": subscription,
            "organization": subscription.organization,
            "person": subscription.person,
            "amount": money_text(subscription.amount_cents, subscription.currency),
            "url": subscription_manage_link(subscription),
        }
        subject = render_to_string("donations/email/monthly_started_subject.txt", context)
        body = render_to_string("donations/email/monthly_started_body.txt", context)
    EmailMessage(" ".join(subject.split()), body, None, [address]).send()
    return True
