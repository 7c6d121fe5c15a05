"""The public API (``make bench NAME=api``): bulk sync and the signup helper under load.

Data: BENCH_API_PEOPLE people (1,000,000 unless told otherwise; 20,000 for a quick run), each
with one email address, written with bulk inserts in one organization, and an API token.
The per-token rate limit is off for the run (it would measure the limit, not the API).

Figures, all measured in this run:
- ``records_per_s``: paging through every person at the maximum page size (100) by following
  ``_links.next`` (keyset pagination), in this process through the whole Django stack
  (middleware, token check, filters, HAL rendering) without a network;
- ``page_ms``: the mean time of one such page;
- ``signup_p50_ms`` / ``signup_p99_ms``: latency of ``POST /api/v1/people/person_signup_helper``
  (a new person with a subscribed email, two tags, one list), BENCH_API_THREADS threads (8)
  each sending BENCH_API_SIGNUPS_PER_THREAD (40) requests over HTTP to a threaded server on
  127.0.0.1 in this process;
Baseline: ``trivial_ms`` (a GET of the API entry point: an authenticated DRF view that reads
no table, in process) and ``trivial_p99_ms`` (the same, over HTTP under the same threads).
Ratios: ``page_to_trivial`` and ``signup_p99_to_trivial_p99``.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
import uuid

from benchmarks.common import median_ms, stopwatch

SECRET = "tnt_benchmark_api_token"  # noqa: S105 (a throwaway database)
BATCH = 10_000


def _seed(ctx, count: int):
    from django.db import connection, transaction

    from turnout.api.tokens.services import api_token_create
    from turnout.organizations.models import Organization
    from turnout.people.models import EmailAddress, PeopleList, Person

    organization = Organization.objects.create(name="Bench API", slug="bench-api", country="FR")
    token, _secret = api_token_create(
        organization=organization, actor=None, name="bench", scopes=["people:write"]
    )
    from turnout.api.osdi.auth import key_hash

    type(token).objects.filter(pk=token.pk).update(key_hash=key_hash(SECRET))
    PeopleList.objects.create(organization=organization, name="Bench list")
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [
                    Person(
                        organization=organization,
                        uuid=uuid.uuid4(),
                        given_name=f"Given{done + n}",
                        family_name=f"Family{done + n}",
                    )
                    for n in range(size)
                ],
                batch_size=2000,
            )
            EmailAddress.objects.bulk_create(
                [
                    EmailAddress(
                        organization=organization,
                        person=person,
                        address=f"p{done + n}@bench.example.org",
                        primary=True,
                    )
                    for n, person in enumerate(people)
                ],
                batch_size=2000,
            )
        done += size
        if done % 100_000 == 0 or done == count:
            ctx.say(f"seeded {done:,} people")
    # As autovacuum would have done by the time a client syncs: without statistics the planner
    # takes the 1,000,000 rows for one and sorts the whole organization for every page.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return organization


def _page_through(client) -> tuple[int, int, float]:
    url = "/api/v1/people?per_page=100"
    records = pages = 0
    with stopwatch() as took:
        while url:
            response = client.get(url, HTTP_OSDI_API_TOKEN=SECRET)
            assert response.status_code == 200, response.content[:300]
            body = response.json()
            records += len(body["_embedded"]["osdi:people"])
            pages += 1
            url = body["_links"].get("next", {}).get("href")
    return records, pages, took["seconds"]


def _load(base_url: str, threads: int, per_thread: int, body_for) -> list[float]:
    import requests

    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []

    def worker(index: int):
        session = requests.Session()
        session.headers["OSDI-API-Token"] = SECRET
        mine = []
        for n in range(per_thread):
            method, path, body = body_for(index, n)
            start = time.perf_counter()
            response = session.request(method, base_url + path, json=body, timeout=60)
            mine.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {response.text[:200]}")
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors, errors[:3]
    return latencies


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(ctx):
    from django.db import connection
    from django.test import Client
    from django.test.testcases import LiveServerThread, _StaticFilesHandler
    from django.test.utils import override_settings

    count = int(os.environ.get("BENCH_API_PEOPLE") or 1_000_000)
    threads = int(os.environ.get("BENCH_API_THREADS") or 8)
    per_thread = int(os.environ.get("BENCH_API_SIGNUPS_PER_THREAD") or 40)
    with override_settings(TURNOUT_API_RATE_PER_S=0, ALLOWED_HOSTS=["*"]):
        with stopwatch() as took:
            _seed(ctx, count)
        ctx.say(f"set-up {took['seconds']:.1f} s")
        client = Client()
        records, pages, seconds = _page_through(client)
        assert records == count, (records, count)
        records_per_s = records / seconds
        page_ms = seconds * 1000 / pages
        ctx.say(f"paged {records:,} people in {pages:,} pages: {records_per_s:,.0f} records/s")
        trivial_ms = median_ms(
            lambda: client.get("/api/v1/", HTTP_OSDI_API_TOKEN=SECRET), repeat=50, warmup=5
        )

        overrides = {}
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            overrides = {connection.alias: connection}
        server = LiveServerThread(
            "127.0.0.1", _StaticFilesHandler, connections_override=overrides, port=0
        )
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        base = f"http://127.0.0.1:{server.port}"
        try:
            trivial = _load(base, threads, per_thread, lambda i, n: ("GET", "/api/v1/", None))

            def signup(i, n):
                return (
                    "POST",
                    "/api/v1/people/person_signup_helper",
                    {
                        "person": {
                            "given_name": f"New{i}-{n}",
                            "email_addresses": [
                                {"address": f"new{i}-{n}@bench.example.org", "status": "subscribed"}
                            ],
                        },
                        "add_tags": ["bench", f"thread-{i}"],
                        "add_lists": ["Bench list"],
                    },
                )

            signups = _load(base, threads, per_thread, signup)
        finally:
            server.terminate()
            if overrides:
                connection.dec_thread_sharing()
    ctx.say(
        f"signup helper, {threads} threads x {per_thread}: p50 {statistics.median(signups):.1f} ms,"
        f" p99 {_p(signups, 0.99):.1f} ms (entry point p99 {_p(trivial, 0.99):.1f} ms)"
    )
    return {
        "figures": {
            "records_per_s": round(records_per_s, 1),
            "page_ms": round(page_ms, 2),
            "people": count,
            "signup_p50_ms": round(statistics.median(signups), 2),
            "signup_p99_ms": round(_p(signups, 0.99), 2),
        },
        "baseline": {
            "trivial_ms": round(trivial_ms, 2),
            "trivial_p99_ms": round(_p(trivial, 0.99), 2),
        },
        "ratios": {
            "page_to_trivial": round(page_ms / trivial_ms, 2),
            "signup_p99_to_trivial_p99": round(_p(signups, 0.99) / _p(trivial, 0.99), 2),
        },
    }
