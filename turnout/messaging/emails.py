"""Build broadcast emails: text and HTML parts, RFC 8058 one-click unsubscribe headers,
tracking only when the organization turned it on."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from .models import Message, MessagingSettings


def email_build(
    *, message: Message, subject: str, body: str, prefs: MessagingSettings, unsubscribe_url: str
) -> EmailMultiAlternatives:
    _name, address = parseaddr(message.from_address or settings.DEFAULT_FROM_EMAIL)
    sender = formataddr((prefs.email_from_name or message.organization.name, address))
    with translation.override(message.language or "fr"):
        context = {
            "body": body,
            "organization": message.organization,
            "unsubscribe_url": unsubscribe_url,
        }
        text = render_to_string("messaging/email/broadcast.txt", context)
        html = render_to_string("messaging/email/broadcast.html", context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender,
        to=[message.to_address],
        reply_to=[prefs.email_reply_to] if prefs.email_reply_to else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(html, "text/html")
    # Read by anymail backends (ignored by SMTP): lets delivery events find the message.
    email.metadata = {"turnout_message": message.idempotency_key}
    email.tags = ["broadcast"]
    email.track_opens = prefs.email_tracking
    email.track_clicks = prefs.email_tracking
    return email
