"""Lists sent to PostgreSQL as one text parameter, split by the server.

psycopg's client-side binding (Django's default) quotes a list parameter element by element in
Python; for thousands of values, one joined string is much cheaper to send. The SQL side:
``string_to_array(%s, E'\\n')`` for ``text_lines`` (cast as needed, e.g. ``::timestamptz[]``),
``string_to_array(%s, ',')::bigint[]`` for ``number_list``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.lookups import In


def text_lines(values: Iterable[str]) -> str:
    """One value per line: the values must not hold a line break (emails, phone numbers,
    hashes, identifiers and ISO dates do not)."""
    return "\n".join(values)


def number_list(values: Iterable[int]) -> str:
    return ",".join(map(str, values))


class IdsIn(In):
    """``field__ids_in=ids``: ``__in`` for many integer ids, sent to PostgreSQL as one
    ``number_list`` parameter (``= ANY(...)``) rather than one quoted parameter per id; a batch
    of the import looks up a thousand people this way in five queries (registered on every
    field by CoreConfig.ready)."""

    lookup_name = "ids_in"

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = number_list(sorted(v for v in self.rhs if v is not None))
        return f"{lhs} = ANY(string_to_array(%s, ',')::bigint[])", [*lhs_params, ids]
