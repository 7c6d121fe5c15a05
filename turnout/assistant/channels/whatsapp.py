"""WhatsApp Cloud API channel: Meta's webhook in, replies out through a background task.

A notification is verified (``X-Hub-Signature-256`` over the raw body, with the app secret)
before anything is read. Each message is routed by the phone-number id it reached to a
``ChannelAccount(channel="whatsapp")``; a message id seen before (Meta retries) finds its
recorded turn and nothing is sent again; a message older than the replay window
(``TURNOUT_WHATSAPP["replay_window"]``, seconds) is ignored. Non-text messages get a polite
"text only" reply.

The reply goes out after the commit, from a task. The number to answer is kept in the
conversation's state only until the reply is sent (the conversation itself keeps only a keyed
hash of it unless the person agreed to be remembered). The task takes the number out of the
state before calling the API: a reply is sent at most once, never twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from turnout.assistant.models import Channel, ChannelAccount, Conversation, Turn
from turnout.assistant.services.conversations import conversation_reply
from turnout.messaging.providers.whatsapp import (
    parse_notification,
    verify_signature,
    whatsapp_settings,
)

from . import plain_text, sources_of

logger = logging.getLogger("turnout.assistant")

DEFAULT_REPLAY_WINDOW = 3600  # seconds


def replay_window() -> timedelta:
    return timedelta(seconds=int(whatsapp_settings().get("replay_window") or DEFAULT_REPLAY_WINDOW))


def notification_receive(*, body: bytes, signature: str) -> dict:
    """Verify and handle one webhook notification. Raises ``WebhookRejected``."""
    verify_signature(body, signature, whatsapp_settings().get("app_secret", ""))
    parsed = parse_notification(body)
    counts = {"answered": 0, "replayed": 0, "stale": 0, "unknown_number": 0}
    now = timezone.now()
    window = replay_window()
    for message in parsed.messages:
        if message.timestamp is None or abs(now - message.timestamp) > window:
            counts["stale"] += 1
            logger.info("whatsapp message outside the replay window ignored")
            continue
        account = (
            ChannelAccount.objects.filter(
                channel=Channel.WHATSAPP, external_id=message.phone_number_id, active=True
            )
            .select_related("organization", "election")
            .first()
        )
        if account is None:
            counts["unknown_number"] += 1
            logger.warning("whatsapp message for an unknown phone-number id")
            continue
        reply = conversation_reply(
            account=account,
            organization=account.organization,
            channel=Channel.WHATSAPP,
            address=message.sender,
            text=message.text,
            external_id=message.message_id,
            media="" if message.kind == "text" else message.kind,
        )
        if reply.replayed:
            counts["replayed"] += 1
            continue
        reply_schedule(turn=reply.turn, to=message.sender, phone_number_id=message.phone_number_id)
        counts["answered"] += 1
    return counts


def reply_schedule(*, turn: Turn, to: str, phone_number_id: str) -> None:
    """Keep where to send the turn's reply until it is sent, and send it after the commit."""
    from .tasks import whatsapp_reply_send

    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=turn.conversation_id)
        state = dict(conversation.state or {})
        outbox = dict(state.get("outbox") or {})
        outbox[str(turn.pk)] = {"to": to, "from": phone_number_id}
        state["outbox"] = outbox
        conversation.state = state
        conversation.save(update_fields=["state", "updated_at"])
        transaction.on_commit(lambda: whatsapp_reply_send.enqueue(turn_id=turn.pk))


def reply_send(*, turn_id: int) -> dict:
    """Send the reply of a turn once (see the module docstring)."""
    from turnout.messaging.providers.base import ProviderError
    from turnout.messaging.providers.whatsapp import WhatsAppCloudClient

    turn = Turn.objects.filter(pk=turn_id).select_related("entry").first()
    if turn is None:
        return {"sent": 0, "reason": "gone"}
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=turn.conversation_id)
        state = dict(conversation.state or {})
        outbox = dict(state.get("outbox") or {})
        target = outbox.pop(str(turn.pk), None)
        if target is None:
            return {"sent": 0, "reason": "already"}
        state["outbox"] = outbox
        conversation.state = state
        conversation.save(update_fields=["state", "updated_at"])
    with translation.override(conversation.language or "fr"):
        body = plain_text(turn.answer, sources_of(turn) if turn.outcome == "answered" else [])
    try:
        message_id = WhatsAppCloudClient.from_settings().send_text(
            phone_number_id=target["from"], to=target["to"], body=body
        )
    except ProviderError as exc:
        logger.warning("whatsapp reply not sent", extra={"code": exc.code, "reason": exc.reason})
        return {"sent": 0, "reason": exc.code or "error"}
    return {"sent": 1, "id": message_id}
