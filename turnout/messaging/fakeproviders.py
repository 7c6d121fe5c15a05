"""A local HTTP server that speaks Twilio's, Vonage's, Brevo's and OVHcloud's SMS wire formats.

Used by the adapter tests and by the dispatch benchmark (hence not under ``tests/``)::

    with FakeProviderServer() as fake:
        provider = TwilioProvider(**fake.options("twilio"))
        provider.send(OutgoingSms(to="+33612345678", body="Hi", sender="", reference="r1"))
        assert fake.count("r1") == 1

What it emulates, per provider, as their documentation describes it (see each adapter's module
docstring for the sources): the endpoints the adapters use, the authentication (wrong
credentials get the provider's documented 401/403 or status body), required fields (a missing
``To`` gets Twilio's error 21604...), the success bodies, and the lookup endpoints. Where a
provider's documentation does not give an exact error wording the fake uses a plausible one:
tests assert on codes and statuses, not on wording. Rules the real services enforce but do
not document precisely (OVHcloud's timestamp window) are emulated with a documented constant.

Every accepted message is recorded (thread-safe) with its provider, recipient, body, sender,
our reference and the raw fields the fake received, and counted per reference. Numbers can be
made to fail the way each provider reports it (``fake.number_errors["+33600000000"] =
"invalid"``: also ``"landline"``, ``"unsubscribed"``, ``"blocked"``). Faults can be injected
for the next requests: HTTP 500, 429, a delay longer than the client's read timeout (the
message is still accepted, as a real provider would after a slow answer) or a dropped
connection after the message was recorded.

Builders at the bottom produce webhook calls signed exactly as each provider signs them
(:class:`WebhookCall`), to post valid and tampered webhooks to our views.

Throughput: ``ThreadingHTTPServer`` with HTTP/1.1 keep-alive and light handlers sustains a few
thousand requests per second on one core, enough for the dispatch benchmark.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import random
import re
import socket
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from turnout.core.loopback import LoopbackServer, QuietHandler

from .sms_text import sms_encoding, sms_segments

# -- credentials the fake accepts (test values, not secrets) -------------------------------

TWILIO_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
TWILIO_AUTH_TOKEN = "fake-twilio-auth-token"  # noqa: S105
TWILIO_API_KEY_SID = "SK" + "fedcba9876543210" * 2
TWILIO_API_KEY_SECRET = "fake-twilio-api-key-secret"  # noqa: S105
VONAGE_API_KEY = "abcd1234"
VONAGE_API_SECRET = "fake-vonage-secret"  # noqa: S105
VONAGE_SIGNATURE_SECRET = "fake-vonage-signature-secret"  # noqa: S105
BREVO_API_KEY = "xkeysib-fake-brevo-key"
OVH_APPLICATION_KEY = "fakeovhappkey"
OVH_APPLICATION_SECRET = "fake-ovh-application-secret"  # noqa: S105
OVH_CONSUMER_KEY = "fake-ovh-consumer-key"
OVH_SERVICE_NAME = "sms-fk00000-1"
WEBHOOK_TOKEN = "fake-webhook-token"  # noqa: S105

#: Seconds between the X-Ovh-Timestamp and OVHcloud's clock the fake tolerates (OVHcloud
#: documents that the timestamp must come from /auth/time, not the window size).
OVH_TIMESTAMP_WINDOW = 60

PROVIDERS = ("twilio", "vonage", "brevo", "ovh")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_DIGITS = re.compile(r"^[1-9]\d{6,14}$")


@dataclass(frozen=True)
class AcceptedMessage:
    provider: str
    to: str  # E.164
    body: str
    reference: str
    sender: str
    provider_id: str
    segments: int
    unicode_flag: bool | None  # what the client declared (None: the API has no such flag)
    fields: dict
    accepted_at: float  # time.time()


@dataclass
class _Fault:
    kind: str  # "status", "delay", "drop"
    provider: str | None
    status: int = 500
    seconds: float = 0.0


def _provider_of(path: str) -> str:
    if path.startswith("/2010-04-01/"):
        return "twilio"
    if path.startswith(("/sms/json", "/v2/reports")):
        return "vonage"
    if path.startswith("/v3/"):
        return "brevo"
    if path.startswith("/1.0/"):
        return "ovh"
    return ""


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeSms/1"
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024  # headers and body leave in one write (flushed after each request)

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            self.server.fake._dispatch(self, body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True

    def reply(self, status: int, payload, content_type: str = "application/json") -> None:
        data = (
            payload
            if isinstance(payload, bytes)
            else (payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeProviderServer(LoopbackServer):
    """Twilio, Vonage, Brevo and OVHcloud on ``http://127.0.0.1:<port>`` (a context manager)."""

    handler = _Handler
    thread_name = "fake-sms-providers"

    def __init__(
        self,
        *,
        vonage_signature_method: str = "md5hash",
        ovh_clock_offset: int = 0,
        host: str = "127.0.0.1",
    ):
        self.host = host
        self.vonage_signature_method = vonage_signature_method
        self.ovh_clock_offset = ovh_clock_offset
        self.number_errors: dict[str, str] = {}
        self._lock = threading.Lock()
        self._messages: list[AcceptedMessage] = []
        self._counts: Counter[str] = Counter()
        self._faults: deque[_Fault] = deque()
        self.requests: Counter[str] = Counter()  # provider -> requests received
        self.last_request: dict = {}
        self._brevo_ids = iter(range(1511882900176220, 10**17))

    def options(self, provider: str, **extra) -> dict:
        """Adapter options pointing at this server, with the credentials it accepts."""
        common = {"base_url": self.base_url, "connect_timeout": 2, "read_timeout": 5}
        specific = {
            "twilio": {
                "account_sid": TWILIO_ACCOUNT_SID,
                "auth_token": TWILIO_AUTH_TOKEN,
                "from_number": "+15005550006",
            },
            "vonage": {
                "api_key": VONAGE_API_KEY,
                "api_secret": VONAGE_API_SECRET,
                "signature_secret": VONAGE_SIGNATURE_SECRET,
                "signature_method": self.vonage_signature_method,
                "from_number": "Turnout",
                "reports_base_url": self.base_url,
            },
            "brevo": {
                "api_key": BREVO_API_KEY,
                "sender": "Turnout",
                "webhook_token": WEBHOOK_TOKEN,
            },
            "ovh": {
                "application_key": OVH_APPLICATION_KEY,
                "application_secret": OVH_APPLICATION_SECRET,
                "consumer_key": OVH_CONSUMER_KEY,
                "service_name": OVH_SERVICE_NAME,
                "sender": "Turnout",
                "no_stop_clause": True,
                "webhook_token": WEBHOOK_TOKEN,
            },
        }[provider]
        return {**common, **specific, **extra}

    def settings(self) -> dict:
        """A ``TURNOUT_SMS_PROVIDERS`` value with the four adapters pointed at this server."""
        backends = {
            "twilio": "turnout.messaging.providers.twilio.TwilioProvider",
            "vonage": "turnout.messaging.providers.vonage.VonageProvider",
            "brevo": "turnout.messaging.providers.brevo.BrevoProvider",
            "ovh": "turnout.messaging.providers.ovh.OvhProvider",
        }
        return {
            name: {"BACKEND": backends[name], "OPTIONS": self.options(name)} for name in PROVIDERS
        }

    # -- what was received -----------------------------------------------------------------

    @property
    def messages(self) -> list[AcceptedMessage]:
        with self._lock:
            return list(self._messages)

    def count(self, reference: str) -> int:
        with self._lock:
            return self._counts[reference]

    def counts(self) -> Counter[str]:
        with self._lock:
            return Counter(self._counts)

    def total(self) -> int:
        with self._lock:
            return len(self._messages)

    def reset(self) -> None:
        with self._lock:
            self._messages.clear()
            self._counts.clear()
            self._faults.clear()
            self.requests.clear()
            self.number_errors.clear()
            self.last_request = {}

    def _record(self, message: AcceptedMessage) -> None:
        with self._lock:
            self._messages.append(message)
            self._counts[message.reference] += 1

    # -- fault injection -------------------------------------------------------------------

    def fail_next(self, count: int = 1, *, status: int = 500, provider: str | None = None):
        """The next ``count`` requests (to ``provider``, or any) get HTTP ``status``."""
        with self._lock:
            self._faults.extend(_Fault("status", provider, status=status) for _ in range(count))

    def throttle_next(self, count: int = 1, *, provider: str | None = None):
        self.fail_next(count, status=429, provider=provider)

    def delay_next(self, count: int = 1, *, seconds: float, provider: str | None = None):
        """The next ``count`` requests are answered after ``seconds`` (and still processed)."""
        with self._lock:
            self._faults.extend(_Fault("delay", provider, seconds=seconds) for _ in range(count))

    def drop_next(self, count: int = 1, *, provider: str | None = None):
        """The next ``count`` requests are processed, then the connection is closed unanswered."""
        with self._lock:
            self._faults.extend(_Fault("drop", provider) for _ in range(count))

    def _take_fault(self, provider: str) -> _Fault | None:
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.provider in (None, provider):
                    del self._faults[index]
                    return fault
        return None

    # -- routing ---------------------------------------------------------------------------

    def _dispatch(self, handler: _Handler, body: bytes) -> None:
        parts = urlsplit(handler.path)
        path = parts.path
        provider = _provider_of(path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        with self._lock:
            self.requests[provider] += 1
            self.last_request = {
                "provider": provider,
                "method": handler.command,
                "path": path,
                "query": query,
                "headers": dict(handler.headers.items()),
                "body": body,
            }
        fault = self._take_fault(provider)
        if fault is not None and fault.kind == "status":
            handler.reply(fault.status, _fault_body(provider, fault.status))
            return
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        route = self._route(handler.command, path)
        if route is None:
            handler.reply(404, {"message": "Not found", "status": 404})
            return
        method, kwargs = route
        status, payload, content_type = method(handler, body, query, **kwargs)
        if fault is not None and fault.kind == "drop":
            handler.close_connection = True
            with contextlib.suppress(OSError):
                handler.connection.shutdown(socket.SHUT_RDWR)
            return
        handler.reply(status, payload, content_type)

    def _route(self, method: str, path: str):
        match = re.fullmatch(r"/2010-04-01/Accounts/([^/]+)/Messages\.json", path)
        if match:
            handler = self._twilio_send if method == "POST" else self._twilio_list
            return handler, {"sid": match.group(1)}
        if path == "/sms/json" and method == "POST":
            return self._vonage_send, {}
        if path == "/v2/reports/records" and method == "GET":
            return self._vonage_records, {}
        match = re.fullmatch(r"/v3/transactionalSMS/(sms|send)", path)
        if match and method == "POST":
            return self._brevo_send, {"endpoint": match.group(1)}
        if path == "/v3/transactionalSMS/statistics/events" and method == "GET":
            return self._brevo_events, {}
        if path == "/1.0/auth/time" and method == "GET":
            return self._ovh_time, {}
        match = re.fullmatch(r"/1\.0/sms/([^/]+)/(jobs|outgoing)", path)
        if match:
            if match.group(2) == "jobs" and method == "POST":
                return self._ovh_jobs, {"service": match.group(1)}
            if match.group(2) == "outgoing" and method == "GET":
                return self._ovh_outgoing, {"service": match.group(1)}
        return None

    # -- Twilio ----------------------------------------------------------------------------

    def _twilio_auth(self, handler: _Handler, sid: str) -> bool:
        header = handler.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        valid = (user, secret) in (
            (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN),
            (TWILIO_API_KEY_SID, TWILIO_API_KEY_SECRET),
        )
        return valid and sid == TWILIO_ACCOUNT_SID

    @staticmethod
    def _twilio_error(status: int, code: int, message: str):
        return (
            status,
            {
                "code": code,
                "message": message,
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
            "application/json",
        )

    def _twilio_send(self, handler, body, query, *, sid):
        if not self._twilio_auth(handler, sid):
            return self._twilio_error(401, 20003, "Authenticate")
        form = dict(parse_qsl(body.decode(), keep_blank_values=True))
        to = form.get("To", "")
        if not to:
            return self._twilio_error(400, 21604, "A 'To' phone number is required.")
        if not form.get("Body") and not form.get("MediaUrl"):
            return self._twilio_error(400, 21602, "Message body is required.")
        if not form.get("From") and not form.get("MessagingServiceSid"):
            return self._twilio_error(400, 21603, "A 'From' phone number is required.")
        kind = self.number_errors.get(to)
        if not _E164.match(to) or kind == "invalid":
            return self._twilio_error(
                400, 21211, f"The 'To' number {to} is not a valid phone number."
            )
        if kind == "unsubscribed":
            return self._twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")
        if kind == "landline":
            return self._twilio_error(400, 21614, f"'To' number {to} is not a valid mobile number")
        text = form.get("Body", "")
        message_sid = "SM" + uuid.uuid4().hex
        segments = sms_segments(text).segments or 1
        reference = dict(parse_qsl(urlsplit(form.get("StatusCallback", "")).query)).get("ref", "")
        now = datetime.now(UTC)
        resource = {
            "account_sid": TWILIO_ACCOUNT_SID,
            "api_version": "2010-04-01",
            "body": text,
            "date_created": format_datetime(now),
            "date_sent": None,
            "date_updated": format_datetime(now),
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": str(segments),
            "price": None,
            "price_unit": "USD",
            "sid": message_sid,
            "status": "accepted" if form.get("MessagingServiceSid") else "queued",
            "subresource_uris": {},
            "to": to,
            "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
        }
        self._record(
            AcceptedMessage(
                provider="twilio",
                to=to,
                body=text,
                reference=reference,
                sender=form.get("From") or form.get("MessagingServiceSid", ""),
                provider_id=message_sid,
                segments=segments,
                unicode_flag=None,
                fields=form,
                accepted_at=time.time(),
            )
        )
        return 201, resource, "application/json"

    def _twilio_list(self, handler, body, query, *, sid):
        if not self._twilio_auth(handler, sid):
            return self._twilio_error(401, 20003, "Authenticate")
        page_size = int(query.get("PageSize", 50))
        page = int(query.get("Page", 0))
        found = [
            m
            for m in reversed(self.messages)
            if m.provider == "twilio" and m.to == query.get("To", m.to)
        ]
        chunk = found[page * page_size : (page + 1) * page_size]
        base = f"/2010-04-01/Accounts/{sid}/Messages.json"
        more = len(found) > (page + 1) * page_size
        next_query = {"To": query.get("To", ""), "PageSize": page_size, "Page": page + 1}
        next_uri = f"{base}?{urlencode(next_query)}" if more else None
        return (
            200,
            {
                "messages": [
                    {
                        "sid": m.provider_id,
                        "to": m.to,
                        "from": m.fields.get("From"),
                        "body": m.body,
                        "status": "sent",
                        "direction": "outbound-api",
                        "num_segments": str(m.segments),
                        "date_created": format_datetime(datetime.fromtimestamp(m.accepted_at, UTC)),
                        "date_sent": None,
                    }
                    for m in chunk
                ],
                "next_page_uri": next_uri,
                "page": page,
                "page_size": page_size,
                "uri": base,
            },
            "application/json",
        )

    # -- Vonage ----------------------------------------------------------------------------

    @staticmethod
    def _vonage_error(status: str, text: str):
        return (
            200,
            {"message-count": "1", "messages": [{"status": status, "error-text": text}]},
            "application/json",
        )

    def _vonage_send(self, handler, body, query, **_):
        content_type = handler.headers.get("Content-Type", "")
        if content_type.startswith("application/json"):
            try:
                params = {k: str(v) for k, v in json.loads(body or b"{}").items()}
            except (ValueError, AttributeError):
                return self._vonage_error("3", "Invalid JSON")
        else:
            params = dict(parse_qsl(body.decode(), keep_blank_values=True))
        params = {**query, **params}
        if not params.get("api_key"):
            return self._vonage_error("2", "Missing api_key")
        if params.get("api_secret"):
            if (params["api_key"], params["api_secret"]) != (VONAGE_API_KEY, VONAGE_API_SECRET):
                return self._vonage_error("4", "Bad Credentials")
        elif params.get("sig"):
            if params["api_key"] != VONAGE_API_KEY:
                return self._vonage_error("4", "Bad Credentials")
            expected = sign_vonage(params, VONAGE_SIGNATURE_SECRET, self.vonage_signature_method)
            stamp = params.get("timestamp", "")
            fresh = stamp.isdigit() and abs(time.time() - int(stamp)) <= 300
            if not fresh or not hmac.compare_digest(params["sig"].lower(), expected.lower()):
                return self._vonage_error("14", "Invalid Signature")
        else:
            return self._vonage_error("2", "Missing api_secret")
        for name in ("from", "to"):
            if not params.get(name):
                return self._vonage_error("2", f"Missing {name} param")
        if not params.get("text"):
            return self._vonage_error("2", "Missing text param")
        to = params["to"]
        kind = self.number_errors.get("+" + to)
        if not _DIGITS.match(to):
            return self._vonage_error("3", "Invalid to address")
        if kind == "invalid":
            return self._vonage_error("6", "Invalid Message")
        if kind in ("blocked", "unsubscribed"):
            return self._vonage_error("7", "Number Barred")
        text = params["text"]
        segments = sms_segments(text).segments or 1
        ids = [uuid.uuid4().hex[:16].upper() for _ in range(segments)]
        reference = params.get("client-ref", "")
        self._record(
            AcceptedMessage(
                provider="vonage",
                to="+" + to,
                body=text,
                reference=reference,
                sender=params["from"],
                provider_id=ids[0],
                segments=segments,
                unicode_flag=params.get("type") == "unicode",
                fields=params,
                accepted_at=time.time(),
            )
        )
        parts = []
        for message_id in ids:
            part = {
                "to": to,
                "message-id": message_id,
                "status": "0",
                "remaining-balance": "15.53590000",
                "message-price": "0.03330000",
                "network": "20801",
            }
            if reference:
                part["client-ref"] = reference
            parts.append(part)
        return 200, {"message-count": str(segments), "messages": parts}, "application/json"

    def _vonage_records(self, handler, body, query, **_):
        header = handler.headers.get("Authorization", "")
        try:
            user, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            user = secret = ""
        if not header.startswith("Basic ") or (user, secret) != (VONAGE_API_KEY, VONAGE_API_SECRET):
            return (
                401,
                {
                    "type": "https://developer.nexmo.com/api-errors#unauthorized",
                    "title": "Unauthorized",
                    "detail": "You did not provide correct credentials.",
                    "instance": uuid.uuid4().hex,
                },
                "application/json",
            )
        missing = [
            name
            for name in ("account_id", "product", "direction", "date_start", "date_end")
            if not query.get(name)
        ]
        if missing:
            return (
                422,
                {
                    "title": "Unprocessable entity",
                    "invalid_parameters": [
                        {"name": name, "reason": "Missing required parameter"} for name in missing
                    ],
                    "instance": uuid.uuid4().hex,
                },
                "application/json",
            )
        start = datetime.fromisoformat(query["date_start"].replace("Z", "+00:00")).timestamp()
        end = datetime.fromisoformat(query["date_end"].replace("Z", "+00:00")).timestamp()
        records = [
            {
                "account_id": VONAGE_API_KEY,
                "message_id": m.provider_id,
                "client_ref": m.reference,
                "direction": "outbound",
                "from": m.sender,
                "to": m.to.lstrip("+"),
                "date_received": datetime.fromtimestamp(m.accepted_at, UTC).isoformat(),
                "status": "delivered",
            }
            for m in self.messages
            if m.provider == "vonage" and start <= m.accepted_at < end
        ]
        return (
            200,
            {
                "request_status": "SUCCESS",
                "product": "SMS",
                "direction": "outbound",
                "account_id": query["account_id"],
                "items_count": len(records),
                "records": records,
                "_links": {"self": {"href": handler.path}},
            },
            "application/json",
        )

    # -- Brevo -----------------------------------------------------------------------------

    def _brevo_send(self, handler, body, query, *, endpoint):
        if handler.headers.get("api-key") != BREVO_API_KEY:
            return 401, {"code": "unauthorized", "message": "Key not found"}, "application/json"
        try:
            data = json.loads(body or b"")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return (
                400,
                {"code": "bad_request", "message": "Input must be a valid JSON object"},
                "application/json",
            )
        for name in ("sender", "recipient", "content"):
            if not data.get(name):
                return (
                    400,
                    {"code": "missing_parameter", "message": f"{name} is missing"},
                    "application/json",
                )
        recipient = str(data["recipient"]).lstrip("+")
        if not _DIGITS.match(recipient) or self.number_errors.get("+" + recipient) == "invalid":
            return (
                400,
                {"code": "invalid_parameter", "message": "Invalid phone number for recipient"},
                "application/json",
            )
        text = str(data["content"])
        segments = sms_segments(text).segments or 1
        message_id = next(self._brevo_ids)
        tag = data.get("tag") or ""
        reference = tag[0] if isinstance(tag, list) and tag else str(tag)
        self._record(
            AcceptedMessage(
                provider="brevo",
                to="+" + recipient,
                body=text,
                reference=reference,
                sender=str(data["sender"]),
                provider_id=str(message_id),
                segments=segments,
                unicode_flag=bool(data.get("unicodeEnabled", False)),
                fields=data,
                accepted_at=time.time(),
            )
        )
        if endpoint == "send":
            return 201, {"messageId": message_id}, "application/json"
        return (
            201,
            {
                "reference": uuid.uuid4().hex[:19],
                "messageId": message_id,
                "smsCount": segments,
                "usedCredits": round(0.35 * segments, 2),
                "remainingCredits": 82.85,
            },
            "application/json",
        )

    def _brevo_events(self, handler, body, query, **_):
        if handler.headers.get("api-key") != BREVO_API_KEY:
            return 401, {"code": "unauthorized", "message": "Key not found"}, "application/json"
        tags = set(filter(None, query.get("tags", "").split(",")))
        phone = query.get("phoneNumber", "").lstrip("+")
        events = [
            {
                "phoneNumber": m.to.lstrip("+"),
                "date": datetime.fromtimestamp(m.accepted_at, UTC).isoformat(),
                "messageId": m.provider_id,
                "event": "sent",
                "tag": m.reference,
            }
            for m in reversed(self.messages)
            if m.provider == "brevo"
            and (not tags or m.reference in tags)
            and (not phone or m.to.lstrip("+") == phone)
        ]
        limit = int(query.get("limit", 50))
        return 200, {"events": events[:limit]}, "application/json"

    # -- OVHcloud --------------------------------------------------------------------------

    def _ovh_now(self) -> int:
        return int(time.time()) + self.ovh_clock_offset

    def _ovh_time(self, handler, body, query, **_):
        return 200, str(self._ovh_now()), "application/json"

    @staticmethod
    def _ovh_error(status: int, code: str, message: str):
        reason = {400: "Bad Request", 403: "Forbidden", 404: "Not Found"}.get(status, "")
        return (
            status,
            {"errorCode": code, "httpCode": f"{status} {reason}", "message": message},
            "application/json",
        )

    def _ovh_auth(self, handler, body: bytes):
        headers = handler.headers
        if headers.get("X-Ovh-Application") != OVH_APPLICATION_KEY:
            return self._ovh_error(403, "INVALID_KEY", "This application key is invalid")
        if headers.get("X-Ovh-Consumer") != OVH_CONSUMER_KEY:
            return self._ovh_error(403, "INVALID_CREDENTIAL", "This credential is not valid")
        stamp = headers.get("X-Ovh-Timestamp", "")
        url = f"http://{headers.get('Host', '')}{handler.path}"
        expected = sign_ovh(
            OVH_APPLICATION_SECRET, OVH_CONSUMER_KEY, handler.command, url, body.decode(), stamp
        )
        if not hmac.compare_digest(headers.get("X-Ovh-Signature", ""), expected):
            return self._ovh_error(400, "INVALID_SIGNATURE", "Invalid signature")
        if not stamp.isdigit() or abs(int(stamp) - self._ovh_now()) > OVH_TIMESTAMP_WINDOW:
            return self._ovh_error(400, "INVALID_SIGNATURE", "Invalid timestamp")
        return None

    def _ovh_jobs(self, handler, body, query, *, service):
        refused = self._ovh_auth(handler, body)
        if refused:
            return refused
        if service != OVH_SERVICE_NAME:
            return self._ovh_error(
                404, "", f"The requested object (serviceName = {service}) does not exist"
            )
        try:
            data = json.loads(body or b"")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return self._ovh_error(400, "", "Invalid JSON body")
        if not data.get("message"):
            return self._ovh_error(400, "", "[message] Property is mandatory")
        receivers = data.get("receivers") or []
        if not receivers:
            return self._ovh_error(400, "", "No receivers given")
        text = str(data["message"])
        if not data.get("noStopClause"):
            text += "\nSTOP 36111"  # what the person receives (the clause OVHcloud appends)
        segments = sms_segments(text).segments or 1
        valid, invalid, ids = [], [], []
        for receiver in receivers:
            number = "+" + str(receiver).lstrip("+")
            if receiver.startswith("00"):
                number = "+" + receiver[2:]
            if not _E164.match(number) or self.number_errors.get(number) == "invalid":
                invalid.append(receiver)
                continue
            sms_id = random.randint(10**8, 10**9 - 1)
            valid.append(receiver)
            ids.append(sms_id)
            self._record(
                AcceptedMessage(
                    provider="ovh",
                    to=number,
                    body=str(data["message"]),
                    reference=str(data.get("tag") or ""),
                    sender=str(data.get("sender") or ""),
                    provider_id=str(sms_id),
                    segments=segments,
                    unicode_flag=data.get("coding") == "8bit",
                    fields=data,
                    accepted_at=time.time(),
                )
            )
        return (
            200,
            {
                "totalCreditsRemoved": segments * len(ids),
                "invalidReceivers": invalid,
                "ids": ids,
                "validReceivers": valid,
                "tag": data.get("tag"),
            },
            "application/json",
        )

    def _ovh_outgoing(self, handler, body, query, *, service):
        refused = self._ovh_auth(handler, body)
        if refused:
            return refused
        ids = [
            int(m.provider_id)
            for m in self.messages
            if m.provider == "ovh"
            and ("tag" not in query or m.reference == query["tag"])
            and ("receiver" not in query or m.to == query["receiver"])
        ]
        return 200, ids, "application/json"


def _fault_body(provider: str, status: int):
    if provider == "twilio":
        code = 20429 if status == 429 else 20500
        message = "Too Many Requests" if status == 429 else "Internal Server Error"
        return {"code": code, "message": message, "status": status}
    if provider == "brevo":
        return {"code": "too_many_requests" if status == 429 else "internal_error", "message": ""}
    if provider == "ovh":
        return {"errorCode": "", "httpCode": str(status), "message": "Internal server error"}
    return {"error": status}


# -- signing, as the providers do it (independent from the adapters' own code) ----------------


def sign_twilio(url: str, params: list[tuple[str, str]] | dict, auth_token: str) -> str:
    items = sorted(params.items() if isinstance(params, dict) else params)
    data = url + "".join(k + v for k, v in items)
    return base64.b64encode(
        hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    ).decode()


def sign_vonage(params: dict, secret: str, method: str = "md5hash") -> str:
    text = "".join(
        f"&{key}=" + str(value).replace("&", "_").replace("=", "_")
        for key, value in sorted(params.items())
        if key != "sig"
    )
    if method == "md5hash":
        return hashlib.md5((text + secret).encode(), usedforsecurity=False).hexdigest()
    digest = {
        "md5": hashlib.md5,
        "sha1": hashlib.sha1,
        "sha256": hashlib.sha256,
        "sha512": hashlib.sha512,
    }
    return hmac.new(secret.encode(), text.encode(), digest[method]).hexdigest().upper()


def sign_ovh(secret: str, consumer: str, method: str, url: str, body: str, timestamp) -> str:
    raw = f"{secret}+{consumer}+{method}+{url}+{body}+{timestamp}"
    return "$1$" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


# -- webhook calls as each provider makes them ------------------------------------------------


@dataclass(frozen=True)
class WebhookCall:
    """An HTTP call a provider would make to us. ``url`` is absolute (what the provider signs)."""

    method: str
    url: str
    body: bytes = b""
    content_type: str = ""
    headers: dict = field(default_factory=dict)

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def django_request(self, factory=None):
        """The call as a Django ``HttpRequest`` (``RequestFactory``) for the same host/scheme."""
        from django.test import RequestFactory

        parts = urlsplit(self.url)
        factory = factory or RequestFactory()
        extra = {"HTTP_HOST": parts.netloc}
        return factory.generic(
            self.method,
            self.path,
            data=self.body,
            content_type=self.content_type or "application/octet-stream",
            secure=parts.scheme == "https",
            headers=self.headers,
            **extra,
        )

    def with_body(self, body: bytes) -> WebhookCall:
        return replace(self, body=body)

    def with_url(self, url: str) -> WebhookCall:
        return replace(self, url=url)

    def with_headers(self, **headers: str) -> WebhookCall:
        return replace(self, headers={**self.headers, **headers})

    def without_header(self, name: str) -> WebhookCall:
        return replace(self, headers={k: v for k, v in self.headers.items() if k != name})


def _form(params: dict) -> bytes:
    return urlencode(params).encode()


def twilio_status_call(
    url: str,
    *,
    message_sid: str,
    status: str,
    to: str = "+33612345678",
    sender: str = "+15005550006",
    error_code: str = "",
    auth_token: str = TWILIO_AUTH_TOKEN,
    account_sid: str = TWILIO_ACCOUNT_SID,
) -> WebhookCall:
    """A status callback (form post) signed with ``X-Twilio-Signature``."""
    params = {
        "AccountSid": account_sid,
        "ApiVersion": "2010-04-01",
        "From": sender,
        "MessageSid": message_sid,
        "MessageStatus": status,
        "SmsSid": message_sid,
        "SmsStatus": status,
        "To": to,
    }
    if error_code:
        params["ErrorCode"] = error_code
    return WebhookCall(
        "POST",
        url,
        _form(params),
        "application/x-www-form-urlencoded",
        {"X-Twilio-Signature": sign_twilio(url, params, auth_token)},
    )


def twilio_inbound_call(
    url: str,
    *,
    sender: str,
    body: str,
    to: str = "+15005550006",
    message_sid: str = "",
    auth_token: str = TWILIO_AUTH_TOKEN,
    account_sid: str = TWILIO_ACCOUNT_SID,
) -> WebhookCall:
    """An incoming message webhook (form post) signed with ``X-Twilio-Signature``."""
    sid = message_sid or "SM" + uuid.uuid4().hex
    params = {
        "AccountSid": account_sid,
        "ApiVersion": "2010-04-01",
        "Body": body,
        "From": sender,
        "MessageSid": sid,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsMessageSid": sid,
        "SmsSid": sid,
        "SmsStatus": "received",
        "To": to,
    }
    return WebhookCall(
        "POST",
        url,
        _form(params),
        "application/x-www-form-urlencoded",
        {"X-Twilio-Signature": sign_twilio(url, params, auth_token)},
    )


def _vonage_call(url, params, *, method, secret, signature_method, timestamp):
    params = {**params, "timestamp": str(int(time.time()) if timestamp is None else timestamp)}
    params["nonce"] = str(uuid.uuid4())
    params["sig"] = sign_vonage(params, secret, signature_method)
    if method == "GET":
        separator = "&" if "?" in url else "?"
        return WebhookCall("GET", url + separator + urlencode(params))
    if method == "POST-JSON":
        return WebhookCall("POST", url, json.dumps(params).encode(), "application/json")
    return WebhookCall("POST", url, _form(params), "application/x-www-form-urlencoded")


def vonage_dlr_call(
    url: str,
    *,
    message_id: str,
    status: str,
    msisdn: str = "33612345678",
    to: str = "Turnout",
    client_ref: str = "",
    err_code: str = "0",
    method: str = "GET",
    timestamp: int | None = None,
    secret: str = VONAGE_SIGNATURE_SECRET,
    signature_method: str = "md5hash",
    api_key: str = VONAGE_API_KEY,
) -> WebhookCall:
    """A signed delivery receipt; ``method`` is ``GET``, ``POST`` (form) or ``POST-JSON``."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    params = {
        "msisdn": msisdn,
        "to": to,
        "network-code": "20801",
        "messageId": message_id,
        "price": "0.03330000",
        "status": status,
        "scts": datetime.now(UTC).strftime("%y%m%d%H%M"),
        "err-code": err_code,
        "api-key": api_key,
        "message-timestamp": now,
    }
    if client_ref:
        params["client-ref"] = client_ref
    return _vonage_call(
        url,
        params,
        method=method,
        secret=secret,
        signature_method=signature_method,
        timestamp=timestamp,
    )


def vonage_inbound_call(
    url: str,
    *,
    msisdn: str,
    text: str,
    to: str = "33700000000",
    message_id: str = "",
    method: str = "GET",
    timestamp: int | None = None,
    secret: str = VONAGE_SIGNATURE_SECRET,
    signature_method: str = "md5hash",
    api_key: str = VONAGE_API_KEY,
) -> WebhookCall:
    """A signed inbound message."""
    params = {
        "msisdn": msisdn,
        "to": to,
        "messageId": message_id or uuid.uuid4().hex[:16].upper(),
        "text": text,
        "type": "unicode" if sms_encoding(text) == "UCS-2" else "text",
        "keyword": (text.split() or [""])[0].upper(),
        "api-key": api_key,
        "message-timestamp": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
    }
    return _vonage_call(
        url,
        params,
        method=method,
        secret=secret,
        signature_method=signature_method,
        timestamp=timestamp,
    )


def brevo_event_call(
    url: str,
    *,
    message_id: int | str,
    status: str,
    to: str = "33612345678",
    tag: str = "",
    token: str = WEBHOOK_TOKEN,
    **extra,
) -> WebhookCall:
    """A transactional SMS event as Brevo posts it (JSON), with our secret token in the URL."""
    payload = {
        "id": 26570,
        "to": to,
        "sms_count": 1,
        "credits_used": 0.35,
        "messageId": int(message_id) if str(message_id).isdigit() else message_id,
        "remaining_credit": 82.5,
        "msg_status": status,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "type": "transactional",
        "reference": uuid.uuid4().hex[:19],
        "tag": tag,
        "ts_event": int(time.time()),
        **extra,
    }
    if token:
        separator = "&" if "?" in url else "?"
        url = f"{url}{separator}token={token}"
    return WebhookCall("POST", url, json.dumps(payload).encode(), "application/json")


def ovh_dlr_call(
    url: str, *, sms_id: str | int, dlr: str | int, ptt: str | int = "", token: str = WEBHOOK_TOKEN
) -> WebhookCall:
    """OVHcloud's delivery report: a GET on the account's callBack URL with ``id``/``dlr``/``ptt``
    added to its query string (the URL we configure carries our token)."""
    params = {"token": token} if token else {}
    params.update({"id": str(sms_id), "dlr": str(dlr)})
    if ptt != "":
        params["ptt"] = str(ptt)
    separator = "&" if "?" in url else "?"
    return WebhookCall("GET", url + separator + urlencode(params))


# -- dispatcher processes against this server (fault test, dispatch benchmark) -----------------


def dispatcher_env(providers: dict) -> dict:
    """Environment for a ``manage.py dispatch`` process that uses this process's database
    (the test or benchmark database) and the given ``TURNOUT_SMS_PROVIDERS`` entries."""
    import os

    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
        url = f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "turnout.settings.base",
        "DEBUG": "1",
        "DATABASE_URL": url,
        "DATABASE_POOL": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "TURNOUT_HASH_KEY": settings.TURNOUT_HASH_KEY,
        "TURNOUT_SMS_PROVIDERS_JSON": json.dumps(providers),
        "TURNOUT_VAR_DIR": str(settings.VAR_DIR),
        "LOG_LEVEL": "WARNING",
    }
