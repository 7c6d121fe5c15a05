"""The knowledge bases shipped with Turnout: France, Austria and Germany, each in French,
English and German, as Python data (one module per country).

Organizations never read these directly: ``services.knowledge.knowledge_base_install`` copies
them into an organization's own knowledge base, which it then verifies and edits. Each copy
remembers ``SHIPPED_VERSION`` and a fingerprint of the text it was given
(``Entry.shipped_version`` = ``"<version>:<fingerprint>"``), so that a later install can tell
an untouched copy (refreshed) from one the organization edited (kept).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from . import at, de, fr

#: Bump when the shipped texts change; installs report what they refresh.
SHIPPED_VERSION = "2026.11"

COUNTRY_MODULES = {"FR": fr, "AT": at, "DE": de}
LANGUAGES = ("fr", "en", "de")


@dataclass(frozen=True)
class ShippedEntry:
    country: str
    language: str
    slug: str
    question: str
    variants: tuple[str, ...]
    keywords: tuple[str, ...]
    answer: str
    source_url: str
    source_name: str
    last_verified: date

    def fingerprint(self) -> str:
        return content_fingerprint(
            question=self.question,
            variants=list(self.variants),
            keywords=list(self.keywords),
            answer=self.answer,
            source_url=self.source_url,
            source_name=self.source_name,
            last_verified=self.last_verified,
        )


def content_fingerprint(
    *, question, variants, keywords, answer, source_url, source_name, last_verified
) -> str:
    """Ten hex digits identifying an entry's text (what an organization may edit)."""
    payload = json.dumps(
        [question, list(variants), list(keywords), answer, source_url, source_name,
         str(last_verified)],
        ensure_ascii=False,
    )  # fmt: skip
    return hashlib.sha256(payload.encode()).hexdigest()[:10]


def shipped_entries(country: str, languages=LANGUAGES) -> list[ShippedEntry]:
    module = COUNTRY_MODULES[country]
    entries = []
    for slug, spec in module.ENTRIES.items():
        for language in languages:
            text = spec[language]
            entries.append(
                ShippedEntry(
                    country=country,
                    language=language,
                    slug=slug,
                    question=text["question"],
                    variants=tuple(text["variants"]),
                    keywords=tuple(text["keywords"]),
                    answer=text["answer"],
                    source_url=spec["source_url"],
                    source_name=spec["source_name"],
                    last_verified=spec.get("last_verified", module.LAST_VERIFIED),
                )
            )
    return entries


def official_site(country: str) -> str:
    """The country's official information site, named when the assistant does not know."""
    module = COUNTRY_MODULES.get(country)
    return module.OFFICIAL_SITE if module else ""
