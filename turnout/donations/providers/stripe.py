"""Stripe: Checkout Sessions and signed webhooks.

- Checkout: ``POST /v1/checkout/sessions`` (form-encoded, ``Authorization: Bearer <secret
  key>``), ``mode=payment`` or ``mode=subscription`` with ``price_data[recurring][interval]=
  month``; ``client_reference_id`` and ``metadata[donation_id]`` carry our donation id, also
  copied to the PaymentIntent (``payment_intent_data[metadata]``) or the Subscription
  (``subscription_data[metadata]``) so that later events name it too. The answer's ``url`` is
  where the donor goes.
- Webhooks: ``Stripe-Signature: t=<unix time>,v1=<hex>[,v1=<hex>...]`` where each ``v1`` is
  HMAC-SHA256(endpoint secret, ``"<t>.<raw body>"``); any matching ``v1`` is accepted
  (compared in constant time; several secrets may be configured while one is rolled), and
  ``t`` must be within ``tolerance`` seconds (300) of now, which stops replays.
- Events acted on: ``checkout.session.completed`` / ``checkout.session.async_payment_
  succeeded`` (paid), ``checkout.session.async_payment_failed`` and ``payment_intent.payment_
  failed`` (failed), ``checkout.session.expired`` (cancelled), ``charge.refunded`` (refunded,
  ``amount_refunded`` is a total), ``charge.dispute.created`` (disputed), ``invoice.paid``
  (a later month of a subscription; the first one is the checkout's own donation),
  ``invoice.payment_failed`` (a later month failed: each retry Stripe makes of the same invoice
  is another event of the same month; a later ``invoice.paid`` of that invoice makes the month
  paid), ``customer.subscription.deleted`` (with ``cancellation_details.reason``). Anything
  else is recorded and ignored.
- Refunds: ``POST /v1/refunds`` with the PaymentIntent.
- Stopping a monthly gift: ``DELETE /v1/subscriptions/{id}`` (cancels at once; Stripe then
  sends ``customer.subscription.deleted``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime

from django.utils.translation import gettext

from . import http
from .base import Event, EventKind, PaymentBackend, PaymentError, WebhookRejected, option

DEFAULT_TOLERANCE = 300


def stripe_signature_header(secret: str, body: bytes | str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header Stripe would send for ``body`` (used by the tests)."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    raw = body.decode() if isinstance(body, bytes) else body
    digest = hmac.new(secret.encode(), f"{timestamp}.{raw}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(
    body: bytes, header: str, secrets: list[str], *, tolerance: int = DEFAULT_TOLERANCE
) -> None:
    if not header:
        raise WebhookRejected("stripe: missing Stripe-Signature")
    if not secrets:
        raise WebhookRejected("stripe: no webhook secret configured")
    timestamp = None
    signatures = []
    for part in header.split(","):
        key, _sep, value = part.strip().partition("=")
        if key == "t":
            timestamp = value
        elif key == "v1":
            signatures.append(value)
    if not timestamp or not timestamp.isdigit() or not signatures:
        raise WebhookRejected("stripe: malformed Stripe-Signature")
    if abs(time.time() - int(timestamp)) > tolerance:
        raise WebhookRejected("stripe: timestamp outside the tolerance (replay?)")
    signed = timestamp.encode() + b"." + body
    for secret in secrets:
        expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, given) for given in signatures):
            return
    raise WebhookRejected("stripe: signature does not match")


def _donation_id(*objects) -> int | None:
    for obj in objects:
        if not isinstance(obj, dict):
            continue
        for value in (
            (obj.get("metadata") or {}).get("donation_id"),
            obj.get("client_reference_id"),
        ):
            if value and str(value).isdigit():
                return int(value)
    return None


def _ref(value) -> str:
    """An expandable field: an id, or the expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


class StripeBackend(PaymentBackend):
    name = "stripe"
    label = "Stripe"
    supports_monthly = True

    def __init__(self, **options):
        super().__init__(**options)
        self.secret_key = option(options, "secret_key", "")
        secrets = option(options, "webhook_secret", "") or ""
        if isinstance(secrets, str):
            secrets = [s.strip() for s in secrets.split(",")]
        self.webhook_secrets = [s for s in secrets if s]
        self.tolerance = int(option(options, "tolerance", DEFAULT_TOLERANCE))
        self.base_url = option(options, "base_url", "https://api.stripe.com").rstrip("/")

    def _request(self, method: str, path: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.secret_key}"}
        response = http.send("Stripe", self.options, method, self.base_url + path,
                             headers=headers, **kwargs)  # fmt: skip
        payload = http.json_of(response)
        if response.status_code >= 400:
            error = payload.get("error") or {}
            raise PaymentError(
                gettext("Stripe refused the request: %(text)s")
                % {"text": error.get("message") or response.status_code},
                code=str(error.get("code") or response.status_code),
            )
        return payload

    # -- checkout ---------------------------------------------------------------------------

    def create_checkout(self, donation, *, success_url: str, cancel_url: str, monthly: bool) -> str:
        ref = str(donation.pk)
        data = {
            "mode": "subscription" if monthly else "payment",
            "success_url": success_url,
            "cancel_url": cancel_url,
            "client_reference_id": ref,
            "metadata[donation_id]": ref,
            "metadata[organization_id]": str(donation.organization_id),
            "line_items[0][quantity]": "1",
            "line_items[0][price_data][currency]": donation.currency.lower(),
            "line_items[0][price_data][unit_amount]": str(donation.amount_cents),
            "line_items[0][price_data][product_data][name]": (
                gettext("Monthly donation to %(org)s")
                if monthly
                else gettext("Donation to %(org)s")
            )
            % {"org": donation.organization.name},
        }
        if monthly:
            data["line_items[0][price_data][recurring][interval]"] = "month"
            data["subscription_data[metadata][donation_id]"] = ref
        else:
            data["payment_intent_data[metadata][donation_id]"] = ref
        email = (
            donation.person.emails.order_by("-primary", "pk")
            .values_list("address", flat=True)
            .first()
        )
        if email:
            data["customer_email"] = email
        session = self._request("POST", "/v1/checkout/sessions", data=data)
        if not session.get("url"):
            raise PaymentError(gettext("Stripe gave no checkout address."))
        return session["url"]

    def fetch_payment(self, payment_id: str) -> dict | None:
        try:
            return self._request("GET", f"/v1/payment_intents/{payment_id}")
        except PaymentError as exc:
            if exc.code in ("404", "resource_missing"):
                return None
            raise

    def refund(self, donation) -> None:
        if not donation.provider_id.startswith("pi_"):
            raise PaymentError(gettext("This payment cannot be refunded from here."))
        self._request("POST", "/v1/refunds", data={"payment_intent": donation.provider_id})

    def cancel_subscription(self, subscription) -> None:
        if not subscription.provider_id.startswith("sub_"):
            return  # nothing was created at Stripe
        try:
            self._request("DELETE", f"/v1/subscriptions/{subscription.provider_id}")
        except PaymentError as exc:
            if exc.code in ("404", "resource_missing"):
                return  # Stripe no longer has it: nothing can be charged
            raise

    # -- webhooks ---------------------------------------------------------------------------

    def parse_webhook(self, request) -> list[Event]:
        body = request.body
        verify_signature(
            body,
            request.headers.get("Stripe-Signature", ""),
            self.webhook_secrets,
            tolerance=self.tolerance,
        )
        try:
            event = json.loads(body)
            obj = event["data"]["object"]
            event_id, kind = str(event["id"]), str(event["type"])
        except (ValueError, KeyError, TypeError) as exc:
            raise WebhookRejected("stripe: not an event") from exc
        created = event.get("created")
        occurred = datetime.fromtimestamp(int(created), UTC) if str(created).isdigit() else None
        base = {"event_id": event_id, "raw_kind": kind, "occurred_at": occurred, "payload": event}
        return [self._event(kind, obj, base)]

    def _event(self, kind: str, obj: dict, base: dict) -> Event:
        if kind in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
            if obj.get("payment_status") not in ("paid", "no_payment_required"):
                return Event(kind=EventKind.IGNORED, **base)  # a delayed method: wait
            payment = _ref(obj.get("payment_intent")) or _ref(obj.get("invoice")) or obj["id"]
            return Event(
                kind=EventKind.PAID,
                donation_id=_donation_id(obj),
                provider_id=payment,
                amount_cents=obj.get("amount_total"),
                currency=str(obj.get("currency") or "").upper(),
                subscription_id=_ref(obj.get("subscription")),
                customer_id=_ref(obj.get("customer")),
                **base,
            )
        if kind in ("checkout.session.async_payment_failed", "checkout.session.expired"):
            return Event(
                kind=EventKind.FAILED if kind.endswith("failed") else EventKind.CANCELLED,
                donation_id=_donation_id(obj),
                **base,
            )
        if kind == "payment_intent.payment_failed":
            return Event(
                kind=EventKind.FAILED,
                donation_id=_donation_id(obj),
                provider_id=obj.get("id", ""),
                **base,
            )
        if kind == "charge.refunded":
            return Event(
                kind=EventKind.REFUNDED,
                donation_id=_donation_id(obj),
                provider_id=_ref(obj.get("payment_intent")),
                lookup_ids=tuple(x for x in (_ref(obj.get("invoice")),) if x),
                refunded_cents=obj.get("amount_refunded"),
                currency=str(obj.get("currency") or "").upper(),
                **base,
            )
        if kind == "charge.dispute.created":
            return Event(
                kind=EventKind.DISPUTED,
                donation_id=_donation_id(obj),
                provider_id=_ref(obj.get("payment_intent")),
                **base,
            )
        if kind in ("invoice.paid", "invoice.payment_failed"):
            subscription = _ref(obj.get("subscription")) or _ref(
                ((obj.get("parent") or {}).get("subscription_details") or {}).get("subscription")
            )
            if obj.get("billing_reason") == "subscription_create" or not subscription:
                # The first month is the checkout's own donation (checkout.session.*).
                return Event(kind=EventKind.IGNORED, **base)
            invoice = str(obj.get("id") or "")
            if kind == "invoice.payment_failed":
                return Event(
                    kind=EventKind.PERIOD_FAILED,
                    provider_id=invoice,
                    lookup_ids=(invoice,),
                    amount_cents=obj.get("amount_due"),
                    currency=str(obj.get("currency") or "").upper(),
                    subscription_id=subscription,
                    customer_id=_ref(obj.get("customer")),
                    **base,
                )
            return Event(
                kind=EventKind.PERIOD_PAID,
                provider_id=_ref(obj.get("payment_intent")) or invoice,
                lookup_ids=(invoice,),
                amount_cents=obj.get("amount_paid"),
                currency=str(obj.get("currency") or "").upper(),
                subscription_id=subscription,
                customer_id=_ref(obj.get("customer")),
                **base,
            )
        if kind == "customer.subscription.deleted":
            details = obj.get("cancellation_details") or {}
            return Event(
                kind=EventKind.SUBSCRIPTION_CANCELLED,
                subscription_id=obj.get("id", ""),
                reason=str(details.get("reason") or "") if isinstance(details, dict) else "",
                **base,
            )
        return Event(kind=EventKind.IGNORED, **base)
