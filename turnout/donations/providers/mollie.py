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
- Monthly gifts (customers, mandates, ``sequenceType=first``) are not implemented yet.
"""

from __future__ import annotations

from django.utils.translation import gettext

from . import http
from .base import (
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
    supports_monthly = False

    def __init__(self, **options):
        super().__init__(**options)
        self.api_key = option(options, "api_key", "")
        self.base_url = option(options, "base_url", "https://api.mollie.com").rstrip("/")
        # Absolute URL of our webhook for this provider (``https://site/hooks/donations/mollie/``).
        self.webhook_url = option(options, "webhook_url", "")

    def _request(self, method: str, path: str, **kwargs):
        headers = {"Authorization": f"Bearer {self.api_key}"}
        response = http.send(
            "Mollie", self.options, method, self.base_url + path, headers=headers, **kwargs
        )
        return response, http.json_of(response)

    def create_checkout(self, donation, *, success_url: str, cancel_url: str, monthly: bool) -> str:
        if monthly:
            raise PaymentError(gettext("Monthly gifts are not available with Mollie yet."))
        body = {
            "amount": {
                "currency": donation.currency,
                "value": cents_to_value(donation.amount_cents),
            },
            "description": gettext("Donation to %(org)s") % {"org": donation.organization.name},
            "redirectUrl": success_url,
            "cancelUrl": cancel_url,
            "metadata": {
                "donation_id": str(donation.pk),
                "organization_id": str(donation.organization_id),
            },
        }
        if self.webhook_url:
            body["webhookUrl"] = self.webhook_url
        response, payload = self._request("POST", "/v2/payments", json=body)
        if response.status_code >= 400:
            raise PaymentError(
                gettext("Mollie refused the payment: %(text)s")
                % {"text": payload.get("detail") or response.status_code},
                code=str(response.status_code),
            )
        href = ((payload.get("_links") or {}).get("checkout") or {}).get("href")
        if not href:
            raise PaymentError(gettext("Mollie gave no checkout address."))
        return href

    def fetch_payment(self, payment_id: str) -> dict | None:
        response, payload = self._request("GET", f"/v2/payments/{payment_id}")
        if response.status_code == 404:
            return None
        if response.status_code >= 400:
            raise PaymentError(
                gettext("Mollie refused the request: %(text)s")
                % {"text": payload.get("detail") or response.status_code},
                code=str(response.status_code),
            )
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
            raise PaymentError(
                gettext("Mollie refused the refund: %(text)s")
                % {"text": payload.get("detail") or response.status_code},
                code=str(response.status_code),
            )

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
        donation_id = metadata.get("donation_id") if isinstance(metadata, dict) else None
        donation_id = int(donation_id) if str(donation_id or "").isdigit() else None
        amount = payment.get("amount") or {}
        common = {
            "donation_id": donation_id,
            "provider_id": pid,
            "currency": str(amount.get("currency") or ""),
            "payload": payment,
        }
        if status == "paid":
            events = [
                Event(
                    event_id=f"{pid}:paid",
                    kind=EventKind.PAID,
                    raw_kind=status,
                    amount_cents=_amount(amount),
                    **common,
                )
            ]
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
