# ruff: noqa: S608  (SQL built from table names and placeholders only)
"""Placing one person, in the activity hook (inside the transaction that records the
activity): one round trip reads all the hook needs, and nothing is written unless the person
moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from turnout.people import activity_kinds as kinds
from turnout.people.models import ActivityCount, Person, Tagging
from turnout.people.segments.filters import people_matching
from turnout.people.services import activity_record

from ..ladder import LadderSummary
from ..models import Ladder, PersonRung, Rung, RungReached
from ..rules import Facts, matches_fast

REACHED_KIND = kinds.RUNG_REACHED


@dataclass
class Snapshot:
    """What the hook reads about one person, in one query."""

    version: int
    facts: Facts
    reached: set[int]
    current: int | None


def _q(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _aware(value):
    if isinstance(value, str):  # SQLite hands raw timestamps back as text
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


def snapshot(*, person_id: int, summary: LadderSummary) -> Snapshot:
    """The ladder's version, the person's tags and counters that fast rules read, the rungs
    they already reached and the one they stand on: a UNION ALL of five index lookups."""
    fast = [r for r in summary.rungs if r.info.fast and r.valid]
    tag_ids = sorted(set().union(*(r.info.tag_ids for r in fast)))
    watched = sorted(set().union(*(r.info.activity_kinds for r in fast)))
    pg = connection.vendor == "postgresql"
    null_time = "CAST(NULL AS timestamptz)" if pg else "NULL"
    null_text = "CAST(NULL AS varchar)" if pg else "NULL"
    null_number = "CAST(NULL AS bigint)" if pg else "NULL"
    parts = [
        f"SELECT 'v', CAST(version AS bigint), {null_text}, {null_number}, {null_time} "
        f"FROM {_q(Ladder)} WHERE organization_id = %s",
        f"SELECT 'r', rung_id, NULL, NULL, NULL FROM {_q(RungReached)} WHERE person_id = %s",
        f"SELECT 'p', rung_id, NULL, NULL, NULL FROM {_q(PersonRung)} WHERE person_id = %s",
    ]
    params: list = [summary.organization_id, person_id, person_id]
    if tag_ids:
        parts.append(
            f"SELECT 't', tag_id, NULL, NULL, NULL FROM {_q(Tagging)} "
            f"WHERE person_id = %s AND tag_id IN ({_marks(tag_ids)})"
        )
        params += [person_id, *tag_ids]
    if watched:
        parts.append(
            f"SELECT 'c', NULL, kind, {connection.ops.quote_name('count')}, last_at "
            f"FROM {_q(ActivityCount)} WHERE person_id = %s AND kind IN ({_marks(watched)})"
        )
        params += [person_id, *watched]
    found = Snapshot(
        version=0, facts=Facts(tag_ids=set(), counters={}), reached=set(), current=None
    )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for what, key, kind, count, last_at in cursor.fetchall():
            if what == "v":
                found.version = int(key)
            elif what == "r":
                found.reached.add(int(key))
            elif what == "p":
                found.current = int(key)
            elif what == "t":
                found.facts.tag_ids.add(int(key))
            else:
                found.facts.counters[kind] = (int(count), _aware(last_at))
    return found


def matching_rungs(
    *, person: Person, summary: LadderSummary, facts: Facts | None = None
) -> list[int]:
    """The ids of the rungs whose rule the person matches now (bottom first)."""
    if person.erased_at is not None:
        return []
    if facts is None:
        facts = snapshot(person_id=person.pk, summary=summary).facts
    matched = []
    for rung in summary.rungs:
        if not rung.valid:
            continue
        if rung.info.fast:
            found = matches_fast(rung.definition, facts)
        else:
            try:
                found = (
                    people_matching(organization=person.organization_id, definition=rung.definition)
                    .filter(pk=person.pk)
                    .exists()
                )
            except ValidationError:
                found = False
        if found:
            matched.append(rung.pk)
    return matched


def _rungs_kept(ids: list[int]) -> dict[int, Rung]:
    """The rungs still there, protected from deletion until the transaction ends (the rows
    written next refer to them): on PostgreSQL, the lock a foreign-key check takes, taken
    first."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    rungs = Rung.objects.raw(f"SELECT * FROM {_q(Rung)} WHERE id IN ({_marks(ids)}){lock}", ids)
    return {rung.pk: rung for rung in rungs}


def _first_reached(person: Person, rung_ids: list[int], at: datetime) -> list[int]:
    """Insert the first-reached rows that do not exist yet; returns the rungs inserted here
    (a concurrent transaction that inserted one first keeps it)."""
    if not rung_ids:
        return []
    if connection.features.can_return_columns_from_insert:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        when = connection.ops.adapt_datetimefield_value(at)
        params: list = []
        for rung_id in rung_ids:
            params += [now, now, person.organization_id, person.pk, rung_id, when]
        rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rung_ids))
        sql = (
            f"INSERT INTO {_q(RungReached)} (created_at, updated_at, organization_id, person_id, "
            f"rung_id, reached_at) VALUES {rows} "
            "ON CONFLICT (person_id, rung_id) DO NOTHING RETURNING rung_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return sorted(row[0] for row in cursor.fetchall())
    created = []
    for rung_id in rung_ids:
        _row, new = RungReached.objects.get_or_create(
            person_id=person.pk,
            rung_id=rung_id,
            defaults={"organization_id": person.organization_id, "reached_at": at},
        )
        if new:
            created.append(rung_id)
    return created


def person_place(
    *, person: Person, summary: LadderSummary, at: datetime, known: Snapshot | None = None
) -> list[Rung]:
    """Put the person on the highest rung they match, record the rungs they reach for the
    first time (at ``at``) and announce each with a ``rung.reached`` activity. Returns the
    rungs reached for the first time."""
    known = known or snapshot(person_id=person.pk, summary=summary)
    matched = matching_rungs(person=person, summary=summary, facts=known.facts)
    top = matched[-1] if matched else None
    new = [pk for pk in matched if pk not in known.reached]
    if not new and top == known.current:
        return []
    rungs = _rungs_kept([*new, *([top] if top else [])])
    created = _first_reached(person, [pk for pk in new if pk in rungs], at)
    if top is None or top not in rungs:
        PersonRung.objects.filter(person_id=person.pk).delete()
    elif top != known.current:
        PersonRung.objects.bulk_create(
            [
                PersonRung(
                    organization_id=person.organization_id,
                    person_id=person.pk,
                    rung_id=top,
                    since=at,
                )
            ],
            update_conflicts=True,
            unique_fields=["person"],
            update_fields=["rung", "since", "updated_at"],
        )
    announced = [rungs[pk] for pk in sorted(created, key=lambda pk: rungs[pk].position)]
    for rung in announced:
        activity_record(
            person=person,
            kind=REACHED_KIND,
            source=rung,
            summary=rung.name_text(),
            data={"rung": rung.pk, "position": rung.position},
            occurred_at=at,
        )
    return announced
