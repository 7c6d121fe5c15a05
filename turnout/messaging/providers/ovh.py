"""OVHcloud SMS, over the OVHcloud API (``/1.0/sms``) with ``requests``.

Options (lower-case keys):

- ``application_key``, ``application_secret``, ``consumer_key`` (required; the consumer key
  needs ``POST /sms/*/jobs`` and, for ``lookup``, ``GET /sms/*/outgoing``);
- ``service_name``: the SMS account, ``sms-xx11111-1`` (required);
- ``sender``: a sender declared and validated on the account; without one (or with
  ``sender_for_response``) OVHcloud sends from a short code people can answer;
- ``no_stop_clause`` (default false): OVHcloud appends its STOP clause ("STOP 36111"),
  handles the STOP replies, and holds messages with a custom sender during nights and
  weekends, unless the message is declared non-commercial with ``noStopClause``;
- ``priority`` (``high``, ``medium``, ``low``, ``veryLow``; default ``high``),
  ``validity_period`` (minutes), ``sender_for_response`` (bool);
- ``webhook_token``: see below;
- ``base_url`` (default ``https://eu.api.ovh.com``; ``https://ca.api.ovh.com`` for Canada),
  ``connect_timeout``, ``read_timeout``, ``rate_per_s``.

Sending: ``POST /1.0/sms/{serviceName}/jobs`` with a JSON body (``message``, ``receivers``,
``sender``, ``noStopClause``, ``priority``, ``charset`` ``UTF-8``, ``coding`` ``7bit`` or
``8bit``, ``tag`` = our reference, ``senderForResponse``), signed with OVHcloud's application
signature: headers ``X-Ovh-Application``, ``X-Ovh-Consumer``, ``X-Ovh-Timestamp`` and
``X-Ovh-Signature`` = ``"$1$"`` + SHA-1 hex of application secret, consumer key, method, full
URL, body and timestamp joined with ``+``. The timestamp is OVHcloud's clock
(``GET /1.0/auth/time``), not ours: we measure the offset once an hour. The API schema marks
``coding`` as deprecated (deduced from the message and charset); we still send it, it is
harmless. The answer lists ``ids``, ``validReceivers``, ``invalidReceivers`` and
``totalCreditsRemoved``; a number in ``invalidReceivers`` is a permanent invalid-number error.
Errors are JSON ``{"errorCode", "httpCode", "message"}`` (403 ``INVALID_KEY``,
``INVALID_CREDENTIAL``, ``NOT_CREDENTIAL``, ``NOT_GRANTED_CALL``; 400 bad parameters).

Delivery reports: OVHcloud calls the account's ``callBack`` URL (set once with
``PUT /sms/{serviceName}``; there is no per-message URL), adding ``id`` (the SMS id),
``dlr`` and ``ptt`` to its query string. These calls are not signed: we give OVHcloud
``https://.../webhook/ovh/?token=<webhook_token>`` and compare the token in constant time
(:func:`~.http.check_webhook_secret`). ``dlr``: 1 delivered, 2 not delivered, 4 buffered,
8 handed to the SMS centre, 16 rejected. The query parameters of OVHcloud's inbound (``smsResponse``
``cgiUrl``) and STOP (``stopCallBack``) calls are not documented in the material we found: such
calls are authenticated and then ignored; inbound messages can be read from
``GET /sms/{serviceName}/incoming`` instead.

``lookup``: ``GET /1.0/sms/{serviceName}/outgoing?tag=<reference>&receiver=<number>`` lists
sent SMS ids: a match is YES. No match is UNKNOWN: the message may still be a pending job
(``/jobs`` cannot be filtered by tag) or the history may have been deleted.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from datetime import datetime

import requests
from django.utils.translation import gettext

from ..sms_text import sms_encoding
from .base import (
    DeliveryState,
    Found,
    LookupResult,
    OutgoingSms,
    ParsedWebhook,
    ProviderError,
    Reason,
    SendResult,
    SmsProvider,
    StatusEvent,
)
from .http import (
    HttpClient,
    check_webhook_secret,
    json_body,
    option,
    unexpected_answer,
)

DLR_STATES = {
    "1": DeliveryState.DELIVERED,
    "2": DeliveryState.FAILED,
    "4": DeliveryState.SENT,
    "8": DeliveryState.SENT,
    "16": DeliveryState.FAILED,
}
ACCOUNT_ERRORS = {
    "INVALID_KEY",
    "INVALID_CREDENTIAL",
    "NOT_CREDENTIAL",
    "NOT_GRANTED_CALL",
    "FORBIDDEN",
}
TIME_SYNC_SECONDS = 3600


def ovh_signature(
    application_secret: str, consumer_key: str, method: str, url: str, body: str, timestamp
) -> str:
    """``X-Ovh-Signature`` for one request (``body`` exactly as sent, ``""`` for GET)."""
    text = "+".join([application_secret, consumer_key, method.upper(), url, body, str(timestamp)])
    return "$1$" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


class OvhProvider(SmsProvider):
    name = "ovh"
    default_rate_per_s = 10.0

    def __init__(self, **options):
        super().__init__(**options)
        self.application_key = option(options, "application_key", "")
        self.application_secret = option(options, "application_secret", "")
        self.consumer_key = option(options, "consumer_key", "")
        self.service_name = option(options, "service_name", "")
        self.sender = option(options, "sender", "")
        self.no_stop_clause = bool(option(options, "no_stop_clause", False))
        self.sends_own_stop_confirmation = not self.no_stop_clause
        self.priority = option(options, "priority", "high")
        self.validity_period = option(options, "validity_period", None)
        self.sender_for_response = option(options, "sender_for_response", None)
        self.webhook_token = option(options, "webhook_token", "")
        self.base_url = option(options, "base_url", "https://eu.api.ovh.com").rstrip("/")
        self.http = HttpClient("OVHcloud", options)
        self._offset: float | None = None
        self._offset_at = 0.0
        self._offset_lock = threading.Lock()

    # -- signing ---------------------------------------------------------------------------

    def _server_time(self) -> int:
        now = time.monotonic()
        if self._offset is None or now - self._offset_at > TIME_SYNC_SECONDS:
            with self._offset_lock:
                if self._offset is None or now - self._offset_at > TIME_SYNC_SECONDS:
                    response = self.http.request("GET", f"{self.base_url}/1.0/auth/time")
                    try:
                        server = int(response.text.strip())
                    except ValueError:
                        raise unexpected_answer("OVHcloud", response) from None
                    self._offset = server - time.time()
                    self._offset_at = now
        return int(time.time() + self._offset)

    def _call(self, method: str, path: str, *, payload=None, params: dict | None = None):
        url = f"{self.base_url}/1.0{path}"
        if params:
            url = requests.Request(method, url, params=params).prepare().url
        body = "" if payload is None else json.dumps(payload, separators=(",", ":"))
        timestamp = self._server_time()
        headers = {
            "X-Ovh-Application": self.application_key,
            "X-Ovh-Consumer": self.consumer_key,
            "X-Ovh-Timestamp": str(timestamp),
            "X-Ovh-Signature": ovh_signature(
                self.application_secret, self.consumer_key, method, url, body, timestamp
            ),
        }
        if payload is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        return self.http.request(method, url, data=body.encode() if body else None, headers=headers)

    # -- sending ---------------------------------------------------------------------------

    def send(self, message: OutgoingSms) -> SendResult:
        unicode = sms_encoding(message.body) == "UCS-2"
        payload = {
            "message": message.body,
            "receivers": [message.to],
            "charset": "UTF-8",
            "coding": "8bit" if unicode else "7bit",
            "noStopClause": self.no_stop_clause,
            "priority": self.priority,
            "tag": message.reference,
        }
        sender = message.sender or self.sender
        if sender:
            payload["sender"] = sender
        if self.sender_for_response is not None:
            payload["senderForResponse"] = bool(self.sender_for_response)
        elif not sender:
            payload["senderForResponse"] = True
        if self.validity_period:
            payload["validityPeriod"] = int(self.validity_period)
        response = self._call("POST", f"/sms/{self.service_name}/jobs", payload=payload)
        body = json_body(response)
        if response.status_code >= 400:
            raise self._error(response.status_code, body)
        if response.status_code != 200 or not isinstance(body, dict):
            raise unexpected_answer("OVHcloud", response)
        ids = body.get("ids") or []
        invalid = body.get("invalidReceivers") or []
        if not ids or message.to in invalid:
            raise ProviderError(
                gettext("OVHcloud rejected the number %(number)s as invalid.")
                % {"number": message.to},
                transient=False,
                code="invalidReceivers",
                reason=Reason.INVALID_NUMBER,
            )
        return SendResult(provider_id=str(ids[0]), segments=None, cost_cents=None)

    def _error(self, status: int, body) -> ProviderError:
        body = body if isinstance(body, dict) else {}
        code = str(body.get("errorCode") or status)
        text = body.get("message", "")
        message = gettext("OVHcloud refused the request (%(code)s): %(text)s") % {
            "code": code,
            "text": text,
        }
        if status in (401, 403) or code in ACCOUNT_ERRORS or status == 404:
            return ProviderError(message, transient=True, code=code, reason=Reason.ACCOUNT)
        if status == 400 and code == "INVALID_SIGNATURE":
            self._offset = None  # resynchronise the clock before the retry
            return ProviderError(message, transient=True, code=code, reason=Reason.ACCOUNT)
        return ProviderError(message, transient=False, code=code, reason=Reason.INVALID_REQUEST)

    # -- reconciliation --------------------------------------------------------------------

    def lookup(
        self, *, reference: str, to: str, sent_after: datetime, body: str = ""
    ) -> LookupResult:
        if not reference:
            return LookupResult(Found.UNKNOWN)
        response = self._call(
            "GET",
            f"/sms/{self.service_name}/outgoing",
            params={"tag": reference, "receiver": to},
        )
        data = json_body(response)
        if response.status_code >= 400:
            raise self._error(response.status_code, data)
        if isinstance(data, list) and data:
            return LookupResult(Found.YES, str(data[0]))
        return LookupResult(Found.UNKNOWN)

    # -- webhooks --------------------------------------------------------------------------

    def parse_webhook(self, request) -> ParsedWebhook:
        check_webhook_secret(request, token=self.webhook_token, provider="ovh")
        params = request.GET
        parsed = ParsedWebhook()
        sms_id = params.get("id", "")
        dlr = params.get("dlr", "")
        if sms_id and dlr in DLR_STATES:
            state = DLR_STATES[dlr]
            ptt = params.get("ptt", "")
            parsed.statuses.append(
                StatusEvent(
                    event_id=f"ovh:{sms_id}:{dlr}:{ptt}",
                    provider_id=sms_id,
                    state=state,
                    reference=params.get("tag", ""),
                    error=f"dlr={dlr} ptt={ptt}" if state is DeliveryState.FAILED else "",
                )
            )
        return parsed
