"""Donor analytics, the donations list and the accounting export on one large organization
(``make bench NAME=donations``).

Set-up (bulk): one organization with BENCH_DONATIONS (100,000) donations over the last twelve
months — a third of a person each, 15 % of them monthly payments of 3 % as many subscriptions
(a fifth stopped), five pages, sources, 1 % refunded, 1 % failed — and a tax receipt for each
paid one-off gift.

Figures, through Django's test client as the organization's owner (server time: middleware,
view, template; no network): ``analytics_ms`` (median of BENCH_REQUESTS views of the analytics
page over the last 12 months, i.e. every donation) and its ``analytics_queries``; ``list_ms``
(the first page of the list) and ``search_ms`` (the list searched by a family name);
``export_rows_per_s`` (the accounting export job run in this process, CSV) and
``export_peak_mb`` (the largest Python heap of a second export run, XLSX, traced with
tracemalloc). Baseline: ``trivial_ms``, the ``/healthz`` view measured the same way in the same
run; ratios = figure / baseline.
"""

from __future__ import annotations

import datetime
import os
import random
import tracemalloc

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.common import median_ms, peak_rss_mb, stopwatch

AMOUNTS = {1000: 9, 1500: 20, 2000: 13, 2500: 6, 3500: 18, 5000: 13, 10000: 6, 25000: 1}
SOURCES = [("", "newsletter"), ("", "facebook"), ("TYCOZ", ""), ("", ""), ("", "")]
FAMILY = ["Durand", "Martin", "Le Gall", "Kervella", "Bernard", "Petit", "Morvan", "Roux"]


def build(ctx, count: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from turnout.donations.models import Donation, FundraisingPage, Receipt, Subscription
    from turnout.organizations.choices import Role
    from turnout.organizations.models import Membership, Organization
    from turnout.people.models import EmailAddress, Person

    rng = random.Random(2026)
    now = timezone.now()
    org = Organization.objects.create(name="Bench donations", slug="bench-donations", kind="ngo")
    user = get_user_model().objects.create_user(email="bench@example.org", password=None)
    Membership.objects.create(organization=org, user=user, role=Role.OWNER)
    people = Person.objects.bulk_create(
        (
            Person(organization=org, given_name=f"Donor {n}", family_name=FAMILY[n % len(FAMILY)])
            for n in range(max(1, count // 3))
        ),
        batch_size=5000,
    )
    EmailAddress.objects.bulk_create(
        (
            EmailAddress(organization=org, person=p, address=f"donor{n}@example.org", primary=True)
            for n, p in enumerate(people)
        ),
        batch_size=5000,
    )
    pages = [
        FundraisingPage.objects.create(
            organization=org, slug=f"bench-page-{n}", title={"en": f"Page {n}"}
        )
        for n in range(5)
    ]
    day = datetime.timedelta(days=1)
    subscriptions = Subscription.objects.bulk_create(
        (
            Subscription(
                organization=org,
                person=rng.choice(people),
                page=pages[0],
                amount_cents=rng.choice([500, 1000, 1500, 2000]),
                provider="test",
                status="cancelled" if n % 5 == 0 else "active",
                started_at=now - rng.randint(20, 360) * day,
                cancelled_at=now - rng.randint(1, 19) * day if n % 5 == 0 else None,
            )
            for n in range(max(1, count * 3 // 100))
        ),
        batch_size=5000,
    )
    weights = list(AMOUNTS.values())

    def donation(n):
        monthly = n % 7 == 0
        status = "refunded" if n % 100 == 1 else "failed" if n % 100 == 2 else "succeeded"
        amount = rng.choices(list(AMOUNTS), weights=weights)[0]
        code, source = SOURCES[n % len(SOURCES)]
        paid = now - datetime.timedelta(seconds=rng.randint(0, 364 * 86400))
        subscription = subscriptions[n % len(subscriptions)] if monthly else None
        return Donation(
            organization=org,
            person=subscription.person if subscription else people[n % len(people)],
            page=pages[n % len(pages)],
            subscription=subscription,
            amount_cents=amount,
            refunded_cents=amount if status == "refunded" else 0,
            status=status,
            method="sepa" if monthly else "card",
            provider="test",
            provider_id=f"bench-{n}",
            paid_at=None if status == "failed" else paid,
            created_at=paid,
            source_code=code,
            utm_source=source,
        )

    Donation.objects.bulk_create((donation(n) for n in range(count)), batch_size=5000)
    one_off = (
        Donation.objects.filter(organization=org, subscription__isnull=True, paid_at__isnull=False)
        .order_by("paid_at", "pk")
        .values_list("pk", "person_id", "amount_cents", "paid_at")
    )
    numbers: dict[int, int] = {}

    def receipt(row):
        pk, person_id, amount, paid = row
        year = timezone.localdate(paid).year
        numbers[year] = numbers.get(year, 0) + 1
        return Receipt(
            organization=org, person_id=person_id, donation_id=pk, kind="tax", year=year,
            number=numbers[year], amount_cents=amount, issued_at=paid,
        )  # fmt: skip

    Receipt.objects.bulk_create((receipt(row) for row in one_off.iterator()), batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # statistics, as autovacuum keeps them in production
            cursor.execute("ANALYZE")
    ctx.say(
        f"{count:,} donations, {len(people):,} donors, {len(subscriptions):,} monthly gifts, "
        f"{sum(numbers.values()):,} receipts"
    )
    return org, user


def export(org, user, fmt: str) -> tuple[int, float]:
    from django.utils import timezone

    from turnout.core.jobs import job_run
    from turnout.core.models import Job
    from turnout.donations.exports import EXPORT_JOB

    today = timezone.localdate()
    job = Job.objects.create(
        organization=org,
        kind=EXPORT_JOB,
        title="bench export",
        created_by=user,
        params={
            "first": str(today - datetime.timedelta(days=366)),
            "last": str(today),
            "format": fmt,
        },
    )
    with stopwatch() as took:
        outcome = job_run(job_id=job.pk)
    job.refresh_from_db()
    if outcome != "succeeded":
        raise RuntimeError(f"export {outcome}: {job.error}")
    return job.result["rows"], took["seconds"]


def run(ctx):
    count = int(os.environ.get("BENCH_DONATIONS") or 100_000)
    repeat = int(os.environ.get("BENCH_REQUESTS") or 15)
    with stopwatch() as took:
        org, user = build(ctx, count)
    ctx.say(f"set-up {took['seconds']:.1f} s")
    client = Client()
    client.force_login(user)
    base = f"/en/o/{org.slug}/donations/"
    client.get(base + "list/")  # the first visit stores the organization in the session

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    analytics = get(base + "analytics/?period=12m")
    with CaptureQueriesContext(connection) as captured:
        analytics()
    queries = len(captured.captured_queries)
    analytics_ms = median_ms(analytics, repeat=repeat, warmup=2)
    list_ms = median_ms(get(base + "list/"), repeat=repeat, warmup=2)
    search_ms = median_ms(get(base + "list/?q=Kervella"), repeat=repeat, warmup=2)
    trivial_ms = median_ms(lambda: client.get("/healthz"), repeat=repeat, warmup=2)
    ctx.say(
        f"analytics {analytics_ms:.1f} ms ({queries} queries), list {list_ms:.1f} ms, "
        f"search {search_ms:.1f} ms, trivial view {trivial_ms:.2f} ms"
    )
    rows, seconds = export(org, user, "csv")
    rate = rows / seconds
    ctx.say(f"export: {rows:,} rows in {seconds:.1f} s ({rate:,.0f} rows/s, CSV)")
    tracemalloc.start()
    export(org, user, "xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export_peak = peak / 1e6
    ctx.say(f"export (XLSX, traced): Python heap peak {export_peak:.1f} MB")
    return {
        "figures": {
            "analytics_ms": round(analytics_ms, 1),
            "analytics_queries": queries,
            "list_ms": round(list_ms, 1),
            "search_ms": round(search_ms, 1),
            "export_rows_per_s": round(rate),
            "export_peak_mb": round(export_peak, 1),
            "process_peak_mb": round(peak_rss_mb(), 1),
            "donations": count,
        },
        "baseline": {"trivial_ms": round(trivial_ms, 2)},
        "ratios": {
            "analytics_ratio": round(analytics_ms / trivial_ms, 1),
            "list_ratio": round(list_ms / trivial_ms, 1),
            "search_ratio": round(search_ms / trivial_ms, 1),
        },
    }
