"""Background work of receipts: the donor's email. Ids in, refetch, sent at most once."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="messages")
def receipt_email_task(receipt_id: int) -> bool:
    from .services.receipts import receipt_email_send

    return receipt_email_send(receipt_id=receipt_id)
