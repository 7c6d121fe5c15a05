"""Pages of a collection: stable order, and no record skipped or repeated while data changes.

Collections are ordered by primary key. ``page=N`` (with ``per_page``, default 25, at most
``LinkContext.max_page_size``) is accepted as OSDI and Action Network clients expect; the
``_links.next`` we give also carries ``after=<last primary key>``, a keyset cursor: following
``next`` reads "the next ``per_page`` records after this one", so records created, changed or
erased meanwhile never shift the pages (docs/decisions/0093-api-pagination-keyset.md). A page
past the end is a 200 with an empty list.

``total_records`` is counted afresh on a first page (or any ``page=N``); while a client
walks the ``next`` links, the count of the walk's start is reused for a few seconds
(``TURNOUT_API_COUNT_SECONDS``), so that a bulk sync of a million records does not count them
again on every page.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .errors import BadQuery
from .links import DEFAULT_PAGE_SIZE, LinkContext

MAX_OFFSET = 10**12


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total_records: int
    total_pages: int
    links: dict = field(default_factory=dict)


def _int_param(request, name: str, default: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadQuery(
            _("%(name)s must be a whole number, not “%(value)s”.")
            % {"name": name, "value": raw[:30]}
        ) from None
    if value < 1 or value > 10**15:
        raise BadQuery(_("%(name)s must be between 1 and 10^15.") % {"name": name})
    return value


def _url(request, ctx: LinkContext, **params) -> str:
    query = {k: v for k, v in request.query_params.items() if k not in ("page", "after")}
    query.update({k: v for k, v in params.items() if v is not None})
    return f"{ctx.origin}{request.path}?{urlencode(query)}"


def _count(queryset, *, walking: bool) -> int:
    """The number of records; during a walk of ``next`` links, the one counted recently."""
    seconds = getattr(settings, "TURNOUT_API_COUNT_SECONDS", 10)
    if not seconds:
        return queryset.count()
    sql, params = queryset.query.sql_with_params()
    key = "api-count:" + hashlib.sha256(repr((sql, params)).encode()).hexdigest()
    if walking:
        total = cache.get(key)
        if total is not None:
            return total
    total = queryset.count()
    cache.set(key, total, seconds)
    return total


def paginate(request, queryset, ctx: LinkContext) -> Page:
    per_page = min(_int_param(request, "per_page", DEFAULT_PAGE_SIZE), ctx.max_page_size)
    page = _int_param(request, "page", 1)
    after = _int_param(request, "after", None)
    queryset = queryset.order_by("pk")
    total = _count(queryset, walking=after is not None)
    if after is not None:
        rows = list(queryset.filter(pk__gt=after)[: per_page + 1])
    else:
        offset = (page - 1) * per_page
        rows = list(queryset[offset : offset + per_page + 1]) if offset < MAX_OFFSET else []
    more = len(rows) > per_page
    rows = rows[:per_page]
    links = {"self": {"href": _url(request, ctx, page=page, after=after, per_page=per_page)}}
    if more:
        links["next"] = {
            "href": _url(request, ctx, page=page + 1, after=rows[-1].pk, per_page=per_page)
        }
    if page > 1:
        links["prev"] = {"href": _url(request, ctx, page=page - 1, per_page=per_page)}
    return Page(
        items=rows,
        page=page,
        per_page=per_page,
        total_records=total,
        total_pages=math.ceil(total / per_page) if total else 0,
        links=links,
    )
