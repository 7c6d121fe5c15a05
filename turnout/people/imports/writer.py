"""Fast inserts for the import job: ``COPY`` on PostgreSQL, ``executemany`` on SQLite.

Django's ``bulk_create`` builds a model instance and prepares every value of every row through
the field API: for a million people with their email, phone, address and timeline entry that is
most of the import time. Here the caller gives, per row, the values of the columns it sets,
already in database form (see the ``db_*`` helpers); every other column gets its field default,
prepared once. Ids of new rows are reserved before the insert so that the rows that point to
them can be written in the same batch.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import uuid

from django.db import connection
from django.db.models import AutoField, BigAutoField, JSONField, SmallAutoField

from turnout.core.sql_lists import number_list, text_lines

AUTO_FIELDS = (AutoField, BigAutoField, SmallAutoField)


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def db_datetime(value):
    if is_postgresql():
        return value.isoformat()  # written by COPY as text
    return connection.ops.adapt_datetimefield_value(value)


def db_date(value):
    return None if value is None else connection.ops.adapt_datefield_value(value)


def db_json(value) -> str:
    return json.dumps(value)


def db_uuid():
    value = uuid.uuid4()
    return value if connection.features.has_native_uuid_field else value.hex


class BulkTable:
    """Inserts rows into one model's table. ``columns`` are the attnames (``person_id``...) the
    caller gives, in this order."""

    def __init__(self, model, columns: list[str]):
        opts = model._meta
        by_attname = {f.attname: f for f in opts.concrete_fields}
        self.table = opts.db_table
        given = [by_attname[name] for name in columns]
        rest = []
        constants = []
        for field in opts.concrete_fields:
            if field.attname in columns or isinstance(field, AUTO_FIELDS):
                continue
            # The field default ("" for text, None for nullable fields): a new non-nullable
            # field without a default fails loudly at the first insert.
            rest.append(field)
            if isinstance(field, JSONField):
                constants.append(db_json(field.get_default()))
            else:
                constants.append(field.get_db_prep_save(field.get_default(), connection))
        self.columns = [f.column for f in given + rest]
        self.constants = tuple(constants)
        self.copy_suffix = "".join("\t" + copy_text(v) for v in constants) + "\n"

    def insert(self, rows: list) -> None:
        """Each row a tuple of values, or (PostgreSQL only) a line already in COPY text: the
        given columns, tab-separated and escaped, without line end."""
        if not rows:
            return
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in self.columns)
        constants = self.constants
        with connection.cursor() as cursor:
            if is_postgresql():
                suffix = self.copy_suffix
                data = "".join(
                    [(row if row.__class__ is str else copy_line(row)) + suffix for row in rows]
                )
                overlap = getattr(connection, "overlapped_copies", None)
                with connection.wrap_database_errors:
                    sql = f"COPY {quote(self.table)} ({names}) FROM STDIN"
                    writer = None  # psycopg's: waits for the COPY's result
                    if overlap is not None:
                        overlap.settle()
                        writer = _end_later_writer()(cursor.cursor, overlap)
                    with cursor.cursor.copy(sql, writer=writer) as copy:
                        copy.write(data.encode())
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(self.table)} ({names}) VALUES ({marks})",  # noqa: S608
                    [row + constants for row in rows],
                )


class OverlappedCopies:
    """While a batch writes (PostgreSQL), a ``COPY`` returns as soon as its rows are sent: the
    server inserts them while Python builds the next table's rows, and the result is collected
    (``settle``) before the connection's next statement. A batch's Python and its server work
    otherwise took turns on one connection. An error (a unique email taken meanwhile) is
    raised by the next statement, as Django's IntegrityError, inside the same transaction."""

    def __init__(self, db):
        self.db = db
        self.pending = False

    def settle(self) -> None:
        """Wait for the last COPY sent; raise its error."""
        if not self.pending:
            return
        self.pending = False
        from psycopg import errors, generators, pq

        raw = self.db.connection
        results = raw.wait(generators.fetch_many(raw.pgconn))
        for result in results:
            if result.status != pq.ExecStatus.COMMAND_OK:
                with self.db.wrap_database_errors:
                    raise errors.error_from_result(result, encoding=raw.info.encoding)

    def before_statement(self, execute, sql, params, many, context):
        self.settle()
        return execute(sql, params, many, context)


@functools.cache
def _end_later_writer():
    """psycopg's COPY writer, but its ``finish`` sends the end of the COPY without waiting for
    the result, which OverlappedCopies collects (the class made once, psycopg imported then)."""
    from psycopg.copy import LibpqWriter

    class EndLater(LibpqWriter):
        def __init__(self, cursor, overlap: OverlappedCopies):
            super().__init__(cursor)
            self.overlap = overlap

        def finish(self, exc=None):
            if exc is not None:
                return super().finish(exc)
            self.connection.wait(_end_copy(self._pgconn))
            self.overlap.pending = True
            return None

    return EndLater


def _end_copy(pgconn):
    """The end of a COPY sent to the server, without waiting for its result (a psycopg
    generator, run by ``Connection.wait``)."""
    from psycopg.waiting import Wait

    while pgconn.put_copy_end() == 0:
        while not (yield Wait.W):
            continue
    while pgconn.flush() != 0:
        while not (yield Wait.W):
            continue


@contextlib.contextmanager
def overlapped_copies():
    """BulkTable.insert overlaps its COPY with what follows (see OverlappedCopies), until the
    end of the block, which waits for the last one."""
    if not is_postgresql() or getattr(connection, "overlapped_copies", None) is not None:
        yield
        return
    overlap = OverlappedCopies(connection)
    connection.overlapped_copies = overlap
    try:
        with connection.execute_wrapper(overlap.before_statement):
            try:
                yield
            except BaseException:
                with contextlib.suppress(Exception):
                    overlap.settle()  # the connection free again, for the rollback
                raise
            overlap.settle()
    finally:
        connection.overlapped_copies = None


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """A value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_COPY_ESCAPES)
        return value
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def copy_line(row: tuple) -> str:
    """A row in COPY text format. Most values are plain text without tabs, line breaks or
    backslashes: they are joined as they are, and the line is checked once."""
    parts = [v if v.__class__ is str else ("\\N" if v is None else copy_text(v)) for v in row]
    line = "\t".join(parts)
    if (
        line.count("\\") != row.count(None)
        or line.count("\t") != len(parts) - 1
        or "\n" in line
        or "\r" in line
    ):
        line = "\t".join(map(copy_text, row))  # some value needs escaping
    return line


def reserve_ids(model, count: int) -> list[int]:
    """Ids for ``count`` new rows, taken from the table's sequence (PostgreSQL), or after the
    highest id ever given (SQLite: the batch holds the database's write lock)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                [sequence_of(model), count],
            )
            return [row[0] for row in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT MAX({quote(column)}) FROM {quote(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + count))


_SEQUENCES: dict[tuple[str, str], str] = {}


def sequence_of(model) -> str:
    """The sequence of a table's id (PostgreSQL), looked up once: ``nextval`` of a constant
    is several times faster than with ``pg_get_serial_sequence`` evaluated for each id."""
    table, column = model._meta.db_table, model._meta.pk.column
    key = (connection.settings_dict["NAME"], table)
    if key not in _SEQUENCES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            _SEQUENCES[key] = cursor.fetchone()[0]
    return _SEQUENCES[key]


def reserve_ids_many(wanted: list[tuple[object, int]]) -> list[list[int]]:
    """reserve_ids for several tables, in one query on PostgreSQL."""
    if not is_postgresql() or sum(1 for _model, count in wanted if count > 0) < 2:
        return [reserve_ids(model, count) for model, count in wanted]
    parts, params = [], []
    for model, count in wanted:
        parts.append("ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))")
        params += [sequence_of(model), count]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return [list(ids) for ids in cursor.fetchone()]


# --- Batch look-ups: one query per batch, an array parameter on PostgreSQL ----------------
#
# The emails and phone numbers are joined from ``unnest`` of the array: one probe of the unique
# index per key whatever the tables' size. Written ``address = ANY(array)``, the planner chose
# to scan the whole email and person tables and hash-join them once the batch held 10,000 keys:
# 65 ms a batch at 270,000 people and growing with the base (21 ms as probes). With small
# tables it still hash-joins them, so a batch's transaction also turns sequential scans off
# (pipeline.relax_durability): every query of a batch is by key (decision 0105).


def _any_query(sql: str, params: list, using=None) -> list[tuple]:
    with (using or connection).cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def emails_owned(
    organization_id: int, addresses: set[str], using=None
) -> list[tuple[str, int, bool]]:
    """(address, person id, person erased?) for the addresses already in the organization;
    ``using``: another connection than the default one (PostgreSQL)."""
    from ..models import EmailAddress, Person

    if not addresses:
        return []
    if is_postgresql():
        e, p = EmailAddress._meta.db_table, Person._meta.db_table
        return _any_query(
            "SELECT e.address, e.person_id, p.erased_at IS NOT NULL "  # noqa: S608
            f"FROM unnest(string_to_array(%s, E'\\n')) AS k(address) "
            f'JOIN "{e}" e ON e.organization_id = %s AND e.address = k.address '
            f'JOIN "{p}" p ON p.id = e.person_id',
            [text_lines(addresses), organization_id],
            using,
        )
    return [
        (address, person_id, erased_at is not None)
        for address, person_id, erased_at in EmailAddress.objects.filter(
            organization_id=organization_id, address__in=addresses
        ).values_list("address", "person_id", "person__erased_at")
    ]


def phones_owned(organization_id: int, numbers: set[str], using=None) -> list[tuple[str, int]]:
    """(number, person id) of people not erased, the highest person id first."""
    from ..models import Person, PhoneNumber

    if not numbers:
        return []
    if is_postgresql():
        n, p = PhoneNumber._meta.db_table, Person._meta.db_table
        return _any_query(
            "SELECT n.number, n.person_id "  # noqa: S608
            f"FROM unnest(string_to_array(%s, E'\\n')) AS k(number) "
            f'JOIN "{n}" n ON n.organization_id = %s AND n.number = k.number '
            f'JOIN "{p}" p ON p.id = n.person_id '
            "WHERE p.erased_at IS NULL ORDER BY n.person_id DESC",
            [text_lines(numbers), organization_id],
            using,
        )
    return list(
        PhoneNumber.objects.filter(
            organization_id=organization_id, number__in=numbers, person__erased_at__isnull=True
        )
        .order_by("-person_id")
        .values_list("number", "person_id")
    )


def suppressions_matching(organization_id: int, hashes: set[str]) -> list[tuple[str, str, str]]:
    """(value hash, channel, reason) of the active suppressions among these hashes."""
    from ..models import Channel, Suppression

    if not hashes:
        return []
    if is_postgresql():
        table = Suppression._meta.db_table
        return _any_query(
            f'SELECT value_hash, channel, reason FROM "{table}" '  # noqa: S608
            "WHERE organization_id = %s AND channel = ANY(%s) "
            "AND value_hash = ANY(string_to_array(%s, E'\\n')) AND lifted_at IS NULL",
            [organization_id, [str(c) for c in Channel], text_lines(hashes)],
        )
    return list(
        Suppression.objects.filter(
            organization_id=organization_id, value_hash__in=hashes, lifted_at__isnull=True
        ).values_list("value_hash", "channel", "reason")
    )


# --- Foreign keys checked per batch instead of per row (PostgreSQL) -------------------------
#
# PostgreSQL checks each foreign key of each inserted row with a trigger at commit: a query
# that locks the referenced row (``SELECT 1 ... FOR KEY SHARE``). For an import that is about
# ten checks per person, more than half of the database's work. When the role may set
# ``session_replication_role`` (a superuser, or ``GRANT SET ON PARAMETER
# session_replication_role`` on PostgreSQL 15+), a batch turns those triggers off for its own
# transaction and takes the same locks itself, one query per referenced table: the import
# references only its organization, its author, its own row, a content type, tags and people
# (the ones it creates in the same transaction, and the ones it matched, locked here).
# Unique constraints are indexes, not triggers: they are still enforced.


def can_skip_fk_triggers() -> bool:
    if not is_postgresql():
        return False
    with connection.cursor() as cursor:
        if connection.pg_version >= 150000:
            cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


def lock_keys(keys: list[tuple[object, list]]) -> list[set]:
    """``FOR KEY SHARE`` on the rows of each (model, ids): the lock the foreign-key trigger
    takes. Returns the ids found (and locked) per model: a row deleted in the meantime is
    missing, and the caller must not point to it."""
    ctes, selects, params = [], [], []
    for n, (model, ids) in enumerate(keys):
        ids = sorted({i for i in ids if i is not None})
        table, pk = model._meta.db_table, model._meta.pk.column
        ctes.append(
            f'k{n} AS (SELECT "{pk}"::bigint AS pk FROM "{table}" '  # noqa: S608
            f"WHERE \"{pk}\" = ANY(string_to_array(%s, ',')::bigint[]) FOR KEY SHARE)"
        )
        selects.append(f"SELECT {n}, pk FROM k{n}")  # noqa: S608
        params.append(number_list(ids))
    found: list[set] = [set() for _key in keys]
    with connection.cursor() as cursor:
        cursor.execute("WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(selects), params)
        for n, pk in cursor.fetchall():
            found[n].add(pk)
    return found


class Statistics:
    """Keeps the planner's statistics of the tables an import looks people up in current
    while it fills them (PostgreSQL). Autovacuum analyzes a table long after an import made it
    ten times larger; meanwhile the look-ups of each batch (emails, phone numbers, the contact
    points of the people found) are planned as scans of the whole organization, and each batch
    costs more than the one before. ``ANALYZE`` (a sample of at most 30,000 rows per table) is
    run when the import has doubled what it created since the last one, up to LAST: by then the
    look-ups are planned as index probes for good, autovacuum's own ``ANALYZE`` (after a tenth
    of the table changed) keeps the figures current, and each further sample of a table that
    size costs seconds of the server's time."""

    FIRST = 10_000
    LAST = 160_000

    def __init__(self):
        self.created = 0
        self.next_at = self.FIRST

    def after_batch(self, created: int) -> bool:
        self.created += created
        if (
            not is_postgresql()
            or self.created < self.next_at
            or self.next_at > self.LAST
            or connection.in_atomic_block
        ):
            return False
        from ..models import EmailAddress, Person, PhoneNumber, PostalAddress, Tagging

        tables = ", ".join(
            connection.ops.quote_name(m._meta.db_table)
            for m in (Person, EmailAddress, PhoneNumber, PostalAddress, Tagging)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
        self.next_at = 2 * self.created
        return True
