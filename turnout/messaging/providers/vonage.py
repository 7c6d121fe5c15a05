"""Vonage (formerly Nexmo) SMS API, over HTTP with ``requests``.

Options (lower-case keys):

- ``api_key`` and ``api_secret`` (required);
- ``signature_secret`` and ``signature_method`` (``md5hash``, the dashboard's default, or
  ``md5``, ``sha1``, ``sha256``, ``sha512`` for the HMAC variants): verify signed webhooks,
  and sign outgoing requests instead of sending ``api_secret`` when ``sign_requests`` is true;
- ``from_number``: the sender when the message names none (number or alphanumeric ID);
- ``base_url`` (default ``https://rest.nexmo.com``), ``reports_base_url`` (default
  ``https://api.nexmo.com``), ``lookup_with_reports`` (default false: the Reports API is
  billed per record), ``webhook_max_age`` (seconds, default 300), ``connect_timeout``,
  ``read_timeout``, ``rate_per_s``.

Sending: ``POST /sms/json`` form-encoded ``api_key``, ``api_secret`` (or ``timestamp`` +
``sig``), ``from``, ``to`` (international digits, no ``+``), ``text``, ``type=unicode`` when the
text needs UCS-2 (else ``text``: Vonage would send unsupported characters as ``?``),
``client-ref`` (our reference, echoed in delivery receipts) and ``callback``. The answer is
always HTTP 200 with one entry per part in ``messages``; ``status`` ``"0"`` is success, other
values are the documented errors (https://developer.vonage.com/api-errors/sms).

Signatures (https://developer.vonage.com/getting-started/concepts/signing-messages): every
parameter but ``sig``, sorted by name, each value with ``&`` and ``=`` replaced by ``_``,
joined as ``&name=value``; ``md5hash`` is the MD5 (hex) of that string followed by the secret,
the other methods an HMAC of the string keyed with the secret (Vonage's libraries give
upper-case hex; we compare without case). Signed webhooks carry a ``timestamp`` (UNIX
seconds), which must be fresh. Vonage signs webhooks only once support enables it for the
account: unsigned calls are rejected.

``lookup``: with ``lookup_with_reports``, the synchronous Reports API
(``GET /v2/reports/records``, product SMS, outbound, at most 24 hours) lists records with our
``client_ref``: a match is YES. A miss is UNKNOWN: records are not promised to appear at once,
unless ``reports_settle_seconds`` is set (the delay after which the account's records are
known to be complete): a miss that long after the attempt is NO, and the message is sent again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from ..sms_text import sms_encoding
from .base import (
    DeliveryState,
    Found,
    InboundSms,
    LookupResult,
    OutgoingSms,
    ParsedWebhook,
    ProviderError,
    Reason,
    SendResult,
    SmsProvider,
    StatusEvent,
    WebhookRejected,
)
from .http import (
    HttpClient,
    amount_to_cents,
    e164,
    e164_digits,
    json_body,
    option,
    unexpected_answer,
)

#: status -> (transient, reason) for the documented send errors.
SEND_ERRORS: dict[str, tuple[bool, str]] = {
    "1": (True, Reason.RATE_LIMITED),  # Throttled
    "2": (False, Reason.INVALID_REQUEST),  # Missing Parameters
    "3": (False, Reason.INVALID_REQUEST),  # Invalid Parameters
    "4": (True, Reason.ACCOUNT),  # Invalid Credentials
    "5": (True, Reason.UNAVAILABLE),  # Internal Error
    "6": (False, Reason.INVALID_NUMBER),  # Invalid Message (e.g. unrecognised number prefix)
    "7": (False, Reason.BLOCKED),  # Number Barred
    "8": (True, Reason.ACCOUNT),  # Partner Account Barred
    "9": (True, Reason.ACCOUNT),  # Partner Quota Violation (no credit)
    "10": (True, Reason.UNAVAILABLE),  # Too Many Existing Binds
    "11": (True, Reason.ACCOUNT),  # Account Not Enabled For HTTP
    "12": (False, Reason.CONTENT),  # Message Too Long
    "14": (True, Reason.ACCOUNT),  # Invalid Signature
    "15": (True, Reason.ACCOUNT),  # Invalid Sender Address
    "22": (False, Reason.INVALID_REQUEST),  # Invalid Network Code
}

#: Delivery receipt ``err-code`` -> reason (Vonage's "SMS Delivery Error Codes" article).
DLR_REASONS = {
    "1": "",  # Unknown
    "2": Reason.TEMPORARY,  # Absent Subscriber - Temporary
    "3": Reason.UNREACHABLE,  # Absent Subscriber - Permanent
    "4": Reason.BLOCKED,  # Call Barred by User
    "5": Reason.TEMPORARY,  # Portability Error
    "6": Reason.CONTENT,  # Anti-Spam Rejection
    "7": Reason.TEMPORARY,  # Handset Busy
    "8": Reason.TEMPORARY,  # Network Error
    "9": Reason.UNSUBSCRIBED,  # Illegal Number: asked not to receive messages from the service
    "10": Reason.CONTENT,  # Illegal Message (e.g. wrong encoding flag)
    "11": Reason.TEMPORARY,  # Unroutable
    "12": Reason.INVALID_NUMBER,  # Destination Unreachable
    "13": Reason.BLOCKED,  # Subscriber Age Restriction
    "14": Reason.BLOCKED,  # Number Blocked by Carrier
}

DLR_STATES = {
    "accepted": DeliveryState.SENT,
    "buffered": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "expired": DeliveryState.FAILED,
    "failed": DeliveryState.FAILED,
    "rejected": DeliveryState.FAILED,
}

SIGNATURE_METHODS = {
    "md5hash": None,
    "md5": hashlib.md5,
    "sha1": hashlib.sha1,
    "sha256": hashlib.sha256,
    "sha512": hashlib.sha512,
}


def vonage_signature(params: dict, secret: str, method: str = "md5hash") -> str:
    """The ``sig`` Vonage computes over ``params`` (``sig`` itself is left out)."""
    if method not in SIGNATURE_METHODS:
        raise ValueError(f"unknown Vonage signature method {method!r}")
    text = "".join(
        "&{}={}".format(key, str(value).replace("&", "_").replace("=", "_"))
        for key, value in sorted(params.items())
        if key != "sig"
    )
    digestmod = SIGNATURE_METHODS[method]
    if digestmod is None:
        return hashlib.md5((text + secret).encode(), usedforsecurity=False).hexdigest()
    return hmac.new(secret.encode(), text.encode(), digestmod).hexdigest().upper()


def _vonage_time(value: str) -> datetime | None:
    """``"2020-01-01 12:00:00"`` (UTC) -> aware datetime."""
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except (TypeError, ValueError):
        return None


class VonageProvider(SmsProvider):
    name = "vonage"
    sends_own_stop_confirmation = False
    default_rate_per_s = 30.0  # Vonage's default SMS API throughput per account

    def __init__(self, **options):
        super().__init__(**options)
        self.api_key = option(options, "api_key", "")
        self.api_secret = option(options, "api_secret", "")
        self.signature_secret = option(options, "signature_secret", "")
        self.signature_method = option(options, "signature_method", "md5hash")
        if self.signature_method not in SIGNATURE_METHODS:
            raise ValueError(f"unknown Vonage signature method {self.signature_method!r}")
        self.sign_requests = bool(option(options, "sign_requests", False))
        self.from_number = option(options, "from_number", "")
        self.base_url = option(options, "base_url", "https://rest.nexmo.com").rstrip("/")
        self.reports_base_url = option(options, "reports_base_url", "https://api.nexmo.com")
        self.reports_base_url = self.reports_base_url.rstrip("/")
        self.lookup_with_reports = bool(option(options, "lookup_with_reports", False))
        settle = option(options, "reports_settle_seconds", None)
        self.reports_settle_seconds = None if settle in (None, "") else float(settle)
        self.webhook_max_age = int(option(options, "webhook_max_age", 300))
        self.http = HttpClient("Vonage", options)

    # -- sending ---------------------------------------------------------------------------

    def send(self, message: OutgoingSms) -> SendResult:
        params = {
            "api_key": self.api_key,
            "from": message.sender or self.from_number,
            "to": e164_digits(message.to),
            "text": message.body,
            "type": "unicode" if sms_encoding(message.body) == "UCS-2" else "text",
            "client-ref": message.reference,
        }
        if message.status_url:
            params["callback"] = message.status_url
        if self.sign_requests and self.signature_secret:
            params["timestamp"] = str(int(time.time()))
            params["sig"] = vonage_signature(params, self.signature_secret, self.signature_method)
        else:
            params["api_secret"] = self.api_secret
        response = self.http.request("POST", f"{self.base_url}/sms/json", data=params)
        payload = json_body(response)
        parts = payload.get("messages") if isinstance(payload, dict) else None
        if response.status_code != 200 or not parts:
            if response.status_code == 401:
                raise ProviderError(
                    gettext("Vonage refused our credentials."),
                    transient=True,
                    code="401",
                    reason=Reason.ACCOUNT,
                )
            raise unexpected_answer("Vonage", response)
        accepted = [part for part in parts if str(part.get("status")) == "0"]
        if not accepted:
            raise self._error(parts[0])
        try:
            prices = [Decimal(str(p["message-price"])) for p in accepted if p.get("message-price")]
        except InvalidOperation:
            prices = []
        total = sum(prices, Decimal(0)) if prices else None
        return SendResult(
            provider_id=str(accepted[0].get("message-id", "")),
            segments=int(payload.get("message-count") or len(parts)),
            cost_cents=amount_to_cents(total),
        )

    def _error(self, part: dict) -> ProviderError:
        status = str(part.get("status", ""))
        transient, reason = SEND_ERRORS.get(status, (False, ""))
        return ProviderError(
            gettext("Vonage refused the message (status %(status)s): %(text)s")
            % {"status": status, "text": part.get("error-text", "")},
            transient=transient,
            code=status,
            reason=reason,
        )

    # -- reconciliation --------------------------------------------------------------------

    def lookup(
        self, *, reference: str, to: str, sent_after: datetime, body: str = ""
    ) -> LookupResult:
        if not self.lookup_with_reports or not reference:
            return LookupResult(Found.UNKNOWN)
        start = sent_after.astimezone(UTC) - timedelta(minutes=2)
        end = min(datetime.now(UTC) + timedelta(minutes=1), start + timedelta(hours=24))
        url = f"{self.reports_base_url}/v2/reports/records"
        params: dict | None = {
            "account_id": self.api_key,
            "product": "SMS",
            "direction": "outbound",
            "date_start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date_end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        digits = e164_digits(to)
        for _ in range(20):
            response = self.http.request(
                "GET", url, params=params, auth=(self.api_key, self.api_secret)
            )
            payload = json_body(response)
            if response.status_code >= 400:
                raise ProviderError(
                    gettext("Vonage's Reports API refused the search (HTTP %(status)s).")
                    % {"status": response.status_code},
                    transient=True,
                    code=str(response.status_code),
                    reason=Reason.ACCOUNT if response.status_code in (401, 403) else "",
                )
            for record in payload.get("records") or []:
                if (
                    record.get("client_ref") == reference
                    and e164_digits(str(record.get("to", digits))) == digits
                ):
                    return LookupResult(Found.YES, str(record.get("message_id", "")))
            next_link = ((payload.get("_links") or {}).get("next") or {}).get("href")
            if not next_link:
                break
            url, params = next_link, None
        if (
            self.reports_settle_seconds is not None
            and (datetime.now(UTC) - sent_after).total_seconds() >= self.reports_settle_seconds
        ):
            # Long enough after the attempt for the report to exist: its absence means the
            # message never reached Vonage, so it may be sent again.
            return LookupResult(Found.NO)
        return LookupResult(Found.UNKNOWN)

    # -- webhooks --------------------------------------------------------------------------

    def verify(self, request) -> dict[str, str]:
        params: dict[str, str] = {key: request.GET[key] for key in request.GET}
        content_type = request.content_type or ""
        if request.method == "POST":
            if content_type.startswith("application/json"):
                try:
                    body = json.loads(request.body or b"{}")
                except ValueError as exc:
                    raise WebhookRejected("vonage: body is not JSON") from exc
                if not isinstance(body, dict):
                    raise WebhookRejected("vonage: body is not a JSON object")
                params.update({k: "" if v is None else str(v) for k, v in body.items()})
            else:
                params.update({key: request.POST[key] for key in request.POST})
        sig = params.get("sig", "")
        if not sig:
            raise WebhookRejected("vonage: unsigned webhook")
        if not self.signature_secret:
            raise WebhookRejected("vonage: no signature secret configured")
        expected = vonage_signature(params, self.signature_secret, self.signature_method)
        if not hmac.compare_digest(sig.lower().encode(), expected.lower().encode()):
            raise WebhookRejected("vonage: signature does not match")
        try:
            stamp = int(params.get("timestamp", ""))
        except ValueError as exc:
            raise WebhookRejected("vonage: signed webhook without timestamp") from exc
        if abs(time.time() - stamp) > self.webhook_max_age:
            raise WebhookRejected("vonage: stale timestamp")
        if params.get("api-key") not in (None, "", self.api_key):
            raise WebhookRejected("vonage: webhook for another account")
        return params

    def parse_webhook(self, request) -> ParsedWebhook:
        params = self.verify(request)
        parsed = ParsedWebhook()
        message_id = params.get("messageId", "")
        if "status" in params and message_id:
            status = params["status"].lower()
            state = DLR_STATES.get(status)
            if state is not None:
                error = params.get("err-code", "")
                parsed.statuses.append(
                    StatusEvent(
                        event_id=f"vonage:{message_id}:{status}:{error}",
                        provider_id=message_id,
                        state=state,
                        reference=params.get("client-ref", ""),
                        error="" if error in ("", "0") else error,
                        occurred_at=_vonage_time(params.get("message-timestamp", "")),
                        reason=DLR_REASONS.get(error, "") if state is DeliveryState.FAILED else "",
                    )
                )
        elif "text" in params and params.get("msisdn"):
            parsed.inbound.append(
                InboundSms(
                    event_id=f"vonage:{message_id}",
                    sender=e164(params["msisdn"]),
                    recipient=e164(params.get("to", "")),
                    body=params["text"],
                    received_at=_vonage_time(params.get("message-timestamp", "")),
                )
            )
        return parsed
