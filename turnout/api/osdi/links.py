"""URLs, identifiers, curies and dates of OSDI resources, usable outside a request.

A ``LinkContext`` says which flavour is being served (``osdi`` under /api/v1/ with
``turnout:`` identifiers, ``action_network`` under /api/v2/ with ``action_network:`` ones)
and the absolute base URL. Representations take one, so webhooks build the same payloads
(``LinkContext.for_site()``) as the API does (``LinkContext.from_request(request)``).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

OSDI = "osdi"
ACTION_NETWORK = "action_network"
PREFIXES = {OSDI: "turnout", ACTION_NETWORK: "action_network"}
NAMESPACES = {OSDI: "api:v1", ACTION_NETWORK: "api:v2"}
OUR_PREFIXES = tuple(f"{p}:" for p in PREFIXES.values())
MAX_PAGE_SIZE = {OSDI: 100, ACTION_NETWORK: 25}
DEFAULT_PAGE_SIZE = 25
CURIES_HREF = {
    OSDI: "https://opensupporter.github.io/osdi-docs/{rel}.html",
    ACTION_NETWORK: "https://actionnetwork.org/docs/v2/{rel}",
}


@lru_cache(maxsize=1024)
def _path_template(view_name: str, count: int) -> str:
    """``reverse`` once per URL name, with placeholders (a page links hundreds of records)."""
    return reverse(view_name, args=[f"__arg{i}__" for i in range(count)])


@dataclass(frozen=True)
class LinkContext:
    flavour: str = OSDI
    origin: str = ""  # scheme://host, no trailing slash

    @classmethod
    def from_request(cls, request) -> LinkContext:
        match = getattr(request, "resolver_match", None)
        namespace = match.namespace if match else ""
        flavour = ACTION_NETWORK if namespace.endswith("v2") else OSDI
        return cls(flavour=flavour, origin=request.build_absolute_uri("/").rstrip("/"))

    @classmethod
    def for_site(cls, flavour: str = OSDI) -> LinkContext:
        return cls(flavour=flavour, origin=settings.SITE_URL.rstrip("/"))

    @property
    def prefix(self) -> str:
        return PREFIXES[self.flavour]

    @property
    def max_page_size(self) -> int:
        return min(MAX_PAGE_SIZE[self.flavour], getattr(settings, "TURNOUT_API_MAX_PAGE_SIZE", 100))

    def identifier(self, key) -> str:
        return f"{self.prefix}:{key}"

    def url(self, name: str, *args) -> str:
        path = _path_template(f"{NAMESPACES[self.flavour]}:{name}", len(args))
        for index, arg in enumerate(args):
            path = path.replace(f"__arg{index}__", quote(str(arg), safe=":"))
        return self.origin + path

    def link(self, name: str, *args, **extra) -> dict:
        return {"href": self.url(name, *args), **extra}

    def curies(self) -> list[dict]:
        return [{"name": "osdi", "href": CURIES_HREF[self.flavour], "templated": True}]


def identifiers_of(ctx: LinkContext, key, others=()) -> list[str]:
    """Our identifier first, then the record's identifiers from other systems (never ones
    that look like ours in either flavour)."""
    return [ctx.identifier(key), *[i for i in others or () if not str(i).startswith(OUR_PREFIXES)]]


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, to the second."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_ID_RE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def plain_id(raw) -> str:
    """The bare id out of what a client sends for a record: ``turnout:<id>``,
    ``action_network:<id>``, or a URL (any host) whose last path segment is the id. Returns
    "" for anything else."""
    value = str(raw or "").strip()
    if "://" in value or value.startswith("/"):
        value = value.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    for prefix in OUR_PREFIXES:
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    return value if _ID_RE.match(value) else ""


def parse_uuid(raw) -> uuid.UUID | None:
    try:
        return uuid.UUID(plain_id(raw))
    except ValueError:
        return None


def parse_int(raw) -> int | None:
    value = plain_id(raw)
    if value.isdigit() and len(value) < 19:
        return int(value)
    return None
