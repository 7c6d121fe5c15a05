"""The one way the assistant answers: ``answer()``.

Every answer is the text of one of the organization's entries, with the computed facts filled
in (``facts.render``), or the translated "I don't know" text naming the official information
site and offering the hand-off to an organizer. Nothing is written to the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from turnout.organizations.choices import Country

from . import facts, retrieval
from .exceptions import QuestionRejected
from .models import Election, Entry
from .shipped import official_site

MAX_QUESTION_LENGTH = 500
LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)


@dataclass(frozen=True)
class Answer:
    text: str
    slug: str | None
    entry: Entry | None
    sources: list[dict]
    confidence: float
    known: bool
    language: str


def check_question(question, *, language: str, country: str) -> str:
    """The question, stripped, or ``QuestionRejected`` with a message in ``language`` when
    it is supported (in English otherwise)."""
    shown_in = language if language in LANGUAGES else "en"
    with translation.override(shown_in):
        if language not in LANGUAGES:
            raise QuestionRejected("language", gettext("Please ask in French, English or German."))
        if not isinstance(question, str):
            raise QuestionRejected("empty", gettext("Please type a question."))
        if any(
            unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c not in "\n\r\t"
            for c in question
        ):
            raise QuestionRejected(
                "binary", gettext("This message could not be read. Please type your question.")
            )
        text = " ".join(question.split())
        if not text:
            raise QuestionRejected("empty", gettext("Please type a question."))
        if len(text) > MAX_QUESTION_LENGTH:
            raise QuestionRejected(
                "too_long",
                gettext(
                    "Your question is too long. Please ask it in %(limit)s characters or fewer."
                )
                % {"limit": MAX_QUESTION_LENGTH},
            )
        if country not in Country.values:
            raise QuestionRejected(
                "country", gettext("This country is not known to the assistant.")
            )
    return text


def next_election(*, organization, country: str, today: date) -> Election | None:
    """The organization's next election in the country (election day today or later)."""
    return (
        Election.objects.filter(organization=organization, country=country, date__gte=today)
        .order_by("date", "id")
        .first()
    )


def answer(
    *,
    organization,
    question: str,
    language: str,
    country: str,
    election: Election | None = None,
    today: date | None = None,
) -> Answer:
    text = check_question(question, language=language, country=country)
    today = today or timezone.localdate()
    if election is None:
        election = next_election(organization=organization, country=country, today=today)
    if retrieval.is_partisan(text):
        return _unknown(language=language, country=country, election=election, partisan=True)
    # An address or a commune in the question is for the polling-station lookup, not for
    # finding the entry ("where do I vote? 12 rue de Siam").
    address = _ADDRESS.search(facts.normalize(text))
    asked = text
    if address:
        kept = _ADDRESS.sub(" ", facts.normalize(text)).split()
        asked = " ".join(word for word in kept if word not in _ADDRESS_WORDS)
    match = retrieval.best_match(
        organization=organization,
        question=asked,
        country=country,
        language=language,
        election=election,
        today=today,
    )
    commune = None
    if match is None:
        commune = _commune_in(organization=organization, question=asked)
        if commune is not None:
            match = retrieval.best_match(
                organization=organization,
                question=f" {facts.normalize(asked)} ".replace(f" {commune[0]} ", " "),
                country=country,
                language=language,
                election=election,
                today=today,
            )
    if match is None:
        return _unknown(language=language, country=country, election=election)
    entry = match.entry
    stations = []
    if entry.slug == "polling-station":
        if address:
            stations = facts.polling_station_lookup(
                organization=organization, address=address.group(0)
            )
        if not stations:
            commune = commune or _commune_in(organization=organization, question=asked)
            if commune is not None:
                stations = facts.polling_station_lookup(
                    organization=organization, commune=commune[1]
                )
        stations = stations if len(stations) <= 3 else []
    values = facts.fact_values(election=election, language=language, today=today, stations=stations)
    return Answer(
        text=facts.render(entry.answer, values),
        slug=entry.slug,
        entry=entry,
        sources=[
            {
                "url": entry.source_url,
                "name": entry.source_name,
                "last_verified": entry.last_verified.isoformat(),
            }
        ],
        confidence=match.confidence,
        known=True,
        language=language,
    )


def _unknown(*, language: str, country: str, election, partisan: bool = False) -> Answer:
    site = (election.official_site if election is not None else "") or official_site(country)
    with translation.override(language):
        parts = []
        if partisan:
            parts.append(
                gettext(
                    "I only answer practical questions about voting: I never say whom to vote for."
                )
            )
        else:
            parts.append(gettext("I don't know the answer to that question."))
        if site:
            parts.append(
                gettext("You will find official information on %(site)s.") % {"site": site}
            )
        parts.append(gettext("Would you like me to pass your question on to an organizer?"))
    return Answer(
        text=" ".join(parts),
        slug=None,
        entry=None,
        sources=[{"url": site, "name": "", "last_verified": ""}] if site else [],
        confidence=0.0,
        known=False,
        language=language,
    )


_ADDRESS = re.compile(
    r"\d{1,4}\s*(bis|ter)?\s*,?\s*(rue|avenue|av|bd|boulevard|place|pl|chemin|allee|impasse|"
    r"quai|route|cours|square|road|street|st|lane|avenue)\b[a-z0-9 \-]*"
    r"|[a-z]+ ?(strasse|str|gasse|weg|platz|allee|ring|damm)\s*\d{1,4}\s*[a-z]?\b",
)


# Words that introduce an address ("I live at ..."), dropped with it.
_ADDRESS_WORDS = {
    "habite", "jhabite", "habitons", "live", "living", "wohne", "wohnen", "adresse", "address",
    "domicile", "at", "a", "in", "au",
}  # fmt: skip


def _commune_in(*, organization, question: str) -> tuple[str, str] | None:
    """A commune of the organization's polling stations named in the question:
    (normalized name, name)."""
    from turnout.canvassing.models import PollingStation

    padded = f" {facts.normalize(question)} "
    names = (
        PollingStation.objects.filter(organization=organization)
        .exclude(commune_name="")
        .values_list("commune_name", flat=True)
        .distinct()
    )
    for name in names:
        normalized = facts.normalize(name)
        if normalized and f" {normalized} " in padded:
            return normalized, name
    return None
