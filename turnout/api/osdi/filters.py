"""OData-style ``$filter`` (also ``filter``) on collections, for incremental sync::

    $filter=modified_date gt '2026-01-01T00:00:00Z'
    $filter=created_date ge '2026-01-01' and created_date lt '2026-02-01'
    filter=email_address eq 'jane@example.org'          (people)

Operators ``eq ne gt ge lt le`` joined by ``and``; values in single quotes ('' for a quote).
A view lists what may be filtered in ``filter_fields``: OSDI name -> (model path, kind) with
kind ``datetime`` or ``string``. Anything that does not parse is a 400 naming the problem.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .errors import BadFilter

DATE_FILTERS = {
    "modified_date": ("updated_at", "datetime"),
    "created_date": ("created_at", "datetime"),
}
_TOKEN = re.compile(r"\s*(?:(?P<word>[A-Za-z_][A-Za-z0-9_]*)|'(?P<str>(?:[^']|'')*)')")
OPERATORS = ("eq", "ne", "gt", "ge", "lt", "le")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise BadFilter(
                _("The filter cannot be read at “%(rest)s”.") % {"rest": text[pos : pos + 30]}
            )
        if match.group("word") is not None:
            tokens.append(("word", match.group("word")))
        else:
            tokens.append(("str", match.group("str").replace("''", "'")))
        pos = match.end()
    return tokens


def _moment(value: str) -> tuple[dt.datetime, dt.timedelta]:
    """A datetime (UTC when no offset is given) and the precision it was given with."""
    text = value.strip().replace(" ", "T")
    try:
        parsed = parse_datetime(text)
    except ValueError:
        parsed = None
    if parsed is not None:
        precision = dt.timedelta(microseconds=1) if "." in text else dt.timedelta(seconds=1)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed, precision
    try:
        day = parse_date(text)
    except ValueError:
        day = None
    if day is not None:
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), dt.timedelta(days=1)
    raise BadFilter(
        _("“%(value)s” is not a date: use ISO 8601, e.g. '2026-01-01T00:00:00Z'.")
        % {"value": value}
    )


def _condition(path: str, kind: str, op: str, value: str) -> Q:
    if kind == "datetime":
        moment, precision = _moment(value)
        # eq/ne cover the whole second (or day) that was given.
        if op == "eq":
            return Q(**{f"{path}__gte": moment, f"{path}__lt": moment + precision})
        if op == "ne":
            return ~Q(**{f"{path}__gte": moment, f"{path}__lt": moment + precision})
        if op == "gt":
            return Q(**{f"{path}__gte": moment + precision})
        if op == "le":
            return Q(**{f"{path}__lt": moment + precision})
        return Q(**{f"{path}__{'gte' if op == 'ge' else 'lt'}": moment})
    if op not in ("eq", "ne"):
        raise BadFilter(_("Only eq and ne apply to this field."))
    lookup = Q(**{f"{path}__iexact": value})
    return lookup if op == "eq" else ~lookup


def parse_filter(text: str, fields: dict[str, tuple[str, str]]) -> Q:
    if len(text) > 1000:
        raise BadFilter(_("The filter is too long."))
    tokens = _tokens(text)
    if not tokens:
        raise BadFilter(_("The filter is empty."))
    query = Q()
    position = 0
    while True:
        if position + 3 > len(tokens):
            raise BadFilter(_("A condition is “field operator 'value'”."))
        (k1, name), (k2, op), (k3, value) = tokens[position : position + 3]
        if k1 != "word" or name not in fields:
            raise BadFilter(
                _("“%(name)s” cannot be filtered on; use one of: %(fields)s.")
                % {"name": name, "fields": ", ".join(sorted(fields))}
            )
        if k2 != "word" or op.lower() not in OPERATORS:
            raise BadFilter(
                _("Unknown operator “%(op)s”; use one of: %(ops)s.")
                % {"op": op, "ops": ", ".join(OPERATORS)}
            )
        if k3 != "str":
            raise BadFilter(_("Put the value in single quotes: '%(value)s'.") % {"value": value})
        path, kind = fields[name]
        query &= _condition(path, kind, op.lower(), value)
        position += 3
        if position == len(tokens):
            return query
        kind_word, word = tokens[position]
        if kind_word != "word" or word.lower() != "and":
            raise BadFilter(_("Join conditions with “and”."))
        position += 1


def filter_queryset(queryset, request, fields: dict[str, tuple[str, str]]):
    text = request.query_params.get("$filter")
    if text is None:
        text = request.query_params.get("filter")
    if text is None:
        return queryset
    return queryset.filter(parse_filter(text, fields))
