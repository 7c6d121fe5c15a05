"""Exactly once per (subscription, event), with real concurrency (PostgreSQL): the same
delivery task running in several workers at the same moment sends one request."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from turnout.api.models import WebhookDelivery
from turnout.api.webhooks import services

from .factories import WebhookDeliveryFactory
from .webhooks_helpers import receiver_fixture, subscribe  # noqa: F401


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_delivery_run_by_six_workers_at_once_is_sent_once(org_a, receiver):
    subscription, _secret = subscribe(org_a, receiver)
    delivery = WebhookDeliveryFactory(subscription=subscription)
    start = threading.Barrier(6)
    outcomes, errors = [], []

    def worker():
        try:
            start.wait()
            outcomes.append(services.delivery_attempt(delivery_id=delivery.pk))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(str(o) for o in outcomes) == ["skipped"] * 5 + ["succeeded"]
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempt_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_of_one_delivery_send_it_once(org_a, owner_a, receiver):
    subscription, _secret = subscribe(org_a, receiver)
    delivery = WebhookDeliveryFactory(
        subscription=subscription, status=WebhookDelivery.Status.GAVE_UP, attempt_count=9
    )
    start = threading.Barrier(4)
    refused = []
    # The receiver answers the replay that went through only once the three others were
    # refused: they all come while the delivery is on its way, however slow a thread is.
    # (A click after the delivery went out is a new replay, and sends again.)
    receiver.gate = threading.Event()

    def worker():
        try:
            start.wait()
            services.delivery_replay(delivery=delivery, actor=owner_a)
        except services.WebhookRefused:
            refused.append(True)
            if len(refused) == 3:
                receiver.gate.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert len(refused) == 3
    assert delivery.attempt_count == 10
    assert len(receiver.requests) == 1
