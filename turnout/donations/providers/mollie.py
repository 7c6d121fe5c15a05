"""Mollie: payments API v2.

- Checkout: ``POST /v2/payments`` (JSON, ``Authorization: Bearer <API key>``) with
  ``amount {"currency": "EUR", "value": "35.00"}`` (a string with two decimals),
  ``description``, ``redirectUrl``, ``cancelUrl``, ``webhookUrl`` and ``metadata``
  (``donation_id``); the donor goes to ``_links.checkout.href``.
- Webhooks carry only the payment ``id`` (form field), unsigned: the payment is fetched with
  ``GET /v2/payments/{id}`` and its status believed from there. An id Mollie does not know
  (404) is answered 200 with nothing recorded, as Mollie advises (an answer must not tell a
  prober which ids exist).
- Status: ``paid`` (with ``amountRefunded`` > 0 a refund total, ``amountChargedBack`` a
  chargeback), ``failed``, ``canceled``, ``expired``; ``open``/``pending``/``authorized`` wait.
  Mollie has no event ids: each state seen is one event (``tr_x:paid``, ``tr_x:refunded:
  1000``...), so the same state reported twice is applied once.
- Monthly gifts: the checkout creates a customer (``POST /v2/customers``, name and email) and
  a *first* payment for it (``sequenceType: "first"``, ``customerId``, metadata ``monthly``):
  paying it gives Mollie the mandate. Once it is paid, ``create_subscription`` creates the
  subscription (``POST /v2/customers/{customerId}/subscriptions``: amount, ``interval: "1
  month"``, ``startDate`` a month later, a description unique for the customer, ``webhookUrl``,
  metadata naming our monthly gift). That call is made after the commit, and made safe to
  repeat: the customer's subscriptions are listed first and one naming our monthly gift is
  reused, and the request carries an ``Idempotency-Key`` derived from our monthly gift
  (docs/decisions/0061-mollie-subscription-after-commit.md).
- Later payments of a subscription reach the same webhook; the fetched payment has
  ``subscriptionId`` and ``sequenceType: "recurring"``: paid is a new month's donation
  (``PERIOD_PAID``), failed/canceled/expired a failed month (``PERIOD_FAILED``).
- Stopping: ``DELETE /v2/customers/{customerId}/subscriptions/{subscriptionId}``.
"""

from __future__ import annotations

import uuid

from django.utils.translation import gettext

from . import http
from .base import (
    Checkout,
    Event,
    EventKind,
    PaymentBackend,
    PaymentError,
    WebhookRejected,
    cents_to_value,
    option,
    value_to_cents,
)


def _amount(value) -> int | None:
    return value_to_cents((value or {}).get("value")) if isinstance(value, dict) else None


class MollieBackend(PaymentBackend):
    name = "mollie"
    label = "Mollie"
    supports_monthly = True
    creates_subscription_after_first_payment = True

    def __init__(self, **options):
        super().__init__(**options)
        self.api_key = option(options, "api_key", "")
        self.base_url = option(options, "base_url", "https://api.mollie.com").rstrip("/")
        # Absolute URL of our webhook for this provider (``https://site/hooks/donations/mollie/``).
        self.webhook_url = option(options, "webhook_url", "")

    def _request(self, method: str, path: str, *, idempotency_key: str = "", **kwargs):
        headers = {"Authorization": f"Bearer {self.api_key}"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        response = http.send(
            "Mollie", self.options, method, self.base_url + path, headers=headers, **kwargs
        )
        return response, http.json_of(response)

    @staticmethod
    def _refused(message: str, response, payload) -> PaymentError:
        return PaymentError(
            message % {"text": payload.get("detail") or response.status_code},
            code=str(response.status_code),
        )

    # -- checkout ---------------------------------------------------------------------------

    def create_checkout(self, donation, *, success_url: str, cancel_url: str, monthly: bool) -> str:
        return self.begin_checkout(
            donation, success_url=success_url, cancel_url=cancel_url, monthly=monthly
        ).url

    def begin_checkout(
        self, donation, *, success_url: str, cancel_url: str, monthly: bool, customer_id: str = ""
    ) -> Checkout:
        org = {"org": donation.organization.name}
        body = {
            "amount": {
                "currency": donation.currency,
                "value": cents_to_value(donation.amount_cents),
            },
            "description": (
                gettext("Monthly donation to %(org)s")
                if monthly
                else gettext("Donation to %(org)s")
            )
            % org,
            "redirectUrl": success_url,
            "cancelUrl": cancel_url,
            "metadata": {
                "donation_id": str(donation.pk),
                "organization_id": str(donation.organization_id),
            },
        }
        if monthly:
            customer_id = customer_id or self.create_customer(donation)
            body["sequenceType"] = "first"
            body["customerId"] = customer_id
            body["metadata"]["monthly"] = True
        if self.webhook_url:
            body["webhookUrl"] = self.webhook_url
        response, payload = self._request("POST", "/v2/payments", json=body)
        if response.status_code >= 400:
            raise self._refused(gettext("Mollie refused the payment: %(text)s"), response, payload)
        href = ((payload.get("_links") or {}).get("checkout") or {}).get("href")
        if not href:
            raise PaymentError(gettext("Mollie gave no checkout address."))
        return Checkout(url=href, customer_id=customer_id if monthly else "")

    def create_customer(self, donation) -> str:
        """A Mollie customer for the donor of a monthly gift (its mandate pays the months)."""
        person = donation.person
        body = {
            "name": " ".join(p for p in (person.given_name, person.family_name) if p),
            "metadata": {
                "person_id": str(person.pk),
                "organization_id": str(donation.organization_id),
            },
        }
        email = person.emails.order_by("-primary", "pk").values_list("address", flat=True).first()
        if email:
            body["email"] = email
        response, payload = self._request("POST", "/v2/customers", json=body)
        if response.status_code >= 400 or not payload.get("id"):
            raise self._refused(
                gettext("Mollie refused the monthly gift: %(text)s"), response, payload
            )
        return str(payload["id"])

    # -- subscriptions ----------------------------------------------------------------------

    def _idempotency_key(self, subscription) -> str:
        """The same key for every attempt of the same monthly gift of this site."""
        name = f"{self.webhook_url or 'turnout'}#subscription-{subscription.pk}"
        return str(uuid.uuid5(uuid.NAMESPACE_URL, name))

    def _existing_subscription(self, subscription) -> str:
        """The id of a live subscription of the customer that names our monthly gift."""
        response, payload = self._request(
            "GET", f"/v2/customers/{subscription.customer_id}/subscriptions"
        )
        if response.status_code >= 400:
            raise self._refused(gettext("Mollie refused the request: %(text)s"), response, payload)
        for item in (payload.get("_embedded") or {}).get("subscriptions") or []:
            metadata = item.get("metadata") if isinstance(item, dict) else None
            if (
                isinstance(metadata, dict)
                and str(metadata.get("subscription_id")) == str(subscription.pk)
                and item.get("status") in ("pending", "active")
            ):
                return str(item["id"])
        return ""

    def create_subscription(self, subscription, *, start_date) -> str:
        if not subscription.customer_id:
            raise PaymentError(gettext("This monthly gift has no Mollie customer."))
        existing = self._existing_subscription(subscription)
        if existing:
            return existing
        body = {
            "amount": {
                "currency": subscription.currency,
                "value": cents_to_value(subscription.amount_cents),
            },
            "interval": "1 month",
            "startDate": start_date.isoformat(),
            # Unique for the customer (Mollie requires it); shown on the bank statement.
            "description": gettext("Monthly donation to %(org)s (no. %(number)s)")
            % {"org": subscription.organization.name, "number": subscription.pk},
            "metadata": {
                "subscription_id": str(subscription.pk),
                "organization_id": str(subscription.organization_id),
            },
        }
        if self.webhook_url:
            body["webhookUrl"] = self.webhook_url
        response, payload = self._request(
            "POST",
            f"/v2/customers/{subscription.customer_id}/subscriptions",
            json=body,
            idempotency_key=self._idempotency_key(subscription),
        )
        if response.status_code >= 400 or not payload.get("id"):
            raise self._refused(
                gettext("Mollie refused the monthly gift: %(text)s"), response, payload
            )
        return str(payload["id"])

    def cancel_subscription(self, subscription) -> None:
        if not (subscription.provider_id and subscription.customer_id):
            return  # nothing was created at Mollie yet
        path = f"/v2/customers/{subscription.customer_id}/subscriptions/{subscription.provider_id}"
        response, payload = self._request("DELETE", path)
        if response.status_code == 404:
            return  # Mollie no longer has it: nothing can be charged
        if response.status_code == 422:
            # Mollie refuses to cancel what is no longer active: check that it is stopped.
            check, current = self._request("GET", path)
            if check.status_code == 404 or current.get("status") in ("canceled", "completed"):
                return
        if response.status_code >= 400:
            raise self._refused(
                gettext("Mollie refused to stop the monthly gift: %(text)s"), response, payload
            )

    # -- payments ---------------------------------------------------------------------------

    def fetch_payment(self, payment_id: str) -> dict | None:
        response, payload = self._request("GET", f"/v2/payments/{payment_id}")
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise self._refused(gettext("Mollie refused the request: %(text)s"), response, payload)
        return payload

    def refund(self, donation) -> None:
        body = {
            "amount": {
                "currency": donation.currency,
                "value": cents_to_value(donation.amount_cents - donation.refunded_cents),
            }
        }
        response, payload = self._request(
            "POST", f"/v2/payments/{donation.provider_id}/refunds", json=body
        )
        if response.status_code >= 400:
            raise self._refused(gettext("Mollie refused the refund: %(text)s"), response, payload)

    def parse_webhook(self, request) -> list[Event]:
        payment_id = request.POST.get("id", "").strip()
        if not payment_id or len(payment_id) > 100 or not payment_id.isascii():
            raise WebhookRejected("mollie: no payment id")
        payment = self.fetch_payment(payment_id)
        if payment is None:
            return []  # unknown id: 200, nothing recorded
        return self.events_of(payment)

    def events_of(self, payment: dict) -> list[Event]:
        pid = str(payment.get("id") or "")
        status = payment.get("status") or ""
        metadata = payment.get("metadata") or {}
        if not isinstance(metadata, dict):
            metadata = {}
        donation_id = metadata.get("donation_id")
        donation_id = int(donation_id) if str(donation_id or "").isdigit() else None
        amount = payment.get("amount") or {}
        subscription_id = str(payment.get("subscriptionId") or "")
        common = {
            "donation_id": donation_id,
            "provider_id": pid,
            "currency": str(amount.get("currency") or ""),
            "customer_id": str(payment.get("customerId") or ""),
            "payload": payment,
        }
        if subscription_id:  # a month of a subscription: a donation of ours made here
            common.update(donation_id=None, subscription_id=subscription_id)
            if status in ("failed", "canceled", "expired"):
                return [
                    Event(
                        event_id=f"{pid}:{status}",
                        kind=EventKind.PERIOD_FAILED,
                        raw_kind=status,
                        amount_cents=_amount(amount),
                        **common,
                    )
                ]
        if status == "paid":
            first = Event(
                event_id=f"{pid}:paid",
                kind=EventKind.PERIOD_PAID if subscription_id else EventKind.PAID,
                raw_kind=status,
                amount_cents=_amount(amount),
                monthly=not subscription_id
                and (payment.get("sequenceType") == "first" or bool(metadata.get("monthly"))),
                **common,
            )
            # Refunds and chargebacks name the payment, not the subscription.
            common = {**common, "subscription_id": ""}
            events = [first]
            refunded = _amount(payment.get("amountRefunded")) or 0
            if refunded:
                events.append(
                    Event(
                        event_id=f"{pid}:refunded:{refunded}",
                        kind=EventKind.REFUNDED,
                        raw_kind="refunded",
                        refunded_cents=refunded,
                        **common,
                    )
                )
            if _amount(payment.get("amountChargedBack")):
                events.append(
                    Event(
                        event_id=f"{pid}:chargeback",
                        kind=EventKind.DISPUTED,
                        raw_kind="chargeback",
                        **common,
                    )
                )
            return events
        if status in ("failed", "canceled", "expired"):
            kind = EventKind.FAILED if status == "failed" else EventKind.CANCELLED
            return [Event(event_id=f"{pid}:{status}", kind=kind, raw_kind=status, **common)]
        return []  # open, pending, authorized: wait for the next call
