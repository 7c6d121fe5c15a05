"""Email backend of the embedded default: every message goes into the local outbox table."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend

from ..models import OutboxMessage


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        rows = []
        for message in email_messages:
            html = ""
            for content, mimetype in getattr(message, "alternatives", []) or []:
                if mimetype == "text/html":
                    html = content
            rows.append(
                OutboxMessage(
                    channel=OutboxMessage.Channel.EMAIL,
                    sender=message.from_email or "",
                    to=list(message.to) + list(message.cc) + list(message.bcc),
                    subject=message.subject,
                    body=message.body,
                    html=html,
                    headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
                )
            )
        OutboxMessage.objects.bulk_create(rows)
        return len(rows)
