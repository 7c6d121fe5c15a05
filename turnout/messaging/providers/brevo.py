"""Brevo (formerly Sendinblue) transactional SMS, over its REST API with ``requests``.

Options (lower-case keys):

- ``api_key`` (required, sent in the ``api-key`` header);
- ``sender``: the sender name or number when the message names none (Brevo requires one:
  up to 11 alphanumeric or 15 numeric characters);
- ``sms_type``: ``"transactional"`` (default) or ``"marketing"``;
- ``organisation_prefix``: Brevo's brand prefix (recommended by US carriers), optional;
- ``endpoint``: ``"sms"`` (default, ``POST /v3/transactionalSMS/sms``) or ``"send"``
  (``POST /v3/transactionalSMS/send``, which Brevo's changelog of 2025-05-01 names as the
  replacement of the deprecated ``/sms``; it answers only ``messageId``);
- ``webhook_token`` and/or ``webhook_username`` + ``webhook_password``: see below;
- ``base_url`` (default ``https://api.brevo.com``), ``connect_timeout``, ``read_timeout``,
  ``rate_per_s``.

Sending: JSON ``sender``, ``recipient`` (international digits), ``content``, ``type``,
``tag`` (our reference), ``webUrl`` (where Brevo posts this message's events),
``unicodeEnabled`` (true when the text needs UCS-2). Answer 201: ``messageId`` and, on
``/sms``, ``reference``, ``smsCount``, ``usedCredits``, ``remainingCredits``. Errors are JSON
``{"code", "message"}``: 400 ``invalid_parameter``/``missing_parameter``, 401
``unauthorized``, 402 ``not_enough_credits``, 403 ``permission_denied``...

Webhooks: Brevo does not sign its webhooks. Its "Secure webhook calls" page offers IP
allow-listing, credentials in the URL (``https://user:password@host/...``) or a bearer token
declared with a webhook created through ``/v3/webhooks``. For the per-message ``webUrl`` we
add ``token=<webhook_token>`` to the URL, and :func:`~.http.check_webhook_secret` accepts that
query parameter, an ``Authorization: Bearer`` header with the same secret, or basic auth with
``webhook_username``/``webhook_password``, all compared in constant time. With none of them
configured every call is rejected. Serve the webhook over HTTPS only: the secret travels in
the URL.

Events (``msg_status``): ``sent``, ``delivered``, ``soft_bounce`` (this message failed, the
number may be fine), ``hard_bounce`` (the number cannot receive), ``unsubscribe`` (the person
opted out at Brevo: an :class:`~.base.OptOut`), and replies, read as inbound messages. Brevo
documents the fields ``to``, ``messageId``, ``msg_status``, ``date``, ``type``, ``tag``,
``reference`` for delivery events; the reply payload's field names are not documented (we read
``reply``/``text``/``content``). Brevo substitutes its ``[STOP CODE]`` and handles STOP replies
itself for *marketing* SMS, so ``sends_own_stop_confirmation`` is true for ``sms_type`` =
``marketing`` only.

``lookup``: ``GET /v3/transactionalSMS/statistics/events`` filtered by ``tags`` (our
reference), ``phoneNumber`` and dates: any event for our tag is YES. No event is UNKNOWN
(statistics are not promised to be immediate).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext

from ..sms_text import sms_encoding
from .base import (
    DeliveryState,
    Found,
    InboundSms,
    LookupResult,
    OptOut,
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
    check_webhook_secret,
    e164,
    e164_digits,
    json_body,
    option,
    unexpected_answer,
    with_query,
)

EVENT_STATES = {
    "accepted": DeliveryState.QUEUED,
    "sent": DeliveryState.SENT,
    "delivered": DeliveryState.DELIVERED,
    "soft_bounce": DeliveryState.FAILED,
    "softbounce": DeliveryState.FAILED,
    "hard_bounce": DeliveryState.FAILED,
    "hardbounce": DeliveryState.FAILED,
    "rejected": DeliveryState.FAILED,
    "blocked": DeliveryState.FAILED,
}
EVENT_REASONS = {
    "soft_bounce": Reason.TEMPORARY,
    "softbounce": Reason.TEMPORARY,
    "hard_bounce": Reason.INVALID_NUMBER,
    "hardbounce": Reason.INVALID_NUMBER,
    "blocked": Reason.BLOCKED,
    "rejected": "",
}
UNSUBSCRIBE_EVENTS = {"unsubscribe", "unsubscribed", "unsubscription"}
REPLY_EVENTS = {"reply", "replied", "sms_reply"}

#: HTTP status -> (transient, reason) when the error code does not say more.
HTTP_ERRORS = {
    400: (False, Reason.INVALID_REQUEST),
    401: (True, Reason.ACCOUNT),
    402: (True, Reason.ACCOUNT),  # not enough credits
    403: (True, Reason.ACCOUNT),
    404: (False, Reason.INVALID_REQUEST),
}


class BrevoProvider(SmsProvider):
    name = "brevo"
    default_rate_per_s = 10.0

    def __init__(self, **options):
        super().__init__(**options)
        self.api_key = option(options, "api_key", "")
        self.sender = option(options, "sender", "")
        self.sms_type = option(options, "sms_type", "transactional")
        if self.sms_type not in ("transactional", "marketing"):
            raise ValueError("Brevo sms_type must be 'transactional' or 'marketing'")
        self.sends_own_stop_confirmation = self.sms_type == "marketing"
        self.organisation_prefix = option(options, "organisation_prefix", "")
        self.endpoint = option(options, "endpoint", "sms")
        if self.endpoint not in ("sms", "send"):
            raise ValueError("Brevo endpoint must be 'sms' or 'send'")
        self.webhook_token = option(options, "webhook_token", "")
        self.webhook_username = option(options, "webhook_username", "")
        self.webhook_password = option(options, "webhook_password", "")
        self.base_url = option(options, "base_url", "https://api.brevo.com").rstrip("/")
        self.http = HttpClient(
            "Brevo", options, headers={"api-key": self.api_key, "accept": "application/json"}
        )

    # -- sending ---------------------------------------------------------------------------

    def send(self, message: OutgoingSms) -> SendResult:
        payload = {
            "sender": message.sender or self.sender,
            "recipient": e164_digits(message.to),
            "content": message.body,
            "type": self.sms_type,
            "tag": message.reference,
            "unicodeEnabled": sms_encoding(message.body) == "UCS-2",
        }
        if self.organisation_prefix:
            payload["organisationPrefix"] = self.organisation_prefix
        if message.status_url:
            payload["webUrl"] = with_query(message.status_url, token=self.webhook_token)
        url = f"{self.base_url}/v3/transactionalSMS/{self.endpoint}"
        response = self.http.request("POST", url, json=payload)
        body = json_body(response)
        if response.status_code >= 400:
            raise self._error(response.status_code, body)
        if response.status_code not in (200, 201, 202) or not body.get("messageId"):
            raise unexpected_answer("Brevo", response)
        count = body.get("smsCount")
        return SendResult(
            provider_id=str(body["messageId"]),
            segments=int(count) if isinstance(count, int) else None,
            cost_cents=None,  # Brevo answers in credits, not money
        )

    def _error(self, status: int, body: dict) -> ProviderError:
        code = str(body.get("code") or status) if isinstance(body, dict) else str(status)
        text = body.get("message", "") if isinstance(body, dict) else ""
        transient, reason = HTTP_ERRORS.get(status, (False, ""))
        if status == 400 and code == "invalid_parameter" and "recipient" in text.lower():
            reason = Reason.INVALID_NUMBER
        return ProviderError(
            gettext("Brevo refused the message (%(code)s): %(text)s")
            % {"code": code, "text": text},
            transient=transient,
            code=code,
            reason=reason,
        )

    # -- reconciliation --------------------------------------------------------------------

    def lookup(
        self, *, reference: str, to: str, sent_after: datetime, body: str = ""
    ) -> LookupResult:
        if not reference:
            return LookupResult(Found.UNKNOWN)
        start = (sent_after.astimezone(UTC) - timedelta(days=1)).date()
        end = (datetime.now(UTC) + timedelta(days=1)).date()
        params = {
            "tags": reference,
            "phoneNumber": e164_digits(to),
            "startDate": start.isoformat(),
            "endDate": end.isoformat(),
            "limit": 100,
        }
        url = f"{self.base_url}/v3/transactionalSMS/statistics/events"
        response = self.http.request("GET", url, params=params)
        data = json_body(response)
        if response.status_code >= 400:
            raise self._error(response.status_code, data)
        for event in data.get("events") or []:
            tags = event.get("tag")
            tags = tags if isinstance(tags, list) else [tags]
            if reference in tags:
                return LookupResult(Found.YES, str(event.get("messageId", "")))
        return LookupResult(Found.UNKNOWN)

    # -- webhooks --------------------------------------------------------------------------

    def parse_webhook(self, request) -> ParsedWebhook:
        check_webhook_secret(
            request,
            token=self.webhook_token,
            username=self.webhook_username,
            password=self.webhook_password,
            provider="brevo",
        )
        try:
            data = json.loads(request.body or b"null")
        except ValueError as exc:
            raise WebhookRejected("brevo: body is not JSON") from exc
        events = data if isinstance(data, list) else [data]
        parsed = ParsedWebhook()
        for event in events:
            if isinstance(event, dict):
                self._parse_event(event, parsed)
        return parsed

    def _parse_event(self, event: dict, parsed: ParsedWebhook) -> None:
        status = str(event.get("msg_status") or event.get("event") or "").lower()
        message_id = str(event.get("messageId") or "")
        stamp = event.get("ts_event") or event.get("date") or ""
        occurred = _brevo_time(event)
        event_id = f"brevo:{message_id}:{status}:{stamp}"
        number = e164(str(event.get("to") or event.get("phoneNumber") or ""))
        tag = event.get("tag") or event.get("tags") or ""
        reference = (
            tag[0] if isinstance(tag, list) and tag else (tag if isinstance(tag, str) else "")
        )
        if status in EVENT_STATES and message_id:
            state = EVENT_STATES[status]
            parsed.statuses.append(
                StatusEvent(
                    event_id=event_id,
                    provider_id=message_id,
                    state=state,
                    reference=reference,
                    error=status if state is DeliveryState.FAILED else "",
                    occurred_at=occurred,
                    reason=EVENT_REASONS.get(status, ""),
                )
            )
        elif status in UNSUBSCRIBE_EVENTS and number:
            parsed.opt_outs.append(OptOut(event_id=event_id, sender=number, occurred_at=occurred))
        elif status in REPLY_EVENTS:
            text = event.get("reply") or event.get("text") or event.get("content") or ""
            sender = e164(str(event.get("from") or "")) or number
            if sender:
                parsed.inbound.append(
                    InboundSms(
                        event_id=event_id,
                        sender=sender,
                        recipient=str(event.get("sender") or ""),
                        body=str(text),
                        received_at=occurred,
                    )
                )


def _brevo_time(event: dict) -> datetime | None:
    """``ts_event`` (UNIX seconds, UTC) when present; Brevo's ``date`` is in CET/CEST."""
    stamp = event.get("ts_event") or event.get("ts_epoch")
    try:
        value = int(stamp)
    except (TypeError, ValueError):
        return None
    if value > 10**11:  # milliseconds
        value //= 1000
    return datetime.fromtimestamp(value, UTC)
