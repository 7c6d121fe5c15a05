"""Lists sent to PostgreSQL as one text parameter, split by the server.

psycopg's client-side binding (Django's default) quotes a list parameter element by element in
Python; for thousands of values, one joined string is much cheaper to send. The SQL side:
``string_to_array(%s, E'\\n')`` for ``text_lines`` (cast as needed, e.g. ``::timestamptz[]``),
``string_to_array(%s, ',')::bigint[]`` for ``number_list``.
"""

from __future__ import annotations

from collections.abc import Iterable


def text_lines(values: Iterable[str]) -> str:
    """One value per line: the values must not hold a line break (emails, phone numbers,
    hashes, identifiers and ISO dates do not)."""
    return "\n".join(values)


def number_list(values: Iterable[int]) -> str:
    return ",".join(map(str, values))
