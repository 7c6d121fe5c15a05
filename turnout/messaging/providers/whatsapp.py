"""WhatsApp Cloud API (Meta's Graph API): webhook verification and parsing, sending text.

Wire format, as Meta documents it for the WhatsApp Business Platform:

- Subscribing a callback URL: Meta calls it with ``GET ?hub.mode=subscribe&hub.verify_token=
  <our token>&hub.challenge=<random>``; we answer the challenge as is (200) when the token is
  ours, 403 otherwise.
- Every notification is a ``POST`` of JSON signed with ``X-Hub-Signature-256: sha256=<hex
  HMAC-SHA256 of the raw body, keyed with the app secret>``. The payload is
  ``{"object": "whatsapp_business_account", "entry": [{"id", "changes": [{"field":
  "messages", "value": {"messaging_product": "whatsapp", "metadata": {"display_phone_number",
  "phone_number_id"}, "contacts": [{"profile": {"name"}, "wa_id"}], "messages": [{"from",
  "id", "timestamp", "type", "text": {"body"}}], "statuses": [{"id", "status",
  "timestamp", "recipient_id"}]}}]}]}``. ``timestamp`` is Unix seconds as a string; ``from``
  the sender's number in international format without "+"; message ids (``wamid.…``) are
  unique, and Meta retries a notification that did not get a 200.
- Sending: ``POST {api_base}/{version}/{phone-number-id}/messages`` with ``Authorization:
  Bearer <access token>`` and ``{"messaging_product": "whatsapp", "recipient_type":
  "individual", "to": "<number>", "type": "text", "text": {"preview_url": false, "body":
  "..."}}`` (at most 4,096 characters); the answer is ``{"messaging_product", "contacts":
  [{"input", "wa_id"}], "messages": [{"id": "wamid…"}]}``, errors ``{"error": {"message",
  "type", "code", "error_subcode", "fbtrace_id"}}``. Free-form text is allowed only within
  24 hours of the person's last message (code 131047 otherwise).

Settings (``TURNOUT_WHATSAPP``, from the environment): ``app_secret``, ``verify_token``,
``access_token``, ``api_base`` (``https://graph.facebook.com``), ``api_version``; an empty
``app_secret`` turns the channel off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.utils.translation import gettext

from .base import ProviderError, Reason, WebhookRejected
from .http import HttpClient, json_body, unexpected_answer

DEFAULT_API_BASE = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v21.0"
MAX_TEXT = 4096

#: Graph API error codes that say something permanent about the recipient or our account.
_PERMANENT = {
    131026: Reason.UNREACHABLE,  # message undeliverable (not on WhatsApp, old client)
    131047: Reason.CONTENT,  # more than 24 hours since the person's last message
    131051: Reason.CONTENT,  # unsupported message type
    131021: Reason.INVALID_REQUEST,  # recipient cannot be the sender
    100: Reason.INVALID_REQUEST,
    190: Reason.ACCOUNT,  # access token expired or invalid
    10: Reason.ACCOUNT,  # permission denied
    200: Reason.ACCOUNT,
}


def whatsapp_settings() -> dict:
    return dict(getattr(settings, "TURNOUT_WHATSAPP", None) or {})


def whatsapp_enabled() -> bool:
    return bool(whatsapp_settings().get("app_secret"))


@dataclass(frozen=True)
class WhatsAppMessage:
    """One message a person sent to one of our WhatsApp numbers."""

    message_id: str  # wamid.…
    phone_number_id: str  # which of our numbers received it
    sender: str  # E.164 ("+" and the wa_id)
    timestamp: datetime | None
    kind: str  # "text", "image", "audio", ... as Meta names it
    text: str = ""
    profile_name: str = ""


@dataclass(frozen=True)
class WhatsAppStatus:
    message_id: str
    phone_number_id: str
    status: str  # sent, delivered, read, failed
    recipient: str
    timestamp: datetime | None


@dataclass
class WhatsAppNotification:
    messages: list[WhatsAppMessage] = field(default_factory=list)
    statuses: list[WhatsAppStatus] = field(default_factory=list)


def signature_for(body: bytes, app_secret: str) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def verify_signature(body: bytes, header: str, app_secret: str) -> None:
    """Raise ``WebhookRejected`` unless ``header`` is the app secret's HMAC of ``body``."""
    if not app_secret:
        raise WebhookRejected("WhatsApp is not configured")
    if not header or not header.startswith("sha256="):
        raise WebhookRejected("missing X-Hub-Signature-256")
    if not hmac.compare_digest(header.strip().lower(), signature_for(body, app_secret)):
        raise WebhookRejected("bad X-Hub-Signature-256")


def verify_subscription(params, verify_token: str) -> str:
    """The challenge to answer to Meta's subscription check; raise ``WebhookRejected``."""
    if not verify_token:
        raise WebhookRejected("WhatsApp is not configured")
    if params.get("hub.mode") != "subscribe":
        raise WebhookRejected("hub.mode is not subscribe")
    if not hmac.compare_digest(params.get("hub.verify_token", ""), verify_token):
        raise WebhookRejected("bad hub.verify_token")
    return params.get("hub.challenge", "")


def _when(value) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def parse_notification(body: bytes) -> WhatsAppNotification:
    """The messages and statuses of a (verified) notification. Raises ``WebhookRejected``
    for a body that is not a WhatsApp notification; skips items it cannot read."""
    try:
        payload = json.loads(body or b"")
    except ValueError as exc:
        raise WebhookRejected("not JSON") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise WebhookRejected("not a WhatsApp notification")
    out = WhatsAppNotification()
    for entry in payload["entry"]:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        for change in changes if isinstance(changes, list) else []:
            if not isinstance(change, dict) or change.get("field", "messages") != "messages":
                continue
            value = change.get("value") or {}
            if not isinstance(value, dict):
                continue
            number_id = str((value.get("metadata") or {}).get("phone_number_id") or "")
            names = {
                str(c.get("wa_id")): str((c.get("profile") or {}).get("name") or "")
                for c in value.get("contacts") or []
                if isinstance(c, dict)
            }
            for item in value.get("messages") or []:
                if not isinstance(item, dict) or not item.get("id") or not item.get("from"):
                    continue
                sender = str(item["from"]).lstrip("+")
                kind = str(item.get("type") or "unknown")
                text = ""
                if kind == "text":
                    text = str((item.get("text") or {}).get("body") or "")
                out.messages.append(
                    WhatsAppMessage(
                        message_id=str(item["id"]),
                        phone_number_id=number_id,
                        sender="+" + sender,
                        timestamp=_when(item.get("timestamp")),
                        kind=kind,
                        text=text,
                        profile_name=names.get(sender, ""),
                    )
                )
            for item in value.get("statuses") or []:
                if not isinstance(item, dict) or not item.get("id"):
                    continue
                out.statuses.append(
                    WhatsAppStatus(
                        message_id=str(item["id"]),
                        phone_number_id=number_id,
                        status=str(item.get("status") or ""),
                        recipient=str(item.get("recipient_id") or ""),
                        timestamp=_when(item.get("timestamp")),
                    )
                )
    return out


class WhatsAppCloudClient:
    """Sends text messages through the Cloud API (one instance per process is enough)."""

    name = "whatsapp"

    def __init__(
        self,
        *,
        access_token: str,
        api_base: str = "",
        api_version: str = "",
        **options,
    ):
        self.api_base = (api_base or DEFAULT_API_BASE).rstrip("/")
        self.api_version = api_version or DEFAULT_API_VERSION
        self.http = HttpClient(
            "WhatsApp",
            options,
            headers={"Authorization": f"Bearer {access_token}"},
        )

    @classmethod
    def from_settings(cls) -> WhatsAppCloudClient:
        config = whatsapp_settings()
        return cls(
            access_token=config.get("access_token", ""),
            api_base=config.get("api_base", ""),
            api_version=config.get("api_version", ""),
            **{k: v for k, v in config.items() if k.endswith("_timeout")},
        )

    def send_text(self, *, phone_number_id: str, to: str, body: str) -> str:
        """Send ``body`` to ``to`` (E.164) from our number ``phone_number_id``; return the
        message id. Raises ``ProviderError``."""
        url = f"{self.api_base}/{self.api_version}/{phone_number_id}/messages"
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to.lstrip("+"),
            "type": "text",
            "text": {"preview_url": False, "body": body[:MAX_TEXT]},
        }
        response = self.http.request("POST", url, json=payload)
        data = json_body(response)
        if response.status_code == 200 and isinstance(data, dict):
            messages = data.get("messages") or []
            if messages and isinstance(messages[0], dict) and messages[0].get("id"):
                return str(messages[0]["id"])
            raise unexpected_answer("WhatsApp", response)
        error = (data or {}).get("error") if isinstance(data, dict) else None
        if isinstance(error, dict):
            code = error.get("code")
            reason = _PERMANENT.get(code, Reason.INVALID_REQUEST)
            raise ProviderError(
                gettext("WhatsApp refused the message: %(error)s")
                % {"error": str(error.get("message") or code)[:200]},
                transient=False,
                code=str(code),
                reason=reason,
            )
        raise unexpected_answer("WhatsApp", response)
