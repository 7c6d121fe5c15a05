"""A local HTTP server that speaks the part of Stripe's and Mollie's APIs the adapters use, for
the tests (loopback only)::

    with FakePaymentServer() as fake:
        backend = MollieBackend(**fake.options("mollie"))
        url = backend.create_checkout(donation, success_url=..., cancel_url=..., monthly=False)
        fake.mollie_set(payment_id, status="paid")

Stripe: ``POST /v1/checkout/sessions`` (form-encoded, Bearer key, answers ``id`` and ``url``),
``POST /v1/refunds`` and ``DELETE /v1/subscriptions/{id}`` (``status: "canceled"``; an unknown
id is 404 ``resource_missing``). Mollie: ``POST /v2/payments`` (JSON, amount value with two
decimals checked; ``sequenceType: "first"`` needs a known ``customerId``), ``GET /v2/payments/
{id}`` (404 for an unknown id), ``POST /v2/payments/{id}/refunds`` (raises ``amountRefunded``),
``POST /v2/customers``, and a customer's subscriptions: ``POST`` (amount, ``interval``,
``startDate`` and a ``description`` unique among the customer's active subscriptions checked;
a repeated ``Idempotency-Key`` answers the first answer again), ``GET`` (the list, in
``_embedded.subscriptions``), ``GET`` one and ``DELETE`` one (``status: "canceled"``; 422 when
it is not active). ``mollie_recurring`` makes the payment Mollie would make for a month of a
subscription. A wrong key gets 401; ``outage = True`` answers 503 to everything.
``stripe_event`` builds a signed Stripe webhook body and header.
"""

from __future__ import annotations

import json
import re
import threading
import time
from urllib.parse import parse_qsl

from turnout.core.loopback import LoopbackServer, QuietHandler

from .base import cents_to_value, value_to_cents
from .stripe import stripe_signature_header

STRIPE_SECRET_KEY = "sk_test_fake"  # noqa: S105  (test value, not a secret)
STRIPE_WEBHOOK_SECRET = "whsec_fake"  # noqa: S105
MOLLIE_API_KEY = "test_fakemolliekey"


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.1"

    def _reply(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        self.server.fake.handle(self, "GET", self.path, b"")

    def do_POST(self):
        self.server.fake.handle(self, "POST", self.path, self._body())

    def do_DELETE(self):
        self.server.fake.handle(self, "DELETE", self.path, self._body())


class FakePaymentServer(LoopbackServer):
    handler = _Handler
    thread_name = "fake-payment-providers"

    def __init__(self):
        self.lock = threading.Lock()
        self.sessions: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.customers: dict[str, dict] = {}
        self.subscriptions: dict[str, dict] = {}  # Mollie's, by id
        self.stripe_subscriptions: dict[str, dict] = {}
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.requests: list[tuple[str, str]] = []
        self.outage = False
        self._n = 0

    def options(self, provider: str) -> dict:
        if provider == "stripe":
            return {
                "secret_key": STRIPE_SECRET_KEY,
                "webhook_secret": STRIPE_WEBHOOK_SECRET,
                "base_url": self.base_url,
            }
        return {
            "api_key": MOLLIE_API_KEY,
            "base_url": self.base_url,
            "webhook_url": "https://turnout.example/hooks/donations/mollie/",
        }

    def _next(self, prefix: str) -> str:
        with self.lock:
            self._n += 1
            return f"{prefix}{self._n:06d}"

    # -- request handling --------------------------------------------------------------------

    def handle(self, handler: _Handler, method: str, path: str, body: bytes) -> None:
        self.requests.append((method, path))
        if self.outage:
            return handler._reply(503, {"detail": "Service unavailable"})
        auth = handler.headers.get("Authorization", "")
        if path.startswith("/v1/"):
            if auth != f"Bearer {STRIPE_SECRET_KEY}":
                return handler._reply(401, {"error": {"message": "Invalid API Key provided"}})
            form = dict(parse_qsl(body.decode()))
            if method == "POST" and path == "/v1/checkout/sessions":
                sid = self._next("cs_test_")
                session = {
                    "id": sid,
                    "object": "checkout.session",
                    "url": f"https://checkout.stripe.test/c/pay/{sid}",
                    "form": form,
                }
                self.sessions[sid] = session
                return handler._reply(200, session)
            if method == "POST" and path == "/v1/refunds":
                refund = {"id": self._next("re_"), "object": "refund", **form}
                self.refunds.append(refund)
                return handler._reply(200, refund)
            match = re.fullmatch(r"/v1/subscriptions/(\w+)", path)
            if method == "DELETE" and match:
                subscription = self.stripe_subscriptions.get(match.group(1))
                if subscription is None:
                    return handler._reply(
                        404,
                        {"error": {"code": "resource_missing", "message": "No such subscription"}},
                    )
                subscription["status"] = "canceled"
                return handler._reply(200, subscription)
            return handler._reply(404, {"error": {"code": "resource_missing"}})
        if path.startswith("/v2/"):
            if auth != f"Bearer {MOLLIE_API_KEY}":
                return handler._reply(401, {"status": 401, "detail": "Missing authentication"})
            if path.startswith("/v2/customers"):
                return self._mollie_customers(handler, method, path, body)
            if method == "POST" and path == "/v2/payments":
                data = json.loads(body or b"{}")
                amount = data.get("amount") or {}
                if not re.fullmatch(r"\d+\.\d{2}", str(amount.get("value", ""))):
                    return handler._reply(422, {"status": 422, "detail": "Invalid amount"})
                if data.get("sequenceType") == "first" and data.get("customerId") not in (
                    self.customers
                ):
                    return handler._reply(422, {"status": 422, "detail": "Invalid customerId"})
                pid = self._next("tr_")
                payment = {
                    "resource": "payment",
                    "id": pid,
                    "status": "open",
                    "amount": amount,
                    "description": data.get("description", ""),
                    "redirectUrl": data.get("redirectUrl"),
                    "webhookUrl": data.get("webhookUrl"),
                    "metadata": data.get("metadata"),
                    "sequenceType": data.get("sequenceType") or "oneoff",
                    "customerId": data.get("customerId"),
                    "_links": {"checkout": {"href": f"https://www.mollie.test/checkout/{pid}"}},
                }
                self.payments[pid] = payment
                return handler._reply(201, payment)
            match = re.fullmatch(r"/v2/payments/([\w]+)(/refunds)?", path)
            payment = self.payments.get(match.group(1)) if match else None
            if payment is None:
                return handler._reply(404, {"status": 404, "detail": "No payment exists"})
            if method == "GET" and not match.group(2):
                return handler._reply(200, payment)
            if method == "POST" and match.group(2):
                value = value_to_cents(json.loads(body or b"{}")["amount"]["value"])
                self.mollie_refund(payment["id"], value)
                return handler._reply(201, {"resource": "refund", "id": self._next("re_")})
        return handler._reply(404, {"detail": "not found"})

    def _mollie_customers(self, handler: _Handler, method: str, path: str, body: bytes):
        data = json.loads(body or b"{}") if method == "POST" else {}
        if method == "POST" and path == "/v2/customers":
            cid = self._next("cst_")
            self.customers[cid] = {
                "resource": "customer",
                "id": cid,
                "name": data.get("name"),
                "email": data.get("email"),
                "metadata": data.get("metadata"),
            }
            return handler._reply(201, self.customers[cid])
        match = re.fullmatch(r"/v2/customers/(\w+)/subscriptions(?:/(\w+))?", path)
        if not match or match.group(1) not in self.customers:
            return handler._reply(404, {"status": 404, "detail": "No customer exists"})
        cid, sid = match.groups()
        mine = [s for s in self.subscriptions.values() if s["customerId"] == cid]
        if method == "GET" and sid is None:
            return handler._reply(200, {"count": len(mine), "_embedded": {"subscriptions": mine}})
        if method == "POST" and sid is None:
            key = handler.headers.get("Idempotency-Key", "")
            if key and key in self.idempotent:
                return handler._reply(*self.idempotent[key])
            answer = self._mollie_subscription_create(cid, data, mine)
            if key:
                self.idempotent[key] = answer
            return handler._reply(*answer)
        subscription = self.subscriptions.get(sid or "")
        if subscription is None or subscription["customerId"] != cid:
            return handler._reply(404, {"status": 404, "detail": "No subscription exists"})
        if method == "GET":
            return handler._reply(200, subscription)
        if method == "DELETE":
            if subscription["status"] != "active":
                return handler._reply(
                    422, {"status": 422, "detail": "The subscription is no longer active"}
                )
            subscription["status"] = "canceled"
            return handler._reply(200, subscription)
        return handler._reply(404, {"detail": "not found"})

    def _mollie_subscription_create(self, cid: str, data: dict, mine: list) -> tuple[int, dict]:
        amount = data.get("amount") or {}
        if not re.fullmatch(r"\d+\.\d{2}", str(amount.get("value", ""))):
            return 422, {"status": 422, "detail": "Invalid amount"}
        if not re.fullmatch(r"\d+ (days?|weeks?|months?)", str(data.get("interval", ""))):
            return 422, {"status": 422, "detail": "Invalid interval"}
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(data.get("startDate", ""))):
            return 422, {"status": 422, "detail": "Invalid startDate"}
        description = data.get("description") or ""
        if not description or any(
            s["description"] == description and s["status"] == "active" for s in mine
        ):
            return 422, {"status": 422, "detail": "The description must be unique"}
        sid = self._next("sub_")
        self.subscriptions[sid] = {
            "resource": "subscription", "id": sid, "customerId": cid, "status": "active",
            "amount": amount, "interval": data["interval"], "startDate": data["startDate"],
            "description": description, "webhookUrl": data.get("webhookUrl"),
            "metadata": data.get("metadata"),
        }  # fmt: skip
        return 201, self.subscriptions[sid]

    # -- helpers for tests -------------------------------------------------------------------

    def mollie_recurring(self, subscription_id: str, *, status: str) -> str:
        """The payment Mollie makes for a month of a subscription (its webhook then names
        it): ``sequenceType: "recurring"``, ``subscriptionId``, the subscription's amount."""
        subscription = self.subscriptions[subscription_id]
        pid = self._next("tr_")
        self.payments[pid] = {
            "resource": "payment", "id": pid, "status": status,
            "amount": subscription["amount"], "description": subscription["description"],
            "sequenceType": "recurring", "customerId": subscription["customerId"],
            "subscriptionId": subscription_id, "mandateId": "mdt_fake",
            "webhookUrl": subscription["webhookUrl"],
        }  # fmt: skip
        return pid

    def stripe_subscription(self, subscription_id: str) -> None:
        """A subscription Stripe knows (made by a checkout in subscription mode)."""
        self.stripe_subscriptions[subscription_id] = {
            "id": subscription_id,
            "object": "subscription",
            "status": "active",
        }

    def mollie_set(self, payment_id: str, *, status: str) -> None:
        self.payments[payment_id]["status"] = status

    def mollie_refund(self, payment_id: str, cents: int) -> None:
        payment = self.payments[payment_id]
        already = value_to_cents((payment.get("amountRefunded") or {}).get("value")) or 0
        currency = payment["amount"]["currency"]
        payment["amountRefunded"] = {"currency": currency, "value": cents_to_value(already + cents)}


def stripe_event(
    kind: str,
    obj: dict,
    *,
    event_id: str = "evt_1",
    secret: str = STRIPE_WEBHOOK_SECRET,
    timestamp: int | None = None,
) -> tuple[bytes, str]:
    """A Stripe event body and its ``Stripe-Signature`` header, signed as Stripe signs."""
    body = json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": kind,
            "created": int(time.time()),
            "data": {"object": obj},
        }
    ).encode()
    return body, stripe_signature_header(secret, body, timestamp)
