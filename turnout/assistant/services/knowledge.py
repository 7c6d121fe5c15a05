"""Writes to the knowledge base: installing the shipped entries into an organization's own
knowledge base."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record

from ..models import SHIPPED_COUNTRIES, Entry
from ..shipped import LANGUAGES, SHIPPED_VERSION, content_fingerprint, shipped_entries


@dataclass
class InstallReport:
    """What an install did, as ``"FR/fr/proxy-vote"`` keys."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by the organization: left alone
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "kept": self.kept,
            "unchanged": self.unchanged,
        }


def entry_fingerprint(entry: Entry) -> str:
    return content_fingerprint(
        question=entry.question,
        variants=entry.variants,
        keywords=entry.keywords,
        answer=entry.answer,
        source_url=entry.source_url,
        source_name=entry.source_name,
        last_verified=entry.last_verified,
    )


def entry_is_untouched(entry: Entry) -> bool:
    """True when the entry still holds exactly the shipped text it was given."""
    version, _sep, fingerprint = entry.shipped_version.partition(":")
    return bool(version and fingerprint) and fingerprint == entry_fingerprint(entry)


@transaction.atomic
def knowledge_base_install(
    *, organization, country: str, languages=LANGUAGES, actor=None
) -> InstallReport:
    """Copy the shipped entries of ``country`` in ``languages`` into the organization's
    general knowledge base (entries without an election). Idempotent: a missing entry is
    created, a copy nobody edited is refreshed to the current shipped text, an entry the
    organization edited (or wrote itself with the same slug) is kept as it is."""
    if country not in SHIPPED_COUNTRIES:
        raise ValueError(_("No knowledge base is shipped for this country."))
    languages = [language for language in languages if language in LANGUAGES]
    report = InstallReport()
    existing = {
        (entry.language, entry.slug): entry
        for entry in Entry.objects.select_for_update().filter(
            organization=organization, country=country, election__isnull=True,
            language__in=languages,
        )
    }  # fmt: skip
    for shipped in shipped_entries(country, languages):
        key = f"{country}/{shipped.language}/{shipped.slug}"
        fingerprint = shipped.fingerprint()
        stamp = f"{SHIPPED_VERSION}:{fingerprint}"
        entry = existing.get((shipped.language, shipped.slug))
        if entry is None:
            Entry.objects.create(
                organization=organization,
                country=country,
                language=shipped.language,
                slug=shipped.slug,
                question=shipped.question,
                variants=list(shipped.variants),
                keywords=list(shipped.keywords),
                answer=shipped.answer,
                source_url=shipped.source_url,
                source_name=shipped.source_name,
                last_verified=shipped.last_verified,
                status=Entry.Status.PUBLISHED,
                shipped_version=stamp,
            )
            report.created.append(key)
        elif not entry_is_untouched(entry):
            report.kept.append(key)
        elif entry.shipped_version == stamp:
            report.unchanged.append(key)
        else:
            entry.question = shipped.question
            entry.variants = list(shipped.variants)
            entry.keywords = list(shipped.keywords)
            entry.answer = shipped.answer
            entry.source_url = shipped.source_url
            entry.source_name = shipped.source_name
            entry.last_verified = shipped.last_verified
            entry.shipped_version = stamp
            entry.save()
            report.updated.append(key)
    if report.changed:
        audit_record(
            organization=organization,
            actor=actor,
            action="assistant.knowledge_base_install",
            data={
                "country": country,
                "languages": languages,
                "version": SHIPPED_VERSION,
                "created": len(report.created),
                "updated": len(report.updated),
                "kept": len(report.kept),
            },
        )
    return report
