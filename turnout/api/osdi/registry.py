"""What the API entry point lists, the scope families a token can hold, and the extra links
of a person (``osdi:signatures`` ...). Resource modules register theirs at import time (their
``urls.py`` is imported when the URLconf loads, before any request)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class EntryLink:
    rel: str  # "osdi:people"
    url_name: str  # name in the api:v1 / api:v2 namespaces
    title: str


ENTRY_LINKS: dict[str, EntryLink] = {}
#: family -> label shown on the token form, e.g. {"people": "People, tags and lists"}
SCOPE_FAMILIES: dict[str, object] = {}
#: extra ``_links`` of a person: rel -> url name taking the person's id
PERSON_LINKS: dict[str, str] = {}


def register_entry(rel: str, url_name: str, title) -> None:
    ENTRY_LINKS[rel] = EntryLink(rel=rel, url_name=url_name, title=title)


def register_scope_family(family: str, label) -> None:
    SCOPE_FAMILIES[family] = label


def register_person_link(rel: str, url_name: str) -> None:
    PERSON_LINKS[rel] = url_name


def scope_choices() -> list[tuple[str, str]]:
    choices = []
    for family, label in sorted(SCOPE_FAMILIES.items()):
        choices.append((f"{family}:read", _("%(family)s: read") % {"family": label}))
        choices.append((f"{family}:write", _("%(family)s: read and write") % {"family": label}))
    return choices


register_scope_family("people", _("People, tags and lists"))
register_scope_family("people_sensitive", _("Political opinions (sensitive custom fields)"))
