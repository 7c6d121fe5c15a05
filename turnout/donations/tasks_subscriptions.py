"""Background work of monthly gifts. Ids in, refetch, safe to run twice.

- ``subscription_provider_create_task``: after the commit of a monthly gift's first payment,
  create the provider's subscription when the provider leaves that to us (Mollie).
- ``subscription_started_email_task``: tell the donor their monthly gift started, with the
  link to stop it.
- Every 10 minutes (``turnout.core.periodic``): create at the provider the monthly gifts a
  crash or an outage left without their provider's subscription.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django_tasks import task

from turnout.core.periodic import periodic

logger = logging.getLogger(__name__)


@task(queue_name="default")
def subscription_provider_create_task(subscription_id: int) -> str:
    from .providers.base import PaymentError
    from .services.subscriptions import subscription_provider_create

    try:
        return subscription_provider_create(subscription_id=subscription_id)
    except PaymentError as exc:  # tried again by the periodic run
        logger.warning("Monthly gift %s not created at its provider: %s", subscription_id, exc)
        return ""


@task(queue_name="messages")
def subscription_started_email_task(subscription_id: int) -> bool:
    from .services.subscriptions import subscription_started_email_send

    return subscription_started_email_send(subscription_id=subscription_id)


@periodic("donations.subscriptions_provider_retry", every=timedelta(minutes=10))
def subscriptions_provider_retry_due() -> dict:
    from .services.subscriptions import subscriptions_provider_retry

    return subscriptions_provider_retry()
