"""A local HTTP server that speaks the WhatsApp Cloud API's send endpoint, and builders of the
webhook notifications Meta posts (signed as Meta signs them).

    with FakeWhatsAppServer() as fake:
        with override_settings(TURNOUT_WHATSAPP=fake.settings()):
            ...  # our code sends replies to fake.base_url
        assert fake.sent[0].body == "..."

What it emulates (see providers/whatsapp.py for the documented format): ``POST
/{version}/{phone-number-id}/messages`` with a Bearer token (a wrong one gets Graph's 401 with
error code 190), the required ``messaging_product``/``to``/``type``/``text.body`` (a missing one
gets error 100), and the success body with a ``wamid`` id. Numbers can be made to fail as Meta
reports it: ``fake.number_errors["+33600000000"] = 131026``.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass

from turnout.core.loopback import LoopbackServer, QuietHandler

from .fakeproviders import WebhookCall
from .providers.whatsapp import signature_for

ACCESS_TOKEN = "fake-whatsapp-access-token"  # noqa: S105
APP_SECRET = "fake-whatsapp-app-secret"  # noqa: S105
VERIFY_TOKEN = "fake-whatsapp-verify-token"  # noqa: S105
API_VERSION = "v21.0"


@dataclass(frozen=True)
class SentWhatsApp:
    phone_number_id: str
    to: str  # as sent (digits, no "+")
    body: str
    message_id: str
    fields: dict


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, payload = self.server.fake._handle(self, body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _error(status: int, code: int, message: str, kind: str = "OAuthException"):
    return status, {
        "error": {
            "message": message,
            "type": kind,
            "code": code,
            "fbtrace_id": uuid.uuid4().hex[:20],
        }
    }


class FakeWhatsAppServer(LoopbackServer):
    """The Graph API's WhatsApp send endpoint on ``http://127.0.0.1:<port>``."""

    handler = _Handler
    thread_name = "fake-whatsapp"

    def __init__(self, *, host: str = "127.0.0.1"):
        self.host = host
        self.number_errors: dict[str, int] = {}
        self.sent: list[SentWhatsApp] = []
        self.requests = 0
        self._lock = threading.Lock()

    def settings(self, **overrides) -> dict:
        """A ``TURNOUT_WHATSAPP`` pointing at this server."""
        return {
            "app_secret": APP_SECRET,
            "verify_token": VERIFY_TOKEN,
            "access_token": ACCESS_TOKEN,
            "api_base": self.base_url,
            "api_version": API_VERSION,
            **overrides,
        }

    def _handle(self, handler, body: bytes):
        with self._lock:
            self.requests += 1
        parts = handler.path.strip("/").split("/")
        if len(parts) != 3 or parts[2] != "messages":
            return _error(400, 100, "Unsupported post request.", "GraphMethodException")
        if handler.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
            return _error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        try:
            data = json.loads(body or b"")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return _error(400, 100, "Invalid parameter", "OAuthException")
        for required in ("messaging_product", "to", "type"):
            if not data.get(required):
                return _error(400, 100, f"The parameter {required} is required.")
        if data["messaging_product"] != "whatsapp":
            return _error(400, 100, "Invalid parameter")
        text = (data.get("text") or {}).get("body") if data["type"] == "text" else None
        if not text:
            return _error(400, 100, "The parameter text['body'] is required.")
        to = str(data["to"]).lstrip("+")
        code = self.number_errors.get("+" + to)
        if code:
            return _error(400, code, "Message Undeliverable.", "OAuthException")
        message_id = "wamid." + uuid.uuid4().hex.upper()
        with self._lock:
            self.sent.append(
                SentWhatsApp(
                    phone_number_id=parts[1], to=to, body=text, message_id=message_id, fields=data
                )
            )
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": data["to"], "wa_id": to}],
            "messages": [{"id": message_id}],
        }


# -- notifications as Meta posts them ---------------------------------------------------------


def notification(
    *,
    phone_number_id: str,
    sender: str,
    text: str = "",
    message_id: str = "",
    kind: str = "text",
    timestamp: int | None = None,
    name: str = "Camille",
    display_number: str = "33700000000",
) -> dict:
    """A ``messages`` notification with one message from ``sender`` (E.164)."""
    wa_id = sender.lstrip("+")
    message = {
        "from": wa_id,
        "id": message_id or "wamid." + uuid.uuid4().hex.upper(),
        "timestamp": str(int(time.time()) if timestamp is None else timestamp),
        "type": kind,
    }
    if kind == "text":
        message["text"] = {"body": text}
    elif kind == "image":
        message["image"] = {"mime_type": "image/jpeg", "sha256": "0" * 64, "id": "1234567890"}
    else:
        message[kind] = {"id": "1234567890"}
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": display_number,
                                "phone_number_id": phone_number_id,
                            },
                            "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
                            "messages": [message],
                        },
                    }
                ],
            }
        ],
    }


def status_notification(*, phone_number_id: str, message_id: str, status: str = "delivered"):
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "33700000000",
                                "phone_number_id": phone_number_id,
                            },
                            "statuses": [
                                {
                                    "id": message_id,
                                    "status": status,
                                    "timestamp": str(int(time.time())),
                                    "recipient_id": "33612345678",
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def signed_call(url: str, payload: dict | bytes, *, app_secret: str = APP_SECRET) -> WebhookCall:
    """The POST Meta makes to our webhook, with ``X-Hub-Signature-256``."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return WebhookCall(
        "POST",
        url,
        body,
        "application/json",
        {"X-Hub-Signature-256": signature_for(body, app_secret)},
    )
