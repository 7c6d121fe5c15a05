"""A local HTTP server that speaks the part of Stripe's and Mollie's APIs the adapters use, for
the tests (loopback only)::

    with FakePaymentServer() as fake:
        backend = MollieBackend(**fake.options("mollie"))
        url = backend.create_checkout(donation, success_url=..., cancel_url=..., monthly=False)
        fake.mollie_set(payment_id, status="paid")

Stripe: ``POST /v1/checkout/sessions`` (form-encoded, Bearer key, answers ``id`` and ``url``)
and ``POST /v1/refunds``. Mollie: ``POST /v2/payments`` (JSON, amount value with two decimals
checked), ``GET /v2/payments/{id}`` (404 for an unknown id) and ``POST /v2/payments/{id}/
refunds`` (raises ``amountRefunded``). A wrong key gets 401. ``stripe_event`` builds a signed
Stripe webhook body and header.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

from .base import cents_to_value, value_to_cents
from .stripe import stripe_signature_header

STRIPE_SECRET_KEY = "sk_test_fake"  # noqa: S105  (test value, not a secret)
STRIPE_WEBHOOK_SECRET = "whsec_fake"  # noqa: S105
MOLLIE_API_KEY = "test_fakemolliekey"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

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


class FakePaymentServer:
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.requests: list[tuple[str, str]] = []
        self._n = 0

    def __enter__(self):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.fake = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

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
            return handler._reply(404, {"error": {"code": "resource_missing"}})
        if path.startswith("/v2/"):
            if auth != f"Bearer {MOLLIE_API_KEY}":
                return handler._reply(401, {"status": 401, "detail": "Missing authentication"})
            if method == "POST" and path == "/v2/payments":
                data = json.loads(body or b"{}")
                amount = data.get("amount") or {}
                if not re.fullmatch(r"\d+\.\d{2}", str(amount.get("value", ""))):
                    return handler._reply(422, {"status": 422, "detail": "Invalid amount"})
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

    # -- helpers for tests -------------------------------------------------------------------

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
