"""Writes of outgoing webhooks: subscriptions, events, delivery attempts, replays.

Delivery, once per (subscription, event):

1. ``event_record`` (after the emitting transaction committed) writes the event and one
   delivery per subscription, and enqueues ``webhook_deliver`` for each.
2. ``delivery_attempt`` claims the delivery with one conditional UPDATE (pending/retrying ->
   sending): of two workers running it at once, one gets the row, the other does nothing.
   Then, outside any transaction, the SSRF guard checks the URL again (DNS may have changed)
   and the signed body is POSTed to the pinned address.
3. ``_result_record`` writes the outcome: 2xx is delivered; anything else is a failure,
   retried on ``RETRY_OFFSETS`` (from the first attempt, with up to 10 % jitter) until the
   last one, then "gave up". A failure streak longer than ``DISABLE_AFTER`` or
   ``DISABLE_AFTER_GAVE_UP`` deliveries given up in a row turns the subscription off and
   emails the organization's admins.

Retries are picked up by the periodic sweep (``tasks.webhooks_due``, every minute), which also
frees a claim left by a worker that died mid-request (after ``STALE_CLAIM``; that delivery may
then arrive twice, which the ``Turnout-Delivery`` header lets receivers detect).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit

from ..models import WebhookDelivery, WebhookEvent, WebhookSubscription
from . import payloads, ssrf, subscriptions_changed
from .events import EVENT_TYPES, PING
from .signing import secret_new, signature_header

Status = WebhookDelivery.Status

#: When attempt n + 1 is due, counted from the first attempt: 9 attempts over 24 hours.
RETRY_OFFSETS = [
    dt.timedelta(0),
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=3),
    dt.timedelta(hours=6),
    dt.timedelta(hours=12),
    dt.timedelta(hours=24),
]
MAX_ATTEMPTS = len(RETRY_OFFSETS)
JITTER = 0.1
DISABLE_AFTER = dt.timedelta(hours=24)
DISABLE_AFTER_GAVE_UP = 8
STALE_CLAIM = dt.timedelta(minutes=5)
EXCERPT_BYTES = 1024
USER_AGENT = "Turnout-Webhooks/1"
CONTENT_TYPE = "application/hal+json"


class WebhookRefused(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# --- Subscriptions ----------------------------------------------------------------------------


def _clean_types(event_types) -> list[str]:
    chosen = [code for code in EVENT_TYPES if code in set(event_types or [])]
    if not chosen:
        raise WebhookRefused(_("Choose at least one event."), "event_types")
    return chosen


def _checked_url(url: str) -> str:
    url = (url or "").strip()
    if len(url) > 2000:
        raise WebhookRefused(_("This URL is too long (2,000 characters at most)."), "target_url")
    try:
        ssrf.target_check(url)
    except ssrf.BlockedTarget as exc:
        raise WebhookRefused(exc.message, "target_url") from None
    return url


def _changed(subscription_or_org_id) -> None:
    organization_id = getattr(subscription_or_org_id, "organization_id", subscription_or_org_id)
    subscriptions_changed(organization_id)
    transaction.on_commit(lambda: subscriptions_changed(organization_id))


@transaction.atomic
def subscription_create(
    *, organization, actor, target_url: str, event_types, name: str = ""
) -> tuple[WebhookSubscription, str]:
    """A new active subscription. Returns it with its secret (to show once)."""
    target_url = _checked_url(target_url)
    types = _clean_types(event_types)
    secret = secret_new()
    subscription = WebhookSubscription.objects.create(
        organization=organization,
        name=(name or "").strip()[:100],
        target_url=target_url,
        event_types=types,
        secret=secret,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="webhooks.subscription_created",
        target=subscription,
        data={"url": target_url, "events": types},
    )
    _changed(subscription)
    return subscription, secret


@transaction.atomic
def subscription_update(
    *, subscription: WebhookSubscription, actor, target_url: str, event_types, name: str = ""
) -> list[str]:
    target_url = _checked_url(target_url)
    types = _clean_types(event_types)
    changed = []
    for field, value in (
        ("name", (name or "").strip()[:100]),
        ("target_url", target_url),
        ("event_types", types),
    ):
        if getattr(subscription, field) != value:
            setattr(subscription, field, value)
            changed.append(field)
    if changed:
        subscription.save(update_fields=[*changed, "updated_at"])
        audit_record(
            organization=subscription.organization,
            actor=actor,
            action="webhooks.subscription_updated",
            target=subscription,
            data={"fields": changed, "url": target_url, "events": types},
        )
        _changed(subscription)
    return changed


@transaction.atomic
def subscription_secret_rotate(*, subscription: WebhookSubscription, actor) -> str:
    """A new secret, used from the next delivery on. Returns it (to show once)."""
    secret = secret_new()
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        secret=secret, secret_rotated_at=timezone.now(), updated_at=timezone.now()
    )
    subscription.secret = secret
    audit_record(
        organization=subscription.organization,
        actor=actor,
        action="webhooks.secret_rotated",
        target=subscription,
    )
    return secret


@transaction.atomic
def subscription_enable(*, subscription: WebhookSubscription, actor) -> bool:
    """Turn a subscription back on, with a clean failure record. Deliveries given up while it
    was off can be replayed from its delivery log."""
    updated = WebhookSubscription.objects.filter(pk=subscription.pk, active=False).update(
        active=True,
        disabled_reason="",
        disabled_at=None,
        consecutive_failures=0,
        failing_since=None,
        gave_up_streak=0,
        updated_at=timezone.now(),
    )
    if updated:
        subscription.refresh_from_db()
        audit_record(
            organization=subscription.organization,
            actor=actor,
            action="webhooks.subscription_enabled",
            target=subscription,
        )
        _changed(subscription)
    return bool(updated)


@transaction.atomic
def subscription_disable(
    *,
    subscription: WebhookSubscription,
    actor,
    reason: str = WebhookSubscription.DisabledReason.MANUAL,
    now=None,
) -> bool:
    """Turn a subscription off: nothing more is sent; what waited is given up (replayable)."""
    now = now or timezone.now()
    updated = WebhookSubscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, disabled_reason=reason, disabled_at=now, updated_at=now
    )
    if not updated:
        return False
    subscription.refresh_from_db()
    WebhookDelivery.objects.filter(
        subscription=subscription, status__in=[Status.PENDING, Status.RETRYING]
    ).update(
        status=Status.GAVE_UP,
        next_attempt_at=None,
        error=_("Not sent: the subscription was turned off."),
        updated_at=now,
    )
    audit_record(
        organization=subscription.organization,
        actor=actor,
        action="webhooks.subscription_disabled",
        target=subscription,
        data={"reason": reason, "failures": subscription.consecutive_failures},
    )
    _changed(subscription)
    if reason == WebhookSubscription.DisabledReason.FAILURES:
        transaction.on_commit(lambda: _disabled_email(subscription.pk))
    return True


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription, actor) -> None:
    audit_record(
        organization=subscription.organization,
        actor=actor,
        action="webhooks.subscription_deleted",
        target=subscription,
        data={"url": subscription.target_url},
    )
    organization_id = subscription.organization_id
    subscription.delete()
    _changed(organization_id)


def _disabled_email(subscription_id: int) -> int:
    """Tell the organization's admins that a subscription was turned off. Returns how many
    emails went out."""
    from turnout.organizations.models import ADMIN_ROLES, Membership

    subscription = (
        WebhookSubscription.objects.select_related("organization")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None or subscription.active:
        return 0
    organization = subscription.organization
    sent = 0
    admins = Membership.objects.filter(
        organization=organization, role__in=ADMIN_ROLES
    ).select_related("user")
    languages = {code for code, _name in settings.LANGUAGES}
    for membership in admins:
        user = membership.user
        if not user.email or not user.is_active:
            continue
        language = user.language if user.language in languages else settings.LANGUAGE_CODE
        with translation.override(language):
            url = settings.SITE_URL + reverse(
                "api_webhooks:detail",
                kwargs={"org_slug": organization.slug, "webhook_id": subscription.pk},
            )
            context = {
                "organization": organization,
                "subscription": subscription,
                "url": url,
                "failures": subscription.consecutive_failures,
                "since": subscription.failing_since,
            }
            raw = render_to_string("api/webhooks/email/disabled.txt", context).strip()
            subject, _sep, body = raw.partition("\n")
            send_mail(" ".join(subject.split()), body.strip() + "\n", None, [user.email])
            sent += 1
    return sent


# --- Events -------------------------------------------------------------------------------------


def _deliveries_create(
    event: WebhookEvent, subscriptions, *, max_attempts: int, manual: bool = False
) -> list[int]:
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                organization_id=event.organization_id,
                subscription=subscription,
                event=event,
                status=Status.PENDING,
                max_attempts=max_attempts,
                manual=manual,
                next_attempt_at=now,
            )
            for subscription in subscriptions
        ]
    )
    ids = [row.pk for row in rows]
    if None in ids:  # backends that return no ids from bulk inserts
        ids = list(WebhookDelivery.objects.filter(event=event).values_list("pk", flat=True))
    return ids


def _enqueue(delivery_ids: list[int]) -> None:
    from .tasks import webhook_deliver

    for pk in delivery_ids:
        enqueue_on_commit(webhook_deliver, pk)


def event_record(*, organization_id: int, type: str, ref: dict) -> WebhookEvent | None:
    """Record an emitted event for the subscriptions that want it, and send it."""
    from turnout.organizations.models import Organization

    subscriptions = [
        s
        for s in WebhookSubscription.objects.filter(organization_id=organization_id, active=True)
        if type in (s.event_types or [])
    ]
    if not subscriptions:
        return None
    built = payloads.build(type, ref, organization_id=organization_id)
    if built is None:
        return None
    fields, facts = built
    slug = Organization.objects.filter(pk=organization_id).values_list("slug", flat=True).first()
    with transaction.atomic():
        event = WebhookEvent(organization_id=organization_id, type=type, **facts)
        event.payload = payloads.envelope(event=event, organization_slug=slug, fields=fields)
        event.save(force_insert=True)
        _enqueue(_deliveries_create(event, subscriptions, max_attempts=MAX_ATTEMPTS))
    return event


@transaction.atomic
def subscription_ping(*, subscription: WebhookSubscription, actor) -> WebhookDelivery:
    """Send a signed test event to this subscription only, once (no retries)."""
    if not subscription.active:
        raise WebhookRefused(_("Turn the subscription back on to send a test."))
    event = WebhookEvent(organization_id=subscription.organization_id, type=PING)
    event.payload = payloads.envelope(
        event=event,
        organization_slug=subscription.organization.slug,
        fields={"message": "Test event sent from Turnout. No action needed."},
    )
    event.save(force_insert=True)
    ids = _deliveries_create(event, [subscription], max_attempts=1, manual=True)
    audit_record(
        organization=subscription.organization,
        actor=actor,
        action="webhooks.ping_sent",
        target=subscription,
    )
    _enqueue(ids)
    return WebhookDelivery.objects.get(pk=ids[0])


# --- Delivery -----------------------------------------------------------------------------------


def next_attempt_time(*, first_attempt_at, attempts_done: int, now) -> dt.datetime:
    """When attempt ``attempts_done + 1`` is due: its offset from the first attempt plus up to
    ``JITTER`` of the gap since the previous offset (receivers that failed together do not
    all get their retries at the same second)."""
    index = min(attempts_done, MAX_ATTEMPTS - 1)
    gap = RETRY_OFFSETS[index] - RETRY_OFFSETS[index - 1] if index else dt.timedelta(0)
    due = first_attempt_at + RETRY_OFFSETS[index] + gap * (random.random() * JITTER)
    return max(due, now + dt.timedelta(seconds=30))


def delivery_body(event: WebhookEvent) -> bytes:
    return json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")).encode()


def delivery_headers(delivery: WebhookDelivery, body: bytes, *, timestamp: int | None = None):
    return {
        "Content-Type": CONTENT_TYPE,
        "User-Agent": USER_AGENT,
        "Turnout-Event": delivery.event.type,
        "Turnout-Delivery": str(delivery.pk),
        "Turnout-Signature": signature_header(
            secret=delivery.subscription.secret, body=body, timestamp=timestamp
        ),
    }


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def excerpt(body: bytes) -> str:
    """The first KB of an answer, as text, without control characters."""
    text = body[:EXCERPT_BYTES].decode("utf-8", errors="replace")
    return _CONTROL.sub("", text)


def _claim(delivery_id: int, now) -> bool:
    # Only the row's own columns in the WHERE: a join would become a subquery that PostgreSQL
    # does not evaluate again after waiting for a concurrent claim's lock.
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery_id,
            status__in=[Status.PENDING, Status.RETRYING],
            next_attempt_at__lte=now,
        ).update(status=Status.SENDING, claimed_at=now, updated_at=now)
    )


def delivery_attempt(*, delivery_id: int, now=None) -> str:
    """Make the due attempt of one delivery. Returns its status afterwards, or "skipped"
    when there was nothing to do (not due, sent already, claimed by another worker)."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("subscription", "event").get(pk=delivery_id)
    if not delivery.subscription.active:
        WebhookDelivery.objects.filter(pk=delivery_id, status=Status.SENDING).update(
            status=Status.GAVE_UP,
            claimed_at=None,
            next_attempt_at=None,
            error=_("Not sent: the subscription was turned off."),
            updated_at=now,
        )
        return Status.GAVE_UP
    body = delivery_body(delivery.event)
    headers = delivery_headers(delivery, body)
    status_code, response_ms, text, error = None, None, "", ""
    try:
        target = ssrf.target_check(delivery.subscription.target_url)
        response = ssrf.post(target, body=body, headers=headers)
    except ssrf.BlockedTarget as exc:
        error = _("Blocked before sending: %(reason)s") % {"reason": exc.message}
    except ssrf.DeliveryError as exc:
        error = exc.message
    else:
        status_code, response_ms = response.status, response.elapsed_ms
        text = excerpt(response.body)
        if 300 <= response.status < 400:
            error = _("Redirects are not followed: give the final URL of the receiver.")
        elif not 200 <= response.status < 300:
            error = _("The receiver answered HTTP %(status)s.") % {"status": response.status}
    return _result_record(
        delivery=delivery,
        success=not error,
        status_code=status_code,
        response_ms=response_ms,
        excerpt_text=text,
        error=error,
        now=now,
    )


@transaction.atomic
def _result_record(
    *, delivery, success: bool, status_code, response_ms, excerpt_text: str, error: str, now
) -> str:
    subscription = WebhookSubscription.objects.select_for_update().get(pk=delivery.subscription_id)
    attempts = delivery.attempt_count + 1
    first = delivery.first_attempt_at or now
    if success:
        status, next_at = Status.SUCCEEDED, None
    elif attempts < delivery.max_attempts:
        status = Status.RETRYING
        next_at = next_attempt_time(first_attempt_at=first, attempts_done=attempts, now=now)
    else:
        status = Status.FAILED if delivery.manual else Status.GAVE_UP
        next_at = None
    WebhookDelivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
        status=status,
        attempt_count=attempts,
        first_attempt_at=first,
        last_attempt_at=now,
        next_attempt_at=next_at,
        claimed_at=None,
        last_status_code=status_code,
        response_ms=response_ms,
        response_excerpt=excerpt_text,
        error=error[:2000],
        updated_at=now,
    )
    if delivery.event.type == PING:
        return status  # a test says nothing about the subscription's health
    if success:
        if subscription.consecutive_failures or subscription.failing_since:
            WebhookSubscription.objects.filter(pk=subscription.pk).update(
                consecutive_failures=0, failing_since=None, gave_up_streak=0
            )
        return status
    subscription.consecutive_failures += 1
    subscription.failing_since = subscription.failing_since or now
    if status == Status.GAVE_UP:
        subscription.gave_up_streak += 1
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=subscription.failing_since,
        gave_up_streak=subscription.gave_up_streak,
    )
    if subscription.active and (
        subscription.gave_up_streak >= DISABLE_AFTER_GAVE_UP
        or now - subscription.failing_since >= DISABLE_AFTER
    ):
        subscription_disable(
            subscription=subscription,
            actor=None,
            reason=WebhookSubscription.DisabledReason.FAILURES,
            now=now,
        )
    return status


# --- Replays and the sweep ----------------------------------------------------------------------


@transaction.atomic
def delivery_replay(*, delivery: WebhookDelivery, actor) -> WebhookDelivery:
    """Send one delivery again, once, now (whatever its status, unless it is on its way)."""
    subscription = delivery.subscription
    if not subscription.active:
        raise WebhookRefused(_("Turn the subscription back on before replaying deliveries."))
    now = timezone.now()
    updated = (
        WebhookDelivery.objects.filter(pk=delivery.pk)
        .exclude(status__in=[Status.SENDING, Status.PENDING])
        .update(
            status=Status.PENDING,
            max_attempts=F("attempt_count") + 1,
            manual=True,
            next_attempt_at=now,
            updated_at=now,
        )
    )
    if not updated:
        raise WebhookRefused(_("This delivery is already on its way."))
    audit_record(
        organization=subscription.organization,
        actor=actor,
        action="webhooks.delivery_replayed",
        target=subscription,
        data={"delivery": delivery.pk, "event": delivery.event.type},
    )
    _enqueue([delivery.pk])
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def deliveries_replay_failed(*, subscription: WebhookSubscription, since: dt.date, actor) -> int:
    """Send again, once each, every failed or given-up delivery created since ``since``."""
    if not subscription.active:
        raise WebhookRefused(_("Turn the subscription back on before replaying deliveries."))
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    now = timezone.now()
    rows = WebhookDelivery.objects.failed().filter(subscription=subscription, created_at__gte=start)
    ids = list(rows.values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=Status.PENDING,
        max_attempts=F("attempt_count") + 1,
        manual=True,
        next_attempt_at=now,
        updated_at=now,
    )
    audit_record(
        organization=subscription.organization,
        actor=actor,
        action="webhooks.deliveries_replayed",
        target=subscription,
        data={"since": since.isoformat(), "count": len(ids)},
    )
    _enqueue(ids)
    return len(ids)


def deliveries_due_enqueue(*, now=None, limit: int = 2000) -> dict:
    """The sweep: free stale claims, then enqueue the deliveries whose attempt is due."""
    now = now or timezone.now()
    freed = WebhookDelivery.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(status=Status.RETRYING, claimed_at=None, next_attempt_at=now, updated_at=now)
    ids = list(
        WebhookDelivery.objects.due(now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    with transaction.atomic():
        _enqueue(ids)
    return {"freed": freed, "enqueued": len(ids)}


# --- Privacy -------------------------------------------------------------------------------------


def events_scrub_person(*, organization_id: int, person_uuid) -> int:
    """Reduce every past payload about the person to their identifiers (erasure)."""
    now = timezone.now()
    count = 0
    events = WebhookEvent.objects.filter(
        organization_id=organization_id, person_uuid=person_uuid, scrubbed_at__isnull=True
    ).exclude(type="person.erased")
    for event in events.only("pk", "payload"):
        WebhookEvent.objects.filter(pk=event.pk).update(
            payload=payloads.scrubbed(event.payload, person_uuid), scrubbed_at=now
        )
        count += 1
    WebhookDelivery.objects.filter(
        event__organization_id=organization_id, event__person_uuid=person_uuid
    ).exclude(event__type="person.erased").update(response_excerpt="")
    return count


def events_reassign_person(*, organization_id: int, from_uuid, to_uuid) -> int:
    """Events about a merged record now name the survivor (a later erasure finds them)."""
    rows = WebhookEvent.objects.filter(organization_id=organization_id, person_uuid=from_uuid)
    return rows.update(person_uuid=to_uuid)
