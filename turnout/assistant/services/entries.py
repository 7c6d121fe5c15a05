"""The organizers' writes on the knowledge base: save an entry (checked placeholders, https
source, valid period), mark it verified today, archive it (with undo) instead of deleting it.

An entry that came from the shipped knowledge base keeps its ``shipped_version``: the
installer compares its text with the shipped one to know that the organization edited it and
must keep it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from turnout.assistant.models import Election, Entry, InboxQuestion
from turnout.core.audit import audit_record

from .elections import Refused

#: The ``{placeholders}`` an answer may hold, filled by the deterministic helpers
#: (assistant.facts.fact_values), with what each one becomes (shown next to the editor). A
#: sentence whose placeholder is unknown (no election chosen) is left out of the answer; a
#: part in [square brackets] is kept only when its placeholders are known.
PLACEHOLDERS = {
    "election_name": _lazy("the election's name"),
    "election_date": _lazy("the election day"),
    "registration_deadline": _lazy("the registration deadline (set or computed)"),
    "days_left": _lazy("the number of days until the election"),
    "deadline_days_left": _lazy("the number of days left to register"),
    "online_deadline": _lazy("France: the last day to register online"),
    "polling_station": _lazy("the person's polling station, when they gave their address"),
    "polls_open": _lazy("when the polls open"),
    "polls_close": _lazy("when the polls close"),
    "official_site": _lazy("the official information site"),
}

_BRACES = re.compile(r"\{([^{}]*)\}")


def placeholder_problems(text: str) -> list[str]:
    """The wrong ``{placeholders}`` of an answer: unknown names, and stray braces as "{" or
    "}" (an empty list when the text is fine)."""
    problems = [name for name in _BRACES.findall(text) if name not in PLACEHOLDERS]
    rest = _BRACES.sub("", text)
    for brace in "{}":
        if brace in rest:
            problems.append(brace)
    return problems


@dataclass
class EntryData:
    country: str
    language: str
    slug: str
    question: str
    answer: str
    source_url: str
    last_verified: date
    election: Election | None = None
    variants: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    source_name: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    owner: object | None = None
    status: str = Entry.Status.PUBLISHED


def _check(data: EntryData, organization) -> None:
    problems = placeholder_problems(data.answer)
    if problems:
        names = ", ".join(p if p in "{}" else "{" + p + "}" for p in problems)
        raise Refused(
            _("Unknown placeholder or stray brace: %(names)s. Use only the ones listed.")
            % {"names": names},
            "answer",
        )
    if not data.source_url.startswith("https://"):
        raise Refused(_("The official source must be an https:// address."), "source_url")
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        raise Refused(_("“Valid until” must not be before “valid from”."), "valid_until")
    if data.last_verified > timezone.localdate():
        raise Refused(_("The verification date cannot be in the future."), "last_verified")
    if data.election is not None and data.election.organization_id != organization.pk:
        raise Refused(_("Choose one of your elections."), "election")
    if data.election is not None and data.election.country != data.country:
        raise Refused(_("This election is in another country than the entry."), "election")
    if data.status not in (Entry.Status.DRAFT, Entry.Status.PUBLISHED):
        raise Refused(_("Choose draft or published."), "status")


def _clean_lines(values) -> list[str]:
    out: list[str] = []
    for value in values:
        value = " ".join(str(value).split())
        if value and value not in out:
            out.append(value)
    return out


@transaction.atomic
def entry_save(
    *,
    organization,
    actor,
    data: EntryData,
    entry: Entry | None = None,
    inbox_question: InboxQuestion | None = None,
) -> Entry:
    """Create (``entry`` None) or change an entry. ``inbox_question``: the inbox question it
    was made from, which then points to the new entry."""
    _check(data, organization)
    created = entry is None
    if created:
        entry = Entry(organization=organization)
    for name in (
        "country",
        "language",
        "slug",
        "election",
        "question",
        "answer",
        "source_url",
        "source_name",
        "valid_from",
        "valid_until",
        "last_verified",
        "owner",
        "status",
    ):
        setattr(entry, name, getattr(data, name))
    entry.question = entry.question.strip()
    entry.answer = entry.answer.strip()
    entry.variants = _clean_lines(data.variants)
    entry.keywords = _clean_lines(data.keywords)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise Refused(
            _(
                "There is already an entry with this stable name for this country, language "
                "and election: change that one instead."
            ),
            "slug",
        ) from exc
    audit_record(
        organization=organization,
        actor=actor,
        action="assistant.entry_created" if created else "assistant.entry_updated",
        target=entry,
        data={"status": entry.status, "inbox_question": getattr(inbox_question, "pk", None)},
    )
    if inbox_question is not None:
        InboxQuestion.objects.filter(pk=inbox_question.pk, organization=organization).update(
            entry=entry
        )
    return entry


@transaction.atomic
def entry_verify(*, entry: Entry, actor, today: date | None = None) -> Entry:
    """The organizer checked the entry against its source today."""
    entry.last_verified = today or timezone.localdate()
    entry.save(update_fields=["last_verified", "updated_at"])
    audit_record(
        organization=entry.organization,
        actor=actor,
        action="assistant.entry_verified",
        target=entry,
        data={"on": entry.last_verified.isoformat()},
    )
    return entry


@transaction.atomic
def entry_archive(*, entry: Entry, actor) -> str:
    """Archive the entry (the assistant stops using it); returns the status it had, for the
    undo."""
    previous = entry.status
    if previous == Entry.Status.ARCHIVED:
        return previous
    entry.status = Entry.Status.ARCHIVED
    entry.save(update_fields=["status", "updated_at"])
    audit_record(
        organization=entry.organization,
        actor=actor,
        action="assistant.entry_archived",
        target=entry,
        data={"previous": previous},
    )
    return previous


@transaction.atomic
def entry_restore(*, entry: Entry, actor, status: str = Entry.Status.PUBLISHED) -> Entry:
    """Undo an archive: the entry gets back ``status`` (draft or published)."""
    if status not in (Entry.Status.DRAFT, Entry.Status.PUBLISHED):
        status = Entry.Status.DRAFT
    if entry.status != Entry.Status.ARCHIVED:
        return entry
    entry.status = status
    entry.save(update_fields=["status", "updated_at"])
    audit_record(
        organization=entry.organization,
        actor=actor,
        action="assistant.entry_restored",
        target=entry,
        data={"status": status},
    )
    return entry
