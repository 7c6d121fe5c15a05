"""Twilio Programmable Messaging (SMS), over its REST API with ``requests``.

Options (``TURNOUT_SMS_PROVIDERS[name]["OPTIONS"]``, lower-case keys):

- ``account_sid`` (``AC...``, required) and ``auth_token`` (required: it signs the webhooks,
  and authenticates the API unless an API key is given);
- ``api_key_sid`` / ``api_key_secret``: authenticate the API with an API key instead;
- ``from_number`` (E.164 or alphanumeric sender ID) or ``messaging_service_sid`` (``MG...``):
  the sender when the message names none;
- ``base_url`` (default ``https://api.twilio.com``), ``connect_timeout``, ``read_timeout``,
  ``rate_per_s``, ``lookup_pages`` (pages of 50 messages searched by ``lookup``, default 4).

Sending: ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json``, form-encoded ``To``,
``From`` or ``MessagingServiceSid``, ``Body``, ``StatusCallback``. Twilio picks GSM-7 or UCS-2
itself (no flag to send). The answer's ``sid``, ``num_segments`` and ``price`` are kept;
errors are JSON ``{"code", "message", "more_info", "status"}``.

Twilio's API takes no client reference, so we add ``ref=<our reference>`` to the
``StatusCallback`` URL: Twilio calls that exact URL, the signature covers it, and status events
carry our reference even when the worker died before it stored Twilio's ``sid``.

Webhooks (status callbacks and incoming messages) are form posts signed with
``X-Twilio-Signature``: base64 of HMAC-SHA1, keyed with the auth token, over the full URL
Twilio called followed by every POST parameter name and value, sorted by name. Incoming
messages are answered with an empty TwiML ``<Response/>``. Twilio's default opt-out handling
answers STOP/START/HELP itself, hence ``sends_own_stop_confirmation``.

``lookup``: the Message list can be filtered by ``To`` and date but Twilio stores no client
reference, so we search recent messages to that number for our exact body created after the
send started. A match is reported as sent; no match is UNKNOWN, never NO: the list gives no
guarantee that an accepted message is already visible, and a Messaging Service may alter the
body (opt-out text, smart encoding).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit, urlunsplit

from django.utils.translation import gettext

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
    constant_time_equals,
    json_body,
    option,
    unexpected_answer,
    with_query,
)

API_VERSION = "2010-04-01"
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'

#: Documented error codes that say the message can never go to this number as it is.
#: https://www.twilio.com/docs/api/errors
PERMANENT_CODES: dict[int, str] = {
    21211: Reason.INVALID_NUMBER,  # invalid 'To' phone number
    21214: Reason.INVALID_NUMBER,  # 'To' number cannot be reached
    21217: Reason.INVALID_NUMBER,  # phone number does not appear to be valid
    21407: Reason.INVALID_NUMBER,  # this phone number type does not support SMS
    21408: Reason.ACCOUNT,  # permission to send to this region not enabled
    21610: Reason.UNSUBSCRIBED,  # attempt to send to unsubscribed recipient (replied STOP)
    21612: Reason.INVALID_NUMBER,  # 'To' is not currently reachable via SMS
    21614: Reason.NOT_MOBILE,  # 'To' number is not a valid mobile number
    21617: Reason.CONTENT,  # body exceeds the 1600 character limit
    21635: Reason.NOT_MOBILE,  # 'To' number cannot be a landline
    30003: Reason.UNREACHABLE,  # unreachable destination handset
    30004: Reason.BLOCKED,  # message blocked
    30005: Reason.INVALID_NUMBER,  # unknown destination handset
    30006: Reason.NOT_MOBILE,  # landline or unreachable carrier
    30007: Reason.CONTENT,  # message filtered (carrier violation)
    30008: Reason.TEMPORARY,  # unknown error
    30034: Reason.ACCOUNT,  # US A2P 10DLC: message from an unregistered number
}
#: Codes that are about our account or request: retried later, never recorded on the person.
ACCOUNT_CODES = {20003, 20005, 20008, 20404, 21606, 21608, 21611, 30001, 30002}
REQUEST_CODES = {21602, 21603, 21604, 21601, 21620, 21609}

STATUS_MAP = {
    "accepted": DeliveryState.QUEUED,
    "scheduled": DeliveryState.QUEUED,
    "queued": DeliveryState.QUEUED,
    "sending": DeliveryState.QUEUED,
    "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "read": DeliveryState.DELIVERED,
    "undelivered": DeliveryState.FAILED,
    "failed": DeliveryState.FAILED,
    "canceled": DeliveryState.FAILED,
}


def twilio_signature(url: str, params, auth_token: str) -> str:
    """``X-Twilio-Signature`` for a POST to ``url`` with form ``params`` (pairs or a dict;
    repeated names keep every value, sorted by name then value)."""
    items = params.items() if hasattr(params, "items") else params
    data = url + "".join(f"{key}{value}" for key, value in sorted(items))
    digest = hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _url_variants(url: str) -> list[str]:
    """The URL as seen, and with the default port added or removed: Twilio signs the URL as
    configured, which a proxy in front of Django may have rewritten either way."""
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    variants = [url]
    host = parts.hostname or ""
    if parts.port and parts.port == default:
        variants.append(urlunsplit(parts._replace(netloc=host)))
    elif not parts.port and default:
        variants.append(urlunsplit(parts._replace(netloc=f"{host}:{default}")))
    return variants


class TwilioProvider(SmsProvider):
    name = "twilio"
    sends_own_stop_confirmation = True
    default_rate_per_s = 1.0  # one long code: 1 message/s in the US; raise it per account

    def __init__(self, **options):
        super().__init__(**options)
        self.account_sid = option(options, "account_sid", "")
        self.auth_token = option(options, "auth_token", "")
        key_sid = option(options, "api_key_sid", "")
        key_secret = option(options, "api_key_secret", "")
        auth = (key_sid, key_secret) if key_sid else (self.account_sid, self.auth_token)
        self.from_number = option(options, "from_number", "")
        self.messaging_service_sid = option(options, "messaging_service_sid", "")
        self.base_url = option(options, "base_url", "https://api.twilio.com").rstrip("/")
        self.lookup_pages = int(option(options, "lookup_pages", 4))
        self.http = HttpClient("Twilio", options, auth=auth)

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/{API_VERSION}/Accounts/{self.account_sid}/Messages.json"

    # -- sending ---------------------------------------------------------------------------

    def send(self, message: OutgoingSms) -> SendResult:
        data = {"To": message.to, "Body": message.body}
        sender = message.sender or self.from_number
        if message.sender or not self.messaging_service_sid:
            data["From"] = sender
        else:
            data["MessagingServiceSid"] = self.messaging_service_sid
        if message.status_url:
            data["StatusCallback"] = with_query(message.status_url, ref=message.reference)
        response = self.http.request("POST", self.messages_url, data=data)
        payload = json_body(response)
        if response.status_code >= 400:
            raise self._error(response.status_code, payload)
        if response.status_code not in (200, 201) or not payload.get("sid"):
            raise unexpected_answer("Twilio", response)
        segments = payload.get("num_segments")
        return SendResult(
            provider_id=payload["sid"],
            segments=int(segments) if str(segments or "").isdigit() else None,
            cost_cents=amount_to_cents(payload.get("price")),
        )

    def _error(self, status: int, payload: dict) -> ProviderError:
        try:
            code = int(payload.get("code") or 0)
        except (TypeError, ValueError):
            code = 0
        text = payload.get("message") or payload.get("detail") or ""
        message = gettext("Twilio refused the message (error %(code)s): %(text)s") % {
            "code": code or status,
            "text": text,
        }
        if status in (401, 403) or code in ACCOUNT_CODES:
            return ProviderError(
                message, transient=True, code=str(code or status), reason=Reason.ACCOUNT
            )
        if code in PERMANENT_CODES:
            reason = PERMANENT_CODES[code]
            transient = reason == Reason.ACCOUNT
            return ProviderError(message, transient=transient, code=str(code), reason=reason)
        reason = Reason.INVALID_REQUEST if code in REQUEST_CODES or status == 400 else ""
        return ProviderError(message, transient=False, code=str(code or status), reason=reason)

    # -- reconciliation --------------------------------------------------------------------

    def lookup(
        self, *, reference: str, to: str, sent_after: datetime, body: str = ""
    ) -> LookupResult:
        if not body:
            return LookupResult(Found.UNKNOWN)  # nothing of ours to recognise the message by
        since = sent_after - timedelta(minutes=2)  # clock skew between us and Twilio
        url = self.messages_url
        params: dict | None = {"To": to, "PageSize": 50}
        for _ in range(self.lookup_pages):
            response = self.http.request("GET", url, params=params)
            payload = json_body(response)
            if response.status_code >= 400:
                raise self._error(response.status_code, payload)
            older_seen = False
            for item in payload.get("messages") or []:
                created = _twilio_date(item.get("date_created"))
                if created is not None and created < since:
                    older_seen = True  # newest first: the rest is older still
                    break
                outbound = str(item.get("direction", "outbound-api")).startswith("outbound")
                if outbound and item.get("body") == body:
                    return LookupResult(Found.YES, item.get("sid", ""))
            next_uri = payload.get("next_page_uri")
            if older_seen or not next_uri:
                break
            url, params = self.base_url + next_uri, None
        return LookupResult(Found.UNKNOWN)

    # -- webhooks --------------------------------------------------------------------------

    def verify(self, request) -> dict[str, str]:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature:
            raise WebhookRejected("twilio: missing X-Twilio-Signature")
        if not self.auth_token:
            raise WebhookRejected("twilio: no auth token configured")
        pairs = list(request.POST.lists())
        flat = [(key, value) for key, values in pairs for value in values]
        url = request.build_absolute_uri()
        for candidate in _url_variants(url):
            expected = twilio_signature(candidate, flat, self.auth_token)
            if constant_time_equals(signature, expected):
                break
        else:
            raise WebhookRejected("twilio: signature does not match")
        return {key: values[-1] for key, values in pairs}

    def parse_webhook(self, request) -> ParsedWebhook:
        params = self.verify(request)
        if self.account_sid and params.get("AccountSid") not in (None, "", self.account_sid):
            raise WebhookRejected("twilio: webhook for another account")
        parsed = ParsedWebhook()
        sid = params.get("MessageSid") or params.get("SmsSid") or ""
        status = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
        if status and status != "received":
            state = STATUS_MAP.get(status)
            if state is not None:
                error = params.get("ErrorCode") or ""
                reason = ""
                if state is DeliveryState.FAILED:
                    reason = PERMANENT_CODES.get(int(error), "") if error.isdigit() else ""
                parsed.statuses.append(
                    StatusEvent(
                        event_id=f"twilio:{sid}:{status}:{error}",
                        provider_id=sid,
                        state=state,
                        reference=request.GET.get("ref", ""),
                        error=error,
                        reason=reason,
                    )
                )
            return parsed
        if "Body" in params and params.get("From"):
            parsed.inbound.append(
                InboundSms(
                    event_id=f"twilio:{sid}",
                    sender=params["From"],
                    recipient=params.get("To", ""),
                    body=params.get("Body", ""),
                )
            )
            parsed.response_body = EMPTY_TWIML
            parsed.response_content_type = "text/xml"
        return parsed


def _twilio_date(value) -> datetime | None:
    """Twilio's RFC 2822 dates (``"Mon, 16 Aug 2010 03:45:01 +0000"``)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
