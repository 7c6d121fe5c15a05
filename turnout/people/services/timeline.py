"""The timeline, consent log, tags and access log of a person."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.sql_lists import number_list, text_lines

from ..models import (
    AccessLog,
    Activity,
    ActivityCount,
    Consent,
    Person,
    Tag,
    Tagging,
)
from ..normalize import clean_name
from .types import ConsentInput

# Functions called with each new Activity inside the transaction that records it (the
# engagement ladder re-evaluates the person's rung, journeys enroll people whose trigger
# fired). Running inside the transaction means a trigger is never lost to a crash between the
# commit and a callback; a hook must therefore be quick (a few indexed queries) and must not
# swallow errors it cannot handle. Bulk paths (imports, message receipts) do not call hooks.
ACTIVITY_HOOKS: list = []


def register_activity_hook(func):
    """Decorator: call ``func(activity)`` for every Activity written by ``activity_record``."""
    if func not in ACTIVITY_HOOKS:
        ACTIVITY_HOOKS.append(func)
    return func


def activity_record(
    *,
    person: Person,
    kind: str,
    summary: str = "",
    actor=None,
    source: models.Model | None = None,
    data: dict | None = None,
    occurred_at: datetime | None = None,
    sensitive: bool = False,
) -> Activity:
    """Append one line to the person's timeline (its counter and ``last_activity_at`` follow)
    and call the activity hooks with it. Inside ``activity_batch()`` the row is written, and
    the hooks called, when the batch ends (the returned object gets its id then)."""
    activity = Activity(
        organization_id=person.organization_id,
        person=person,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=str(source.pk) if source is not None else "",
        summary=summary[:300],
        data=data or {},
        sensitive=sensitive,
    )
    pending = getattr(_batch, "pending", None)
    if pending is not None:
        pending.append(activity)
    else:
        _activities_write([activity])
    return activity


_batch = threading.local()


@contextmanager
def activity_batch():
    """Write the activities recorded inside the block together when it ends: one multi-row
    insert, one counter upsert, one ``last_activity_at`` update per person, then the hooks,
    called for each activity in order, still inside the caller's transaction. For a write
    path that records several activities at once (a signature: person created, consent,
    signed). Use it inside ``transaction.atomic``; a nested batch adds to the outer one. If
    the block raises, nothing of it is written."""
    if getattr(_batch, "pending", None) is not None:
        yield
        return
    _batch.pending = []
    try:
        yield
        pending = _batch.pending
    finally:
        _batch.pending = None
    if pending:
        _activities_write(pending)


def _activities_write(activities: list[Activity]) -> None:
    with transaction.atomic(savepoint=False):
        if len(activities) == 1:
            activities[0].save(force_insert=True)
        else:
            Activity.objects.bulk_create(activities)
        by_organization: dict[int, list] = {}
        latest: dict[int, datetime] = {}
        for activity in activities:
            by_organization.setdefault(activity.organization_id, []).append(
                (activity.person_id, activity.kind, 1, activity.occurred_at)
            )
            seen = latest.get(activity.person_id)
            if seen is None or seen < activity.occurred_at:
                latest[activity.person_id] = activity.occurred_at
        for organization_id, pairs in by_organization.items():
            activity_counters_bump(organization_id, pairs)
        # One update per distinct time (a batch written at one moment: one for everyone).
        people_at: dict[datetime, list[int]] = {}
        for person_id, occurred_at in latest.items():
            people_at.setdefault(occurred_at, []).append(person_id)
        for occurred_at, person_ids in people_at.items():
            Person.objects.filter(pk__in=person_ids).filter(
                Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=occurred_at)
            ).update(last_activity_at=occurred_at)
        for activity in activities:
            for hook in list(ACTIVITY_HOOKS):
                hook(activity)


# --- Activity counters ----------------------------------------------------------------------
# ActivityCount holds, per person and kind, how many Activity rows there are. Inserts bump it
# with an atomic upsert (INSERT ... ON CONFLICT DO UPDATE, the same SQL on SQLite and
# PostgreSQL: no lost update between concurrent writers, no IntegrityError to retry); the rare
# paths that move or delete activities (merge, import undo) count the affected people again
# from Activity. Deleting a person deletes their counters (cascade).

COUNTER_BATCH = 5000


def _batched(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _counter_sql() -> tuple[str, str]:
    quote = connection.ops.quote_name
    return quote(ActivityCount._meta.db_table), quote("count")


def activity_counters_bump(
    organization_id: int, pairs: Iterable[tuple[int, str, int, datetime]]
) -> None:
    """Add ``n`` activities of ``kind``, the latest at ``occurred_at``, to the counter of the
    person, for each ``(person_id, kind, n, occurred_at)`` of ``pairs``. Call it in the same
    transaction as any insert of Activity rows that bypasses ``activity_record`` (bulk
    inserts). ``n`` must not be negative: paths that delete or move activities call
    ``activity_counters_refresh``."""
    totals: dict[tuple[int, str], list] = {}
    for person_id, kind, n, occurred_at in pairs:
        if n < 0:
            raise ValueError("activity_counters_bump only adds; use activity_counters_refresh.")
        if not n:
            continue
        total = totals.get((person_id, kind))
        if total is None:
            totals[(person_id, kind)] = [n, occurred_at]
        else:
            total[0] += n
            total[1] = max(total[1], occurred_at)
    if not totals:
        return
    adapt = connection.ops.adapt_datetimefield_value
    # Sorted, so that concurrent writers lock the rows they share in the same order.
    rows = [
        (person_id, kind, n, adapt(last)) for (person_id, kind), (n, last) in sorted(totals.items())
    ]
    table, count = _counter_sql()
    update = (
        "ON CONFLICT (person_id, kind) DO UPDATE SET "
        f"{count} = {table}.{count} + EXCLUDED.{count}, "
        f"last_at = CASE WHEN EXCLUDED.last_at > {table}.last_at THEN EXCLUDED.last_at "
        f"ELSE {table}.last_at END"
    )
    columns = f"{table} (organization_id, person_id, kind, {count}, last_at)"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Each column as one text parameter (core.sql_lists): array parameters were a
            # fifth of an import's writing time.
            sql = (
                f"INSERT INTO {columns} SELECT %s, u.p, u.k, u.n, u.t "  # noqa: S608
                "FROM unnest(string_to_array(%s, ',')::bigint[], "
                "string_to_array(%s, E'\\n'), string_to_array(%s, ',')::integer[], "
                "string_to_array(%s, E'\\n')::timestamptz[]) "
                f"AS u(p, k, n, t) {update}"
            )
            for chunk in _batched(rows, COUNTER_BATCH):
                people, kinds, numbers, times = zip(*chunk, strict=True)
                iso = {t: t.isoformat() for t in set(times)}  # a batch often has one time
                cursor.execute(
                    sql,
                    [
                        organization_id,
                        number_list(people),
                        text_lines(kinds),
                        number_list(numbers),
                        text_lines(map(iso.__getitem__, times)),
                    ],
                )
        else:
            sql = f"INSERT INTO {columns} VALUES (%s, %s, %s, %s, %s) {update}"  # noqa: S608
            cursor.executemany(sql, [(organization_id, *row) for row in rows])


def _recount_sql(where: str) -> str:
    table, count = _counter_sql()
    quote = connection.ops.quote_name
    activities, people = quote(Activity._meta.db_table), quote(Person._meta.db_table)
    return (
        f"INSERT INTO {table} (organization_id, person_id, kind, {count}, last_at) "  # noqa: S608
        f"SELECT p.organization_id, a.person_id, a.kind, COUNT(*), MAX(a.occurred_at) "
        f"FROM {activities} a JOIN {people} p ON p.id = a.person_id "
        f"{where} GROUP BY a.person_id, a.kind, p.organization_id"
    )


def activity_counters_refresh(
    *, person_ids: Iterable[int], kinds: Iterable[str] | None = None
) -> None:
    """Count the activities of these people (of these kinds, or all) again from Activity:
    for paths that move or delete activity rows (merge, import undo)."""
    ids = sorted(set(person_ids))
    kinds = sorted(set(kinds)) if kinds is not None else None
    if not ids or kinds == []:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in _batched(ids, 500):
            counters = ActivityCount.objects.filter(person_id__in=chunk)
            where = f"WHERE a.person_id IN ({', '.join(['%s'] * len(chunk))})"
            params = list(chunk)
            if kinds is not None:
                counters = counters.filter(kind__in=kinds)
                where += f" AND a.kind IN ({', '.join(['%s'] * len(kinds))})"
                params += kinds
            counters.delete()
            cursor.execute(_recount_sql(where), params)


def activity_counters_rebuild(*, organization_id: int | None = None) -> None:
    """Count every activity again (of one organization, or of all): for data loaded with
    raw SQL (benchmarks) and as a repair tool."""
    with transaction.atomic(), connection.cursor() as cursor:
        counters = ActivityCount.objects.all()
        where, params = "", []
        if organization_id is not None:
            counters = counters.filter(organization_id=organization_id)
            where, params = "WHERE p.organization_id = %s", [organization_id]
        counters.delete()
        cursor.execute(_recount_sql(where), params)


def consent_record(
    *, person: Person, consent: ConsentInput, source: str, actor=None, ip_address: str | None = None
) -> Consent:
    """Append a consent decision; it becomes the current one for its channel and purpose."""
    with transaction.atomic(savepoint=False):
        # The person's row serializes the decisions about them (one current row each).
        Person.objects.select_for_update().filter(pk=person.pk).values_list("pk").first()
        return consent_append(
            person=person, consent=consent, source=source, actor=actor, ip_address=ip_address
        )


def consent_append(
    *,
    person: Person,
    consent: ConsentInput,
    source: str,
    actor=None,
    ip_address: str | None = None,
    first: bool = False,
) -> Consent:
    """``consent_record`` for a caller that holds the person's row already (it created or
    locked it in this transaction). ``first``: the person was created in this transaction,
    so there is no earlier decision to retire."""
    if not first:
        Consent.objects.filter(
            person=person, channel=consent.channel, purpose=consent.purpose, current=True
        ).update(current=False)
    row = consent_row(
        person=person, consent=consent, source=source, actor=actor, ip_address=ip_address
    )
    row.save(force_insert=True)
    consent_activity(person=person, row=row, source=source, actor=actor)
    return row


def consent_row(
    *, person: Person, consent: ConsentInput, source: str, actor=None, ip_address=None
) -> Consent:
    """The (unsaved) current consent row of a decision."""
    return Consent(
        organization_id=person.organization_id,
        person=person,
        channel=consent.channel,
        purpose=consent.purpose,
        status=consent.status,
        current=True,
        source=source,
        source_ref=consent.source_ref[:200],
        notice_text=consent.notice_text,
        ip_address=ip_address,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def consent_activity(
    *, person: Person, row: Consent, source: str, actor=None, occurred_at=None
) -> Activity:
    """The timeline line of a saved consent row."""
    return activity_record(
        person=person,
        kind="consent",
        actor=actor,
        source=row,
        summary=f"{row.channel}/{row.purpose}: {row.status}",
        data={
            "channel": row.channel,
            "purpose": row.purpose,
            "status": row.status,
            "source": source,
        },
        occurred_at=occurred_at,
    )


def tag_get_or_create(*, organization, name: str) -> Tag:
    name = clean_name(name, 80)
    if not name:
        raise ValueError(_("A tag needs a name."))
    tag, _created = Tag.objects.get_or_create(organization=organization, name=name)
    return tag


@transaction.atomic
def tags_add(*, person: Person, names: Iterable[str], actor=None) -> list[Tag]:
    added = []
    for name in names:
        tag = tag_get_or_create(organization=person.organization, name=name)
        _tagging, created = Tagging.objects.get_or_create(
            person=person, tag=tag, defaults={"added_by": actor}
        )
        if created:
            added.append(tag)
            activity_record(
                person=person, kind="tag.added", actor=actor, source=tag, summary=tag.name
            )
    return added


@transaction.atomic
def tag_remove(*, person: Person, tag: Tag, actor=None) -> bool:
    deleted, _rows = Tagging.objects.filter(person=person, tag=tag).delete()
    if deleted:
        activity_record(
            person=person, kind="tag.removed", actor=actor, source=tag, summary=tag.name
        )
    return bool(deleted)


def access_log_record(
    *,
    organization,
    user,
    action: str,
    person: Person | None = None,
    description: str = "",
    record_count: int = 1,
) -> AccessLog:
    return AccessLog.objects.create(
        organization=organization,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        person=person,
        description=description[:300],
        record_count=record_count,
    )


# --- Upsert ---------------------------------------------------------------------------------
