"""The embedded default SMS provider: messages land in the local outbox table.

The Outbox screen shows them, and a developer can answer one there to simulate an inbound
reply. The row is written with the message's idempotency key, so ``lookup`` can always tell
whether a message reached the outbox.
"""

from __future__ import annotations

from datetime import datetime

from .base import Found, LookupResult, OutgoingSms, ParsedWebhook, SendResult, SmsProvider


class OutboxProvider(SmsProvider):
    name = "outbox"
    default_rate_per_s = 0.0  # no limit

    def send(self, message: OutgoingSms) -> SendResult:
        from ..models import OutboxMessage
        from ..sms_text import sms_segments

        row = OutboxMessage.objects.create(
            channel=OutboxMessage.Channel.SMS,
            organization_id=self.options.get("organization_id"),
            sender=message.sender,
            to=[message.to],
            body=message.body,
            headers={"reference": message.reference},
        )
        return SendResult(
            provider_id=f"outbox-{row.pk}", segments=sms_segments(message.body).segments
        )

    def lookup(
        self, *, reference: str, to: str, sent_after: datetime, body: str = ""
    ) -> LookupResult:
        from ..models import OutboxMessage

        row = OutboxMessage.objects.filter(headers__reference=reference).first()
        if row is None:
            return LookupResult(Found.NO)
        return LookupResult(Found.YES, provider_id=f"outbox-{row.pk}")

    def parse_webhook(self, request) -> ParsedWebhook:  # replies are simulated on the Outbox screen
        return ParsedWebhook()
