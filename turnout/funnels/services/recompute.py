"""Placing everyone (the recompute job): by batches of person ids, one query per rung and
batch; never writes an activity (a recompute is history, not news)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from turnout.people.models import ActivityCount, Person, Tagging
from turnout.people.segments.filters import people_matching

from ..models import Ladder, PersonRung, Rung, RungReached
from ..rules import analyze

BATCH = 10_000
CHUNK = 500
PG_CHUNK = 5000


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _reached_times(organization, rung: Rung, info, lo: int, hi: int, people: dict) -> dict:
    """For the people of the batch [lo, hi] who match the rung: the best known time at which
    they reached it. Exact times come only from the hook; here it is the latest of the
    activities and tags the rule looks at, else the last activity (rules on "last
    activity"), else the day the person entered the base."""
    times: dict[int, datetime] = {}

    def keep(rows):
        for person_id, when in rows:
            if when is not None and (person_id not in times or when > times[person_id]):
                times[person_id] = when

    if info.activity_kinds:
        keep(
            ActivityCount.objects.filter(
                organization=organization,
                kind__in=sorted(info.activity_kinds),
                person_id__gte=lo,
                person_id__lte=hi,
            )
            .values("person_id")
            .annotate(latest=Max("last_at"))
            .values_list("person_id", "latest")
        )
    if info.tag_ids:
        keep(
            Tagging.objects.filter(
                tag_id__in=sorted(info.tag_ids), person_id__gte=lo, person_id__lte=hi
            )
            .values("person_id")
            .annotate(latest=Max("created_at"))
            .values_list("person_id", "latest")
        )
    fallback = 2 if info.wildcard else 1  # last activity, else created
    for person_id, row in people.items():
        if person_id not in times:
            times[person_id] = row[fallback] or row[1]
    return times


def _recompute_batch(organization, compiled: list, lo: int, hi: int) -> dict:
    now = timezone.now()
    matched: dict[int, set[int]] = {}
    for rung, people, _info in compiled:
        if people is None:
            matched[rung.pk] = set()
            continue
        matched[rung.pk] = set(
            people.filter(pk__gte=lo, pk__lte=hi).order_by().values_list("pk", flat=True)
        )
    known: dict[tuple[int, int], datetime] = {
        (person_id, rung_id): when
        for person_id, rung_id, when in RungReached.objects.filter(
            organization=organization, person_id__gte=lo, person_id__lte=hi
        ).values_list("person_id", "rung_id", "reached_at")
    }
    person_rows = None
    new_rows = []
    for rung, _people, info in compiled:
        missing = {p for p in matched[rung.pk] if (p, rung.pk) not in known}
        if not missing:
            continue
        if person_rows is None:
            person_rows = {
                pk: (pk, created, last)
                for pk, created, last in Person.objects.filter(
                    organization=organization, pk__gte=lo, pk__lte=hi
                ).values_list("pk", "created_at", "last_activity_at")
            }
        times = _reached_times(
            organization, rung, info, lo, hi, {p: person_rows[p] for p in missing}
        )
        for person_id in sorted(missing):
            when = min(times.get(person_id) or now, now)
            known[(person_id, rung.pk)] = when
            new_rows.append((person_id, rung.pk, when))
    _insert(
        RungReached,
        ["person_id", "rung_id", "reached_at"],
        new_rows,
        organization.pk,
        now,
        "ON CONFLICT (person_id, rung_id) DO NOTHING",
    )

    desired: dict[int, int] = {}
    for rung, _people, _info in compiled:  # bottom to top: the highest one stays
        for person_id in matched[rung.pk]:
            desired[person_id] = rung.pk
    current = dict(
        PersonRung.objects.filter(
            organization=organization, person_id__gte=lo, person_id__lte=hi
        ).values_list("person_id", "rung_id")
    )
    gone = sorted(p for p in current if p not in desired)
    for chunk in _chunks(gone):
        PersonRung.objects.filter(person_id__in=chunk).delete()
    moved = [
        (person_id, rung_id, known.get((person_id, rung_id), now))
        for person_id, rung_id in sorted(desired.items())
        if current.get(person_id) != rung_id
    ]
    _insert(
        PersonRung,
        ["person_id", "rung_id", "since"],
        moved,
        organization.pk,
        now,
        "ON CONFLICT (person_id) DO UPDATE SET rung_id = EXCLUDED.rung_id, "
        "since = EXCLUDED.since, updated_at = EXCLUDED.updated_at",
    )
    return {"reached": len(new_rows), "moved": len(moved), "dropped": len(gone)}


def _insert(model, columns: list[str], rows: list[tuple], organization_id, now, conflict: str):
    """INSERT ... ON CONFLICT of ``(person_id, rung_id, time)`` tuples without building a
    model instance per row: arrays unnested on PostgreSQL (as activity counters do), one
    prepared statement run for every row on SQLite."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in ["created_at", "updated_at", "organization_id", *columns])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = (
                f"INSERT INTO {table} ({names}) SELECT %s, %s, %s, u.p, u.r, u.t "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::bigint[], %s::timestamptz[]) AS u(p, r, t) "
                f"{conflict}"
            )
            for chunk in _chunks(rows, PG_CHUNK):
                people, rungs, times = zip(*chunk, strict=True)
                cursor.execute(
                    sql, [now, now, organization_id, list(people), list(rungs), list(times)]
                )
        else:
            adapt = connection.ops.adapt_datetimefield_value
            stamp = adapt(now)
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES (%s, %s, %s, %s, %s, %s) "  # noqa: S608
                f"{conflict}",
                [(stamp, stamp, organization_id, p, r, adapt(t)) for p, r, t in rows],
            )


def ladder_recompute(*, organization, progress=None, batch_size: int = BATCH) -> dict:
    """Place every person of the organization on the ladder as the rules say now.

    People are read in batches of ids; each batch runs one query per rung and writes in its
    own transaction, so memory stays flat whatever the size of the base, and a restarted job
    simply does it again (every write is idempotent). First-reached rows are only added,
    never moved: the hook's exact times are kept.
    """
    rungs = list(Rung.objects.for_organization(organization).order_by("position", "id"))
    compiled, invalid = [], []
    for rung in rungs:
        try:
            people = people_matching(organization=organization, definition=rung.definition)
        except ValidationError:
            people = None
            invalid.append(rung.pk)
        compiled.append((rung, people, analyze(rung.definition)))
    everyone = Person.objects.filter(organization=organization)
    if progress is not None:
        progress.set_total(everyone.count())
    totals = {"people": 0, "reached": 0, "moved": 0, "dropped": 0}
    last = 0
    while True:
        ids = list(
            everyone.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        with transaction.atomic():
            counts = _recompute_batch(organization, compiled, ids[0], ids[-1])
        for key, value in counts.items():
            totals[key] += value
        totals["people"] += len(ids)
        last = ids[-1]
        if progress is not None:
            progress.advance(len(ids))
    Ladder.objects.update_or_create(
        organization=organization, defaults={"recomputed_at": timezone.now()}
    )
    totals["invalid_rungs"] = invalid
    return totals
