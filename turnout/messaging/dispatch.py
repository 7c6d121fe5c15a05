"""Dispatchers: hand queued messages to providers, exactly once.

Any number of dispatchers, in any number of worker processes on any number of machines, run
``dispatch_run`` at the same time. Each claims a batch of due messages with row locks that
others skip (``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite serializes writers),
marks them ``claimed`` and lets the locks go. Then, message by message:

1. last checks: suppression list and do-not-contact (an opt-out that arrived a second ago
   wins), sending hours in the recipient's time zone (outside them the message goes back to
   the queue with ``not_before`` at the next opening);
2. ``claimed -> sending`` is written (and committed) before the provider is called; the update
   is conditional, so a message cancelled or opted out meanwhile is not sent;
3. the provider call; then ``sending -> sent`` with the provider's id, or back to ``queued``
   with a backoff for a transient error, or ``failed`` for a permanent one.

A dispatcher that dies leaves ``claimed`` rows (never handed to a provider: safe to queue
again) and at most one ``sending`` row per process. ``dispatch_recover`` asks the provider
about those (``lookup`` by our idempotency key): sent -> ``sent``; certainly not -> queued
again; cannot tell -> ``uncertain``, shown to organizers and never resent automatically.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django import db
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from turnout.people.models import Channel, Suppression
from turnout.people.normalize import contact_hash

from . import quiet_hours
from .models import Message, MessagingSettings, ProviderThrottle
from .providers import get_provider
from .providers.base import Found, OutgoingSms, ProviderError
from .templating import person_values, pick_language, template_render

logger = logging.getLogger("turnout.messaging")

EMAIL = "email"  # the provider name of email messages: Django's configured email backend
MAX_ATTEMPTS = 5


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


@dataclass
class DispatchStats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    suppressed: int = 0
    deferred: int = 0
    batches: int = 0


def _claim(provider: str, size: int) -> tuple[uuid.UUID, list[Message]]:
    token = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=Message.Status.QUEUED, provider=provider, not_before__lte=now)
            .order_by("not_before", "id")
            .values_list("id", flat=True)[:size]
        )
        if ids:
            Message.objects.filter(id__in=ids, status=Message.Status.QUEUED).update(
                status=Message.Status.CLAIMED, claim_token=token, claimed_at=now
            )
    if not ids:
        return token, []
    batch = list(
        Message.objects.filter(id__in=ids, claim_token=token, status=Message.Status.CLAIMED)
        .select_related("organization", "person", "broadcast", "conversation__campaign", "sent_by")
        .order_by("not_before", "id")
    )
    return token, batch


def _reserve(provider: str, count: int, rate: float) -> float:
    """Reserve ``count`` sending slots of a provider account; returns the monotonic time at
    which the first may go. Shared by every dispatcher through one locked row."""
    if not rate or rate <= 0:
        return time.monotonic()
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                ProviderThrottle.objects.get_or_create(provider=provider)
        except IntegrityError:
            pass
        row = ProviderThrottle.objects.select_for_update().get(provider=provider)
        start = max(now, row.next_slot_at)
        row.next_slot_at = start + timedelta(seconds=count / rate)
        row.save(update_fields=["next_slot_at"])
    return time.monotonic() + (start - now).total_seconds()


def _suppressed_addresses(batch: list[Message]) -> set[tuple[int, str, str]]:
    """(organization, channel, address) of the batch that the suppression list covers."""
    wanted: dict[str, tuple[int, str, str]] = {}
    for m in batch:
        wanted[contact_hash(m.organization_id, m.channel, m.to_address)] = (
            m.organization_id,
            m.channel,
            m.to_address,
        )
    rows = Suppression.objects.filter(
        value_hash__in=list(wanted), lifted_at__isnull=True
    ).values_list("organization_id", "channel", "value_hash", "reason")
    strong = {Suppression.Reason.ERASURE, Suppression.Reason.OBJECTION}
    hit = set()
    for org_id, channel, value_hash, reason in rows:
        key = wanted[value_hash]
        if key[0] == org_id and (channel == key[1] or reason in strong):
            hit.add(key)
    return hit


class _Settings:
    """Each organization's messaging settings, read once per dispatcher run."""

    def __init__(self):
        self._cache: dict[int, MessagingSettings] = {}

    def get(self, organization) -> MessagingSettings:
        if organization.pk not in self._cache:
            self._cache[organization.pk] = MessagingSettings.objects.filter(
                organization=organization
            ).first() or MessagingSettings(organization=organization)
        return self._cache[organization.pk]


def optout_text(language: str, custom: str = "") -> str:
    if custom:
        return custom
    with translation.override(language or "fr"):
        return translation.gettext("STOP to opt out")


def message_render(message: Message, prefs: MessagingSettings | None = None) -> tuple[str, str]:
    """(subject, body) of an outbound message for its person, in their language."""
    source = message.broadcast
    if source is not None:
        content = source.content
        language = pick_language(content, message.language, source.default_language)
        part = content.get(language) or {}
        values = person_values(message.person, message.organization)
        subject = template_render(part.get("subject", ""), values)
        body = template_render(part.get("body", ""), values)
        if message.channel == Channel.SMS and prefs is not None and prefs.sms_optout_required:
            body = f"{body}\n{optout_text(language, prefs.sms_optout_text)}"
        return subject, body
    return message.subject, message.body


def _unsubscribe_url(message: Message) -> str:
    from .unsubscribe import unsubscribe_token

    with translation.override(message.language or settings.LANGUAGE_CODE):
        path = reverse("messaging:unsubscribe", args=[unsubscribe_token(message)])
    return settings.SITE_URL + path


def _send_email(message: Message, subject: str, body: str, prefs: MessagingSettings):
    from django.core.mail import get_connection

    from .emails import email_build

    email = email_build(
        message=message,
        subject=subject,
        body=body,
        prefs=prefs,
        unsubscribe_url=_unsubscribe_url(message),
    )
    try:
        get_connection(fail_silently=False).send_messages([email])
    except (OSError, TimeoutError) as exc:  # SMTP connection trouble: try again later
        raise ProviderError(str(exc), transient=True) from exc
    anymail = getattr(email, "anymail_status", None)
    provider_id = getattr(anymail, "message_id", None) or ""
    return str(provider_id)[:100], None, None


def _next_opening(message: Message, prefs: MessagingSettings, now):
    """None when the message may go now; else when the recipient's sending hours open."""
    if message.transactional or message.channel == Channel.EMAIL:
        return None
    zone = quiet_hours.recipient_zone(message.to_address, prefs.time_zone)
    return quiet_hours.opening_after(prefs.quiet_hours, now, zone)


def _prepare(token, batch: list[Message], stats: DispatchStats, prefs_cache) -> list[tuple]:
    """Last checks before sending (in the dispatcher's own thread): suppression list,
    do-not-contact, sending hours. Returns (message, subject, body) for what may go."""
    suppressed = _suppressed_addresses(batch)
    ready = []
    for message in batch:
        now = timezone.now()
        prefs = prefs_cache.get(message.organization)
        mine = Message.objects.filter(
            pk=message.pk, claim_token=token, status=Message.Status.CLAIMED
        )
        person = message.person
        blocked = (message.organization_id, message.channel, message.to_address) in suppressed or (
            person is not None and person.do_not_contact
        )
        # A transactional message (the confirmation of a STOP) goes to people who opted out.
        if blocked and not message.transactional:
            mine.update(status=Message.Status.SUPPRESSED, claim_token=None)
            stats.suppressed += 1
            continue
        next_at = _next_opening(message, prefs, now)
        if next_at is not None:
            mine.update(status=Message.Status.QUEUED, not_before=next_at, claim_token=None)
            stats.deferred += 1
            continue
        subject, body = message_render(message, prefs)
        ready.append((message, subject, body, prefs))
    return ready


def _send_one(provider_name: str, provider, token, message: Message, subject, body, prefs, at):
    """claimed -> sending (committed) -> provider call -> sent / queued again / failed.
    Returns "sent", "retried", "failed", "uncertain" or "skipped"."""
    if not Message.objects.filter(
        pk=message.pk, claim_token=token, status=Message.Status.CLAIMED
    ).update(
        status=Message.Status.SENDING,
        subject=subject[:300],
        body=body,
        attempts=F("attempts") + 1,
    ):
        return "skipped"  # cancelled or opted out since the claim
    delay = at - time.monotonic()
    if delay > 0:
        time.sleep(delay)  # the provider's rate limit
    sending = Message.objects.filter(pk=message.pk, status=Message.Status.SENDING)
    try:
        if provider is None:
            provider_id, segments, cost = _send_email(message, subject, body, prefs)
        else:
            result = provider.send(
                OutgoingSms(
                    to=message.to_address,
                    body=body,
                    sender=message.from_address,
                    reference=message.idempotency_key,
                    status_url=_status_url(provider_name),
                )
            )
            provider_id, segments, cost = result.provider_id, result.segments, result.cost_cents
    except ProviderError as exc:
        attempts = message.attempts + 1
        if exc.maybe_sent:
            # The request may have reached the provider (read timeout): resending could send
            # twice. It stays "sending"; dispatch_recover asks the provider later.
            sending.update(claimed_at=timezone.now(), error=str(exc)[:300])
            return "retried"
        if exc.transient and attempts < MAX_ATTEMPTS:
            sending.update(
                status=Message.Status.QUEUED,
                not_before=timezone.now() + _backoff(attempts),
                claim_token=None,
                error_code=exc.code[:40],
                error=str(exc)[:300],
            )
            return "retried"
        sending.update(
            status=Message.Status.FAILED,
            claim_token=None,
            error_code=exc.code[:40],
            error=str(exc)[:300],
        )
        from .services import message_failed_record

        message_failed_record(message=message, error=exc)
        return "failed"
    except Exception:
        # An adapter bug after the request may have left: never guess, never resend.
        logger.exception("provider call failed unexpectedly", extra={"message_id": message.pk})
        sending.update(status=Message.Status.UNCERTAIN, claim_token=None)
        return "uncertain"
    outer = db.connection.in_atomic_block  # then SET LOCAL would reach the caller's transaction
    with transaction.atomic():
        if db.connection.vendor == "postgresql" and not outer:
            # Losing this mark in a database crash is harmless (the message stays "sending"
            # and recovery asks the provider), so it need not wait for the disk. The
            # "sending" mark above is committed durably.
            with db.connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        sending.update(
            status=Message.Status.SENT,
            claim_token=None,
            provider_id=(provider_id or "")[:100],
            segments=segments,
            cost_cents=cost,
            sent_at=timezone.now(),
            error_code="",
            error="",
        )
    message.subject, message.body = subject, body
    return "sent"


class _Senders:
    """Threads that make the provider calls of a dispatcher run, several in flight at once
    (calls wait on the network). Each thread keeps its database connection for the whole run
    and closes it at the end."""

    def __init__(self, size: int):
        self.size = size
        self.jobs: queue.Queue = queue.Queue()
        self.threads: list[threading.Thread] = []

    def _work(self):
        try:
            while True:
                item = self.jobs.get()
                if item is None:
                    self.jobs.task_done()
                    return
                func, results = item
                try:
                    results.append(func())
                finally:
                    self.jobs.task_done()
        finally:
            db.connection.close()

    def map(self, funcs) -> list:
        if not self.threads:
            self.threads = [
                threading.Thread(target=self._work, daemon=True) for _ in range(self.size)
            ]
            for thread in self.threads:
                thread.start()
        results: list = []  # list.append is atomic: the threads share it safely
        for func in funcs:
            self.jobs.put((func, results))
        self.jobs.join()
        return results

    def close(self):
        for _thread in self.threads:
            self.jobs.put(None)
        for thread in self.threads:
            thread.join()


def _send_batch(
    provider_name: str, token, batch: list[Message], stats: DispatchStats, prefs_cache, senders
):
    provider = None if provider_name == EMAIL else get_provider(provider_name)
    rate = (
        0.0
        if provider is None
        else float(provider.options.get("rate_per_s", provider.default_rate_per_s) or 0)
    )
    ready = _prepare(token, batch, stats, prefs_cache)
    if not ready:
        return
    start = _reserve(provider_name, len(ready), rate)

    def job(message, subject, body, prefs, at):
        return lambda: (
            message,
            _send_one(provider_name, provider, token, message, subject, body, prefs, at),
        )

    jobs = [
        job(message, subject, body, prefs, start + (index / rate if rate else 0))
        for index, (message, subject, body, prefs) in enumerate(ready)
    ]
    outcomes = [run() for run in jobs] if senders is None else senders.map(jobs)
    sent = [message for message, outcome in outcomes if outcome == "sent"]
    for _message, outcome in outcomes:
        if outcome in ("sent", "retried", "failed"):
            setattr(stats, outcome, getattr(stats, outcome) + 1)
    if sent:
        from .services import messages_sent_record

        messages_sent_record(sent)


def _status_url(provider_name: str) -> str:
    return settings.SITE_URL + reverse("provider_webhook", args=[provider_name])


def dispatch_run(
    *, provider: str, batch_size: int | None = None, max_seconds: float | None = None
) -> DispatchStats:
    """Send due messages of one provider until none is left (or ``max_seconds`` passed)."""
    size = batch_size or settings.TURNOUT_DISPATCH_BATCH
    stats = DispatchStats()
    prefs_cache = _Settings()
    deadline = time.monotonic() + max_seconds if max_seconds else None
    concurrency = settings.TURNOUT_DISPATCH_CONCURRENCY
    # Inside a transaction (a data migration, the demo loader) other connections could not
    # see its rows, and SQLite would lock them out: then everything is sent from this thread.
    senders = (
        _Senders(concurrency) if concurrency > 1 and not db.connection.in_atomic_block else None
    )
    try:
        while deadline is None or time.monotonic() < deadline:
            token, batch = _claim(provider, size)
            if not batch:
                break
            stats.batches += 1
            _send_batch(provider, token, batch, stats, prefs_cache, senders)
    finally:
        if senders is not None:
            senders.close()
    return stats


def dispatch_recover(*, stale_seconds: int | None = None) -> dict:
    """Settle the messages of dispatchers that died (see the module docstring)."""
    stale = stale_seconds if stale_seconds is not None else settings.TURNOUT_DISPATCH_STALE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=stale)
    requeued = Message.objects.filter(status=Message.Status.CLAIMED, claimed_at__lt=cutoff).update(
        status=Message.Status.QUEUED, claim_token=None
    )
    confirmed = resent = uncertain = 0
    for message in Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=cutoff):
        found, provider_id = Found.UNKNOWN, ""
        if message.provider != EMAIL:
            try:
                answer = get_provider(message.provider).lookup(
                    reference=message.idempotency_key,
                    to=message.to_address,
                    sent_after=message.claimed_at,
                    body=message.body,
                )
                found, provider_id = answer.found, answer.provider_id
            except ProviderError:
                found = Found.UNKNOWN
        row = Message.objects.filter(pk=message.pk, status=Message.Status.SENDING)
        if found is Found.YES:
            row.update(
                status=Message.Status.SENT,
                provider_id=provider_id[:100],
                sent_at=timezone.now(),
                claim_token=None,
            )
            confirmed += 1
        elif found is Found.NO:
            row.update(status=Message.Status.QUEUED, claim_token=None)
            resent += 1
        else:
            row.update(status=Message.Status.UNCERTAIN, claim_token=None)
            uncertain += 1
    return {"requeued": requeued, "confirmed": confirmed, "resent": resent, "uncertain": uncertain}


PROVIDER_NAMES_DUE_LIMIT = 20


def providers_with_due_messages() -> list[str]:
    return list(
        Message.objects.filter(status=Message.Status.QUEUED, not_before__lte=timezone.now())
        .values_list("provider", flat=True)
        .distinct()[:PROVIDER_NAMES_DUE_LIMIT]
    )
