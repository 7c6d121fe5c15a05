"""Single-statement inserts that the ORM cannot write: an insert that does nothing when the
row exists (``ON CONFLICT ... DO NOTHING``), and an insert made only while a condition holds.
Both return the new id, or None; the same SQL runs on PostgreSQL and SQLite (3.35+)."""

from __future__ import annotations

from django.db import connection, models


def _columns(instance: models.Model) -> tuple[str, str, list]:
    """The quoted table, the quoted columns and the values of a new instance (every
    concrete field but the id, with defaults and ``auto_now`` applied as ``save()`` would)."""
    meta = instance._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return quote(meta.db_table), ", ".join(quote(f.column) for f in fields), params


def _saved(instance: models.Model, row) -> int | None:
    if row is None:
        return None
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return row[0]


def insert_unless_exists(instance: models.Model, *, conflict: tuple[str, ...]) -> int | None:
    """``INSERT ... ON CONFLICT (<conflict columns>) DO NOTHING RETURNING id``: the new id
    (also set on ``instance``), or None when a row with the same values exists (it is not
    locked)."""
    table, columns, params = _columns(instance)
    quote = connection.ops.quote_name
    pk = quote(instance._meta.pk.column)
    target = ", ".join(quote(c) for c in conflict)
    placeholders = ", ".join(["%s"] * len(params))
    sql = (  # names from the model, every value a parameter
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        f"ON CONFLICT ({target}) DO NOTHING RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _saved(instance, cursor.fetchone())


def insert_if(instance: models.Model, *, condition: str, condition_params: list) -> int | None:
    """``INSERT ... SELECT <values> WHERE <condition> RETURNING id``: the new id (also set on
    ``instance``), or None when ``condition`` (SQL, checked in the same statement) is false."""
    table, columns, params = _columns(instance)
    pk = connection.ops.quote_name(instance._meta.pk.column)
    placeholders = ", ".join(["%s"] * len(params))
    sql = (  # names from the model, every value a parameter
        f"INSERT INTO {table} ({columns}) SELECT {placeholders} WHERE {condition} RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *condition_params])
        return _saved(instance, cursor.fetchone())
