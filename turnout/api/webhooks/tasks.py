"""Background work of webhooks. Ids in, refetch, safe to run twice (the claim in
``services.delivery_attempt`` makes a second run a no-op).

- ``webhook_deliver``: the due attempt of one delivery.
- Every minute (``turnout.core.periodic``): the retries that are due are enqueued, and claims
  left by a worker that died are freed.
"""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from turnout.core.periodic import periodic


@task(queue_name="default")
def webhook_deliver(delivery_id: int) -> str:
    from .services import delivery_attempt

    return delivery_attempt(delivery_id=delivery_id)


@periodic("webhooks.due", every=timedelta(minutes=1))
def webhooks_due() -> dict:
    from .services import deliveries_due_enqueue

    return deliveries_due_enqueue()
