# ruff: noqa: S608  (set-up SQL built only from this module's constants and integers)
"""Broadcast enqueue and dispatch throughput (``make bench NAME=dispatch``).

1. Enqueue: one organization with BENCH_PEOPLE people (1,000,000 on PostgreSQL, 100,000 on
   SQLite unless told otherwise), each with a primary mobile number and SMS consent, generated
   inside the database. A broadcast to all of them is enqueued with the production code
   (``broadcast_enqueue``: set-based ``INSERT ... SELECT`` in chunks of person ids).
   Figure: ``enqueue_s`` (and messages/s).
2. Dispatch: BENCH_MESSAGES queued SMS (20,000 by default) are sent through the Vonage adapter
   to the local fake Vonage server by 1, 2 and 4 dispatcher processes (``manage.py dispatch``,
   the same loop the workers run), fresh messages each time. Figures: ``messages_per_s_1w``,
   ``_2w``, ``_4w``, and ``duplicates`` (messages the fake received more than once: must be 0).
   Baseline: one process posting the same requests to the fake server with the adapter alone,
   no database (``adapter_only_per_s``); ratios compare each run to it.

BENCH_PROFILE=1 writes a cProfile of the single-dispatcher run to var/bench/dispatch.prof.

Everything stays on 127.0.0.1. On this 2-core machine the dispatchers, PostgreSQL and the fake
server share the cores, so scaling flattens once the cores are busy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone

from benchmarks.common import stopwatch
from benchmarks.segments import Generator

DEFAULT_PEOPLE = {"postgresql": 1_000_000, "sqlite": 100_000}
DEFAULT_MESSAGES = 20_000
WORKERS = (1, 2, 4)


def _generate(ctx, org_id: int, people: int) -> None:
    gen = Generator(ctx, timezone.now().replace(microsecond=0))
    now = gen.now_ts()
    true = "true" if gen.pg else "1"
    rows = gen.series(1, people)
    number = "'+3361' || lpad(i::text, 8, '0')" if gen.pg else "printf('+3361%08d', i)"
    gen.people(org_id, 1, people)
    gen.execute(
        f"""
        INSERT INTO people_phonenumber (created_at, updated_at, organization_id, person_id,
            number, number_type, "primary", sms_capable, status)
        SELECT {now}, {now}, {org_id}, i, {number}, 'mobile', {true}, {true}, 'subscribed'
        FROM {rows}
        """
    )
    gen.execute(
        f"""
        INSERT INTO people_consent (created_at, updated_at, organization_id, person_id,
            channel, purpose, status, current, source, source_ref, notice_text, ip_address,
            recorded_by_id)
        SELECT {now}, {now}, {org_id}, i, 'sms', 'campaigns', 'granted', {true}, 'form', '', '',
            NULL, NULL FROM {rows}
        """
    )
    if gen.pg:
        for table in ("people_person", "people_phonenumber", "people_consent"):
            gen.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        gen.execute("VACUUM ANALYZE")
    else:
        gen.execute("ANALYZE")


def _queue(org, run: str, count: int) -> None:
    """``count`` queued SMS for the fake Vonage, built from the people like a broadcast."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO messaging_message (organization_id, created_at, updated_at, channel,
                direction, idempotency_key, broadcast_id, conversation_id, person_id,
                to_address, from_address, language, subject, body, status, not_before,
                transactional, attempts, provider, provider_id, error_code, error)
            SELECT p.organization_id, %s, %s, 'sms', 'out', %s || CAST(p.id AS VARCHAR(20)),
                NULL, NULL, p.id, ph.number, 'Turnout', 'fr', '',
                'Bonjour, le vote a lieu dimanche. Infos : https://example.org/vote', 'queued',
                %s, %s, 0, 'vonage', '', '', ''
            FROM people_person p JOIN people_phonenumber ph ON ph.person_id = p.id
            WHERE p.organization_id = %s AND p.do_not_contact = %s AND p.erased_at IS NULL
            ORDER BY p.id LIMIT %s
            """,
            [now, now, f"{run}:", now, False, org.pk, False, count],
        )


def _dispatchers(fake, workers: int) -> float:
    from turnout.messaging.fakeproviders import dispatcher_env

    options = {**fake.options("vonage"), "rate_per_s": 0}
    env = dispatcher_env(
        {
            "vonage": {
                "BACKEND": "turnout.messaging.providers.vonage.VonageProvider",
                "OPTIONS": options,
            }
        }
    )
    profile = []
    if os.environ.get("BENCH_PROFILE") and workers == 1:
        out = os.path.join(settings.BASE_DIR, "var", "bench", "dispatch.prof")
        profile = ["-m", "cProfile", "-o", out]
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, *profile, "manage.py", "dispatch", "--provider", "vonage"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    for proc in procs:
        if proc.wait(timeout=1800) != 0:
            raise RuntimeError("a dispatcher failed")
    return time.perf_counter() - start


def _adapter_only(fake, count: int) -> float:
    from turnout.messaging.providers.base import OutgoingSms
    from turnout.messaging.providers.vonage import VonageProvider

    adapter = VonageProvider(**fake.options("vonage"))
    start = time.perf_counter()
    for i in range(count):
        adapter.send(
            OutgoingSms(
                to=f"+3361{i:08d}",
                body="Bonjour, le vote a lieu dimanche. Infos : https://example.org/vote",
                sender="Turnout",
                reference=f"baseline:{i}",
            )
        )
    return count / (time.perf_counter() - start)


def run(ctx):
    from turnout.messaging.fakeproviders import FakeProviderServer
    from turnout.messaging.models import Broadcast, Message, MessagingSettings
    from turnout.messaging.services import broadcast_enqueue
    from turnout.organizations.models import Organization
    from turnout.people.segments.services import segment_create

    people = int(os.environ.get("BENCH_PEOPLE", DEFAULT_PEOPLE[connection.vendor]))
    count = min(int(os.environ.get("BENCH_MESSAGES", DEFAULT_MESSAGES)), people)
    org = Organization.objects.create(name="Bench party", slug="bench-party", kind="party")
    MessagingSettings.objects.create(organization=org, quiet_hours="")
    with stopwatch() as took:
        _generate(ctx, org.pk, people)
    ctx.say(f"{people:,} people with a mobile number and SMS consent in {took['seconds']:.1f} s")

    segment = segment_create(
        organization=org,
        actor=None,
        name="Everyone",
        definition={"match": "all", "conditions": []},
        allow_sensitive=False,
    )
    broadcast = Broadcast.objects.create(
        organization=org,
        channel="sms",
        name="Bench",
        segment=segment,
        content={"fr": {"subject": "", "body": "Bonjour {first_name|}, votez dimanche."}},
        status=Broadcast.Status.QUEUING,
    )
    from django.test import override_settings

    with override_settings(TURNOUT_DISPATCH_PARALLEL=0), stopwatch() as took:
        queued = broadcast_enqueue(broadcast=broadcast)
    enqueue_s = took["seconds"]
    ctx.say(f"enqueue: {queued:,} messages in {enqueue_s:.1f} s ({queued / enqueue_s:,.0f}/s)")
    # The broadcast's own messages stay queued for the outbox; dispatch runs use fresh ones.
    Message.objects.filter(broadcast=broadcast).update(status=Message.Status.CANCELLED)

    figures = {
        "people": people,
        "enqueue_s": round(enqueue_s, 2),
        "enqueued": queued,
        "enqueue_per_s": round(queued / enqueue_s),
    }
    duplicates = 0
    with FakeProviderServer() as fake:
        baseline = _adapter_only(fake, min(count, 5_000))
        ctx.say(f"baseline: the adapter alone posts {baseline:,.0f} messages/s to the fake")
        for workers in WORKERS:
            fake.reset()
            run_id = f"w{workers}"
            _queue(org, run_id, count)
            seconds = _dispatchers(fake, workers)
            received = fake.total()
            sent = Message.objects.filter(
                idempotency_key__startswith=f"{run_id}:", status="sent"
            ).count()
            duplicates += sum(1 for n in fake.counts().values() if n > 1)
            rate = sent / seconds
            figures[f"messages_per_s_{workers}w"] = round(rate)
            ctx.say(
                f"{workers} dispatcher(s): {sent:,} sent, {received:,} received by the fake, "
                f"{seconds:.1f} s -> {rate:,.0f} messages/s"
            )
            if received != count or sent != count:
                raise RuntimeError(
                    f"{workers} workers: {received} received, {sent} sent of {count}"
                )
    figures["duplicates"] = duplicates
    return {
        "figures": figures,
        "baseline": {"adapter_only_per_s": round(baseline)},
        "ratios": {
            f"{w}w_to_adapter_only": round(figures[f"messages_per_s_{w}w"] / baseline, 3)
            for w in WORKERS
        }
        | {
            "2w_to_1w": round(figures["messages_per_s_2w"] / figures["messages_per_s_1w"], 2),
            "4w_to_1w": round(figures["messages_per_s_4w"] / figures["messages_per_s_1w"], 2),
        },
    }
