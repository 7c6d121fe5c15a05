"""SMS keywords: "VOTE <question>" to the organization's number is a question for the assistant.

The messaging module stores every inbound SMS and handles STOP first; after the commit, and
only for a message that is not an opt-out, it calls ``sms_received``. A message whose first
word is the keyword of one of the organization's active ``ChannelAccount(channel="sms")``
("VOTE", "WAHL") goes to the assistant; anything else is left to the texting inbox.

The reply goes through the messaging module like any other text: ``message_queue_one``
(transactional, to the number that wrote) for a known person, an outbox message for an
unknown number; the dispatcher sends it exactly once. A number on the suppression list (it
wrote STOP before) gets no reply.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import translation

from turnout.assistant.models import Channel, ChannelAccount
from turnout.assistant.services.conversations import conversation_reply, fold

from . import plain_text

logger = logging.getLogger("turnout.assistant")


def keyword_account(*, organization, body: str) -> tuple[ChannelAccount | None, str]:
    """The SMS channel whose keyword starts ``body``, and the question after it."""
    words = body.strip().split(None, 1)
    if not words:
        return None, ""
    first = fold(words[0])
    if not first:
        return None, ""
    for account in ChannelAccount.objects.filter(
        organization=organization, channel=Channel.SMS, active=True
    ).select_related("organization", "election"):
        if fold(account.external_id) == first:
            return account, words[1] if len(words) > 1 else ""
    return None, ""


def sms_received(message_id: int) -> None:
    """Called by ``messaging.services.inbound_receive`` after the commit. Never raises: the
    provider's webhook must get its answer whatever happens here."""
    try:
        _received(message_id)
    except Exception:
        logger.exception("assistant could not handle an SMS")


def _received(message_id: int) -> None:
    from turnout.messaging.models import Message

    message = (
        Message.objects.filter(pk=message_id, direction=Message.Direction.INBOUND)
        .select_related("organization", "person")
        .first()
    )
    if message is None or not message.from_address:
        return
    account, question = keyword_account(organization=message.organization, body=message.body)
    if account is None:
        return
    person = message.person if message.person and message.person.erased_at is None else None
    reply = conversation_reply(
        account=account,
        organization=account.organization,
        channel=Channel.SMS,
        address=message.from_address,
        text=question,
        external_id=f"sms:{message.pk}",
        language=(person.language if person else "") or "",
        person=person,
    )
    if reply.replayed:
        return
    language = reply.conversation.language or account.language or "fr"
    with translation.override(language):
        body = plain_text(reply.text, reply.answer.sources if reply.answer else [])
    reply_queue(
        organization=account.organization,
        number=message.from_address,
        person=person,
        body=body,
        language=language,
        key=f"assistant:sms:{reply.turn.pk}",
        provider=message.provider,
    )


def reply_queue(*, organization, number: str, person, body: str, language: str, key: str, provider):
    """Queue the reply through the messaging module (see the module docstring)."""
    from django.conf import settings

    from turnout.messaging.models import Message
    from turnout.messaging.services import dispatch_start, messaging_settings_get
    from turnout.messaging.single import message_queue_one
    from turnout.people.models import Channel as PeopleChannel
    from turnout.people.services import suppression_active

    if suppression_active(organization=organization, channel=PeopleChannel.SMS, value=number):
        return None
    if person is not None:
        escaped = body.replace("{", "{{").replace("}", "}}")  # not message variables
        queued = message_queue_one(
            person=person,
            channel=PeopleChannel.SMS,
            purpose="reminders",
            content={language: {"body": escaped}},
            idempotency_key=key,
            default_language=language,
            address=number,
            transactional=True,
        )
        return queued.message
    prefs = messaging_settings_get(organization=organization)
    if provider not in (getattr(settings, "TURNOUT_SMS_PROVIDERS", {}) or {}):
        from turnout.messaging.services import sms_provider_name

        provider = sms_provider_name()
    try:
        with transaction.atomic():
            message = Message.objects.create(
                organization=organization,
                channel=PeopleChannel.SMS,
                idempotency_key=key[:120],
                to_address=number,
                from_address=prefs.sms_sender,
                language=language,
                body=body,
                transactional=True,
                provider=provider,
            )
    except IntegrityError:
        return Message.objects.filter(idempotency_key=key[:120]).first()
    dispatch_start(provider=provider, workers=1)
    return message
