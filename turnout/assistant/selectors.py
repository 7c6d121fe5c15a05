"""Reads of the assistant's workspace: the home figures (coverage grid of the knowledge base,
inbox count, last week's questions), the filtered entry list, the inbox, conversations and
channels. Every lookup of an id from a request is scoped to the organization (404 otherwise)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    REQUIRED_SLUGS,
    SHIPPED_COUNTRIES,
    ChannelAccount,
    Conversation,
    Election,
    Entry,
    InboxQuestion,
    Turn,
)

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def stale_after_days() -> int:
    """An entry verified longer ago than this many days is stale (setting
    ``TURNOUT_ASSISTANT_STALE_DAYS``, 90 by default)."""
    return int(getattr(settings, "TURNOUT_ASSISTANT_STALE_DAYS", 90))


def stale_before(today: date | None = None) -> date:
    return (today or timezone.localdate()) - timedelta(days=stale_after_days())


# --- Entry states -----------------------------------------------------------------------------

#: States of a required slug in one country x language, best first.
STATES = ("present", "stale", "expired", "draft", "missing")


def entry_state(entry: Entry, today: date | None = None) -> str:
    """present / stale / expired / draft / archived, as the coverage grid and lists show it."""
    today = today or timezone.localdate()
    if entry.status == Entry.Status.ARCHIVED:
        return "archived"
    if entry.status == Entry.Status.DRAFT:
        return "draft"
    if entry.valid_until is not None and entry.valid_until < today:
        return "expired"
    if entry.last_verified < stale_before(today):
        return "stale"
    return "present"


def _stale_q(today: date) -> Q:
    return Q(last_verified__lt=stale_before(today)) | Q(valid_until__lt=today)


@dataclass
class CoverageRow:
    country: str
    language: str
    cells: list[tuple[str, str]]  # (slug, state)
    counts: dict = field(default_factory=dict)


def coverage_countries(*, organization) -> list[str]:
    """The countries the organization works in: the shipped ones it has entries for, its own
    country, those of its elections and entries (shipped countries first)."""
    found = set(Entry.objects.filter(organization=organization).values_list("country", flat=True))
    found |= set(
        Election.objects.filter(organization=organization).values_list("country", flat=True)
    )
    if getattr(organization, "country", ""):
        found.add(organization.country)
    if not found:
        found = set(SHIPPED_COUNTRIES)
    return [c for c in SHIPPED_COUNTRIES if c in found] + sorted(found - set(SHIPPED_COUNTRIES))


def coverage_grid(*, organization, today: date | None = None) -> list[CoverageRow]:
    """One row per country x language: the state of every required slug (the best of the
    entries holding it, general or for an election)."""
    today = today or timezone.localdate()
    countries = coverage_countries(organization=organization)
    best: dict[tuple[str, str, str], str] = {}
    rank = {state: i for i, state in enumerate(STATES)}
    rows = (
        Entry.objects.filter(
            organization=organization, country__in=countries, slug__in=REQUIRED_SLUGS
        )
        .exclude(status=Entry.Status.ARCHIVED)
        .only("country", "language", "slug", "status", "valid_until", "last_verified")
    )
    for entry in rows:
        key = (entry.country, entry.language, entry.slug)
        state = entry_state(entry, today)
        if key not in best or rank[state] < rank[best[key]]:
            best[key] = state
    grid = []
    for country in countries:
        for language in LANGUAGE_CODES:
            cells = [
                (slug, best.get((country, language, slug), "missing")) for slug in REQUIRED_SLUGS
            ]
            counts = {state: 0 for state in STATES}
            for _slug, state in cells:
                counts[state] += 1
            grid.append(CoverageRow(country, language, cells, counts))
    return grid


# --- Home -------------------------------------------------------------------------------------


def open_inbox_count(*, organization) -> int:
    return InboxQuestion.objects.filter(
        organization=organization, status=InboxQuestion.Status.OPEN
    ).count()


def stale_entry_count(*, organization, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (
        Entry.objects.filter(organization=organization, status=Entry.Status.PUBLISHED)
        .filter(_stale_q(today))
        .count()
    )


ANSWERED_OUTCOMES = (Turn.Outcome.ANSWERED, Turn.Outcome.FACT)


def questions_by_day(*, organization, days: int = 7, today: date | None = None) -> list[dict]:
    """The last ``days`` days (today included): questions answered and not known, per day
    (commands and refused messages are not questions)."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days - 1)
    zone = timezone.get_current_timezone()
    since = timezone.make_aware(
        timezone.datetime.combine(start, timezone.datetime.min.time()), zone
    )
    out = {start + timedelta(days=i): {"answered": 0, "unknown": 0} for i in range(days)}
    rows = Turn.objects.filter(
        organization=organization,
        created_at__gte=since,
        outcome__in=(*ANSWERED_OUTCOMES, Turn.Outcome.UNKNOWN),
    ).values_list("created_at", "outcome")
    for created_at, outcome in rows:
        day = timezone.localtime(created_at, zone).date()
        if day in out:
            out[day]["unknown" if outcome == Turn.Outcome.UNKNOWN else "answered"] += 1
    return [{"day": day, **counts} for day, counts in out.items()]


def elections_for(*, organization) -> QuerySet[Election]:
    return Election.objects.filter(organization=organization).order_by("date", "id")


def upcoming_elections(*, organization, today: date | None = None) -> list[Election]:
    today = today or timezone.localdate()
    return list(
        Election.objects.filter(organization=organization)
        .filter(Q(date__gte=today) | Q(second_round_date__gte=today))
        .order_by("date", "id")[:10]
    )


def election_get(*, organization, election_id: int) -> Election:
    return get_object_or_404(Election, organization=organization, pk=election_id)


def channels_for(*, organization) -> list[ChannelAccount]:
    return list(
        ChannelAccount.objects.filter(organization=organization)
        .select_related("election")
        .annotate(conversation_count=Count("conversations"))
        .order_by("-active", "channel", "id")
    )


def channel_get(*, organization, account_id: int) -> ChannelAccount:
    return get_object_or_404(
        ChannelAccount.objects.select_related("election"), organization=organization, pk=account_id
    )


# --- Knowledge base ---------------------------------------------------------------------------


@dataclass
class EntryFilters:
    country: str = ""
    language: str = ""
    election: str = ""  # an election id, "general" (no election) or ""
    status: str = ""  # draft / published / archived, "" = draft and published
    staleness: str = ""  # "stale", "expired", "fresh" or ""
    q: str = ""


def entries_list(*, organization, filters: EntryFilters, today: date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    rows = Entry.objects.filter(organization=organization).select_related("election", "owner")
    if filters.country:
        rows = rows.filter(country=filters.country)
    if filters.language:
        rows = rows.filter(language=filters.language)
    if filters.election == "general":
        rows = rows.filter(election__isnull=True)
    elif filters.election.isdigit():
        rows = rows.filter(election_id=int(filters.election))
    if filters.status:
        rows = rows.filter(status=filters.status)
    else:
        rows = rows.exclude(status=Entry.Status.ARCHIVED)
    if filters.staleness == "stale":
        rows = rows.filter(last_verified__lt=stale_before(today))
    elif filters.staleness == "expired":
        rows = rows.filter(valid_until__lt=today)
    elif filters.staleness == "fresh":
        rows = rows.filter(last_verified__gte=stale_before(today)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
    if filters.q:
        words = filters.q.split()[:6]
        for word in words:
            rows = rows.filter(
                Q(slug__icontains=word)
                | Q(question__icontains=word)
                | Q(answer__icontains=word)
                | Q(variants__icontains=word)
                | Q(keywords__icontains=word)
            )
    return rows.order_by("country", "language", "slug", "id")


def entry_get(*, organization, entry_id: int) -> Entry:
    return get_object_or_404(
        Entry.objects.select_related("election", "owner"), organization=organization, pk=entry_id
    )


def entry_siblings(*, entry: Entry) -> dict[str, Entry | None]:
    """The same slug, country and election in every language: {language: entry or None}."""
    rows = Entry.objects.filter(
        organization_id=entry.organization_id,
        country=entry.country,
        slug=entry.slug,
        election_id=entry.election_id,
    ).select_related("owner")
    found = {row.language: row for row in rows}
    return {language: found.get(language) for language in LANGUAGE_CODES}


def entry_answers_count(*, entry: Entry) -> int:
    return Turn.objects.filter(organization_id=entry.organization_id, entry=entry).count()


# --- Inbox ------------------------------------------------------------------------------------


def inbox_list(*, organization, status: str = InboxQuestion.Status.OPEN) -> QuerySet:
    rows = InboxQuestion.objects.filter(organization=organization).select_related(
        "conversation", "conversation__account", "election", "answered_by", "entry"
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def inbox_get(*, organization, question_id: int) -> InboxQuestion:
    return get_object_or_404(
        InboxQuestion.objects.select_related(
            "conversation", "conversation__account", "conversation__person", "election", "entry"
        ),
        organization=organization,
        pk=question_id,
    )


def conversation_excerpt(*, question: InboxQuestion, size: int = 4) -> list[Turn]:
    """The last turns of the conversation up to the question (oldest first)."""
    if question.conversation_id is None:
        return []
    turns = Turn.objects.filter(
        organization_id=question.organization_id, conversation_id=question.conversation_id
    )
    if question.turn_id is not None:
        turns = turns.filter(id__lte=question.turn_id)
    return list(reversed(turns.select_related("entry").order_by("-id")[:size]))


# --- Conversations ----------------------------------------------------------------------------


def conversations_list(*, organization, channel: str = "", language: str = "") -> QuerySet:
    rows = Conversation.objects.filter(organization=organization).select_related("account")
    if channel:
        rows = rows.filter(channel=channel)
    if language:
        rows = rows.filter(language=language)
    return rows.annotate(
        turn_count=Count("turns"),
        answered_count=Count("turns", filter=Q(turns__outcome__in=ANSWERED_OUTCOMES)),
        unknown_count=Count("turns", filter=Q(turns__outcome=Turn.Outcome.UNKNOWN)),
        rejected_count=Count("turns", filter=Q(turns__outcome=Turn.Outcome.REJECTED)),
    ).order_by("-last_message_at", "-id")


def conversation_get(*, organization, conversation_id: int) -> Conversation:
    return get_object_or_404(
        Conversation.objects.select_related("account", "person", "election"),
        organization=organization,
        pk=conversation_id,
    )


def conversation_turns(*, conversation: Conversation) -> list[Turn]:
    return list(
        Turn.objects.filter(organization_id=conversation.organization_id, conversation=conversation)
        .select_related("entry")
        .order_by("created_at", "id")
    )


# --- Test console -----------------------------------------------------------------------------


@dataclass
class ConsoleResult:
    answer: object | None = None  # answering.Answer
    rejected: str = ""  # the message of a refused question
    runner_ups: list = field(default_factory=list)  # [(entry, score)]


def console_run(*, organization, question: str, language: str, country: str, election=None):
    """What the assistant would answer, without recording anything."""
    from .answering import answer
    from .exceptions import QuestionRejected

    try:
        result = answer(
            organization=organization,
            question=question,
            language=language,
            country=country,
            election=election,
        )
    except QuestionRejected as exc:
        return ConsoleResult(rejected=str(getattr(exc, "message", exc)))
    return ConsoleResult(
        answer=result,
        runner_ups=runner_ups(
            organization=organization,
            question=question,
            language=language,
            country=country,
            election=election,
            best=result.entry,
        ),
    )


def runner_ups(*, organization, question, language, country, election, best, size: int = 3):
    """The next best entries after the one chosen (or the best ones when none was good
    enough), with their scores: [(entry, confidence)]."""
    from .retrieval import index_for

    index = index_for(organization=organization, country=country, language=language)
    matches = index.search(
        question,
        election_id=election.pk if election is not None else None,
        today=timezone.localdate(),
    )
    best_slug = best.slug if best is not None else None
    return [(m.entry, m.confidence) for m in matches if m.slug != best_slug][:size]
