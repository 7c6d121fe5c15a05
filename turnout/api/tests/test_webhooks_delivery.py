"""Delivery end to end: real services emit, a loopback receiver gets signed requests, failures
are retried on the documented schedule, then given up; the subscription turns itself off and
admins are told; tests, replays and the sweep."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from turnout.api.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from turnout.api.webhooks import services, ssrf
from turnout.people.services import PersonData, person_upsert

from .factories import WebhookDeliveryFactory
from .webhooks_helpers import receiver_fixture, receiver_verifies, subscribe  # noqa: F401

Status = WebhookDelivery.Status


def _new_person(org, email="lea@example.org", given_name="Léa"):
    person, _created = person_upsert(
        organization=org,
        data=PersonData(given_name=given_name, family_name="Martin", email=email),
        source="test",
    )
    return person


def test_a_new_person_reaches_the_receiver_signed(
    org_a, receiver, django_capture_on_commit_callbacks
):
    subscription, secret = subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        person = _new_person(org_a)

    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert got.path == "/hooks/turnout"
    assert got.headers["Content-Type"] == "application/hal+json"
    assert got.headers["Turnout-Event"] == "person.created"
    assert got.headers["Turnout-Delivery"] == str(delivery.pk)
    assert receiver_verifies(secret=secret, body=got.body, header=got.headers["Turnout-Signature"])
    assert not receiver_verifies(
        secret="whsec_wrong", body=got.body, header=got.headers["Turnout-Signature"]
    )
    payload = got.json
    assert payload["type"] == "person.created"
    assert payload["organization"] == "voix-citoyennes"
    assert payload["id"] == str(delivery.event.uuid)
    osdi = payload["_embedded"]["osdi:person"]
    assert osdi["given_name"] == "Léa"
    assert f"turnout:{person.uuid}" in osdi["identifiers"]
    assert osdi["email_addresses"][0]["address"] == "lea@example.org"
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempt_count == 1
    assert delivery.last_status_code == 200
    assert delivery.response_excerpt == "ok"
    assert delivery.response_ms is not None


def test_nothing_is_sent_for_unchosen_events_or_rolled_back_work(
    org_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver, types=["donation.succeeded"])
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
    assert receiver.requests == []
    assert not WebhookEvent.objects.exists()


def test_a_failing_receiver_is_retried_on_the_schedule_then_given_up_and_turned_off(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    receiver.answer((500, b"boom\x00 internal"))
    subscription, _secret = subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
        _new_person(org_a, email="tom@example.org", given_name="Tom")
    first, waiting = WebhookDelivery.objects.order_by("pk")
    first.refresh_from_db()
    assert first.status == Status.RETRYING
    assert first.attempt_count == 1
    assert first.last_status_code == 500
    assert first.response_excerpt == "boom internal"  # control characters removed
    assert "HTTP 500" in first.error

    offsets = services.RETRY_OFFSETS
    start = first.first_attempt_at
    for attempt in range(2, len(offsets) + 1):
        first.refresh_from_db()
        gap = offsets[attempt - 1] - offsets[attempt - 2]
        planned = first.next_attempt_at - start
        assert offsets[attempt - 1] <= planned <= offsets[attempt - 1] + gap * services.JITTER
        with django_capture_on_commit_callbacks(execute=True):
            outcome = services.delivery_attempt(delivery_id=first.pk, now=first.next_attempt_at)
        assert outcome in (Status.RETRYING, Status.GAVE_UP)
    first.refresh_from_db()
    assert first.status == Status.GAVE_UP
    assert first.attempt_count == len(offsets) == 9
    assert first.next_attempt_at is None

    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.disabled_reason == WebhookSubscription.DisabledReason.FAILURES
    waiting.refresh_from_db()
    assert waiting.status == Status.GAVE_UP  # nothing more goes to a switched-off URL
    assert [m.to for m in mail.outbox] == [["owner-a@example.org"]]
    assert "Warehouse (Voix Citoyennes)" in mail.outbox[0].subject  # in the admins' language
    assert f"/api/webhooks/{subscription.pk}/" in mail.outbox[0].body


def test_a_success_ends_the_failure_streak(org_a, receiver, django_capture_on_commit_callbacks):
    receiver.answer((503, b"busy"), (200, b"ok"))
    subscription, _secret = subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1
    delivery = WebhookDelivery.objects.get()
    services.delivery_attempt(delivery_id=delivery.pk, now=delivery.next_attempt_at)
    subscription.refresh_from_db()
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    assert delivery.attempt_count == 2
    assert subscription.consecutive_failures == 0
    assert subscription.failing_since is None
    assert subscription.active


def test_a_delivery_is_sent_once_even_when_its_task_runs_twice(
    org_a, receiver, django_capture_on_commit_callbacks
):
    subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
    delivery = WebhookDelivery.objects.get()
    assert services.delivery_attempt(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.requests) == 1


def test_redirects_are_not_followed(org_a, receiver, django_capture_on_commit_callbacks):
    receiver.answer((302, b""))
    subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == Status.RETRYING
    assert delivery.last_status_code == 302
    assert "Redirects are not followed" in delivery.error
    assert len(receiver.requests) == 1


def test_only_the_first_kilobyte_of_the_answer_is_kept(
    org_a, receiver, django_capture_on_commit_callbacks
):
    receiver.answer((400, b"x" * 5000))
    subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
    assert WebhookDelivery.objects.get().response_excerpt == "x" * 1024


def test_a_slow_receiver_times_out_and_a_huge_answer_is_cut(receiver):
    target = ssrf.target_check(receiver.url)
    receiver.answer((200, b"late", 1.5))
    with pytest.raises(ssrf.DeliveryError) as caught:
        ssrf.post(target, body=b"{}", headers={}, read_timeout=0.2)
    assert caught.value.code == "read_timeout"
    receiver.answer((200, b"y" * 100_000))
    response = ssrf.post(target, body=b"{}", headers={}, max_bytes=1000)
    assert response.truncated
    assert len(response.body) == 1000


def test_a_refused_connection_is_a_failed_attempt(org_a, settings):
    settings.TURNOUT_WEBHOOK_ALLOWED_TARGETS = ["127.0.0.1:9"]
    subscription, _secret = services.subscription_create(
        organization=org_a,
        actor=None,
        target_url="http://127.0.0.1:9/nothing-here",
        event_types=["person.created"],
    )
    event = WebhookDeliveryFactory(subscription=subscription).pk
    assert services.delivery_attempt(delivery_id=event) == Status.RETRYING
    delivery = WebhookDelivery.objects.get(pk=event)
    assert delivery.last_status_code is None
    assert "Could not connect" in delivery.error


def test_the_test_button_sends_a_ping_that_never_counts_as_a_failure(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscription, secret = subscribe(org_a, receiver)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.subscription_ping(subscription=subscription, actor=owner_a)
    delivery.refresh_from_db()
    assert delivery.status == Status.SUCCEEDED
    got = receiver.requests[0]
    assert got.headers["Turnout-Event"] == "ping"
    assert receiver_verifies(secret=secret, body=got.body, header=got.headers["Turnout-Signature"])

    receiver.answer((500, b"down"))
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.subscription_ping(subscription=subscription, actor=owner_a)
    delivery.refresh_from_db()
    subscription.refresh_from_db()
    assert delivery.status == Status.FAILED  # once, no retries
    assert subscription.consecutive_failures == 0


def test_replay_one_delivery_and_the_failed_ones_since_a_date(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscription, _secret = subscribe(org_a, receiver)
    old = WebhookDeliveryFactory(subscription=subscription, status=Status.GAVE_UP, attempt_count=9)
    WebhookDelivery.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(days=10)
    )
    recent = WebhookDeliveryFactory(
        subscription=subscription, status=Status.GAVE_UP, attempt_count=9
    )
    fine = WebhookDeliveryFactory(
        subscription=subscription, status=Status.SUCCEEDED, attempt_count=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        count = services.deliveries_replay_failed(
            subscription=subscription,
            since=timezone.localdate() - dt.timedelta(days=2),
            actor=owner_a,
        )
    assert count == 1
    recent.refresh_from_db()
    assert recent.status == Status.SUCCEEDED
    assert recent.attempt_count == 10
    assert len(receiver.requests) == 1

    receiver.answer((500, b"no"))
    with django_capture_on_commit_callbacks(execute=True):
        replayed = services.delivery_replay(delivery=old, actor=owner_a)
    replayed.refresh_from_db()
    assert replayed.status == Status.FAILED  # one more attempt, then it waits for a person
    assert replayed.attempt_count == 10
    fine.refresh_from_db()
    assert fine.status == Status.SUCCEEDED
    assert len(receiver.requests) == 2


def test_replays_wait_until_the_subscription_is_back_on(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscription, _secret = subscribe(org_a, receiver)
    delivery = WebhookDeliveryFactory(subscription=subscription, status=Status.GAVE_UP)
    services.subscription_disable(subscription=subscription, actor=owner_a)
    with pytest.raises(services.WebhookRefused):
        services.delivery_replay(delivery=delivery, actor=owner_a)
    assert receiver.requests == []
    services.subscription_enable(subscription=subscription, actor=owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_replay(delivery=delivery, actor=owner_a)
    assert len(receiver.requests) == 1


def test_the_sweep_sends_due_retries_and_frees_stale_claims(
    org_a, receiver, django_capture_on_commit_callbacks
):
    subscription, _secret = subscribe(org_a, receiver)
    now = timezone.now()
    due = WebhookDeliveryFactory(
        subscription=subscription, status=Status.RETRYING, next_attempt_at=now, attempt_count=1
    )
    later = WebhookDeliveryFactory(
        subscription=subscription,
        status=Status.RETRYING,
        next_attempt_at=now + dt.timedelta(hours=1),
        attempt_count=1,
    )
    stale = WebhookDeliveryFactory(
        subscription=subscription, status=Status.SENDING, claimed_at=now - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = services.deliveries_due_enqueue()
    assert result == {"freed": 1, "enqueued": 2}
    for row in (due, later, stale):
        row.refresh_from_db()
    assert due.status == Status.SUCCEEDED
    assert stale.status == Status.SUCCEEDED
    assert later.status == Status.RETRYING
    assert len(receiver.requests) == 2


def test_a_switched_off_subscription_gets_no_new_events(
    org_a, owner_a, receiver, django_capture_on_commit_callbacks
):
    subscription, _secret = subscribe(org_a, receiver)
    services.subscription_disable(subscription=subscription, actor=owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        _new_person(org_a)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_delivery_whose_subscription_was_turned_off_meanwhile_is_not_sent(org_a, receiver):
    subscription, _secret = subscribe(org_a, receiver)
    delivery = WebhookDeliveryFactory(subscription=subscription)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)
    assert services.delivery_attempt(delivery_id=delivery.pk) == Status.GAVE_UP
    assert receiver.requests == []
