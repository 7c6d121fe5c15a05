"""Unsubscribe links: one per message, signed, usable without an account or a cookie
(RFC 8058 one-click). The token names the message; the message knows the address."""

from __future__ import annotations

from django.core import signing

from .models import Message

_SALT = "turnout.messaging.unsubscribe"


def unsubscribe_token(message: Message) -> str:
    return signing.dumps(message.pk, salt=_SALT, compress=True)


def unsubscribe_message(token: str) -> Message | None:
    try:
        pk = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return Message.objects.filter(pk=pk).select_related("organization", "person").first()
