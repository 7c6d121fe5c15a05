"""Background work of receipts. Ids in, refetch, safe to run twice.

- ``receipt_email_task``: the donor's email (sent at most once).
- Every 10 minutes (``turnout.core.periodic``): the receipts a failure left missing (a paid
  donation without its receipt ten minutes after the payment) are issued.
"""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from turnout.core.periodic import periodic


@task(queue_name="messages")
def receipt_email_task(receipt_id: int) -> bool:
    from .services.receipts import receipt_email_send

    return receipt_email_send(receipt_id=receipt_id)


@periodic("donations.receipts_missing", every=timedelta(minutes=10))
def receipts_missing_due() -> dict:
    from .services.receipts import receipts_missing_issue

    return receipts_missing_issue()
