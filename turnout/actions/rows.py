"""Single-statement inserts that the ORM cannot write: an insert that does nothing when the
row exists (``ON CONFLICT ... DO NOTHING``), and an insert made only while a condition holds.
Both return the new id, or None; the same SQL runs on PostgreSQL and SQLite (3.35+)."""

from __future__ import annotations

import functools

from django.db import connection, models


@functools.cache
def _shape(model: type[models.Model], vendor: str) -> tuple[str, str, str, tuple]:
    """The quoted table, primary key and columns of a model, and its fields (computed once)."""
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    return quote(meta.db_table), quote(meta.pk.column), columns, fields


def _columns(instance: models.Model) -> tuple[str, str, str, list]:
    """The quoted table, primary key and columns, and the values of a new instance (every
    concrete field but the id, with defaults and ``auto_now`` applied as ``save()`` would)."""
    table, pk, columns, fields = _shape(type(instance), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return table, pk, columns, params


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
    table, pk, columns, params = _columns(instance)
    quote = connection.ops.quote_name
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
    table, pk, columns, params = _columns(instance)
    placeholders = ", ".join(["%s"] * len(params))
    sql = (  # names from the model, every value a parameter
        f"INSERT INTO {table} ({columns}) SELECT {placeholders} WHERE {condition} RETURNING {pk}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *condition_params])
        return _saved(instance, cursor.fetchone())


def update_each(
    model: type[models.Model], values: list[tuple], *, columns: tuple[str, ...], same: dict
) -> int:
    """One ``UPDATE ... FROM (VALUES ...)`` statement for many rows: ``values`` holds
    ``(id, value of each of columns)`` per row, ``same`` the values every row gets ({column:
    value}, values prepared for the database). Much cheaper than ``bulk_update``, which builds
    a CASE expression per field and row. Same SQL on PostgreSQL and SQLite (3.33+): the
    VALUES columns are ``column1, column2, ...`` on both. Returns the number of rows updated."""
    if not values:
        return 0
    quote = connection.ops.quote_name
    table, pk, _columns_sql, _fields = _shape(model, connection.vendor)
    width = len(columns) + 1
    rows_sql = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(values))
    sets = [f"{quote(c)} = v.column{i + 2}" for i, c in enumerate(columns)]
    sets += [f"{quote(c)} = %s" for c in same]
    sql = (  # names from the model, every value a parameter
        f"UPDATE {table} SET {', '.join(sets)} "  # noqa: S608
        f"FROM (VALUES {rows_sql}) AS v WHERE {table}.{pk} = v.column1"
    )
    params = [*same.values(), *(value for row in values for value in row)]
    # The SET parameters come first in the statement, then the VALUES rows.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
