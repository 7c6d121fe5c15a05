"""Reminder texts: the defaults in French, English and German, the placeholders filled per
person, the checks made when a program is saved, and the preview.

A text may use the placeholders below and the messaging module's variables
(``{first_name|}``, ``{organization}``...); the placeholders are filled here, the variables by
``messaging.single.message_queue_one``. Braces in filled values are escaped, so a polling
station named "{x}" cannot become a variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from turnout.messaging.templating import TemplateError, template_check

from .models import ReminderKind

PLACEHOLDERS = {
    "election": gettext_lazy("the election's name"),
    "election_day": gettext_lazy("the day of the vote"),
    "polling_station": gettext_lazy("the person's polling station (or “see your voter card”)"),
    "polls_open": gettext_lazy("when the polls open"),
    "polls_close": gettext_lazy("when the polls close"),
}
_PLACEHOLDER = re.compile(r"(?<!\{)\{(" + "|".join(PLACEHOLDERS) + r")\}(?!\})")

DEFAULT_TEXTS = {
    ReminderKind.EVE: {
        "fr": {
            "subject": "Demain, on vote : {election}",
            "body": (
                "Bonjour {first_name|}, demain {election_day}, c'est {election}. "
                "Votre bureau de vote : {polling_station}. Ouvert de {polls_open} à "
                "{polls_close}. N'oubliez pas une pièce d'identité."
            ),
        },
        "en": {
            "subject": "Tomorrow we vote: {election}",
            "body": (
                "Hello {first_name|}, tomorrow {election_day} is {election}. Your polling "
                "station: {polling_station}. Open from {polls_open} to {polls_close}. Remember "
                "to bring an ID."
            ),
        },
        "de": {
            "subject": "Morgen wird gewählt: {election}",
            "body": (
                "Hallo {first_name|}, morgen, {election_day}, ist {election}. Ihr Wahllokal: "
                "{polling_station}. Geöffnet von {polls_open} bis {polls_close}. Denken Sie an "
                "Ihren Ausweis."
            ),
        },
    },
    ReminderKind.DAY: {
        "fr": {
            "subject": "C'est aujourd'hui : {election}",
            "body": (
                "C'est aujourd'hui ! Votre bureau de vote : {polling_station}. "
                "Ouvert jusqu'à {polls_close}."
            ),
        },
        "en": {
            "subject": "Today is the day: {election}",
            "body": (
                "Today is the day! Your polling station: {polling_station}. Open until "
                "{polls_close}."
            ),
        },
        "de": {
            "subject": "Heute ist Wahltag: {election}",
            "body": (
                "Heute ist Wahltag! Ihr Wahllokal: {polling_station}. Geöffnet bis {polls_close}."
            ),
        },
    },
}


def default_texts(kind: str) -> dict:
    return {lang: dict(part) for lang, part in DEFAULT_TEXTS[kind].items()}


@dataclass(frozen=True)
class Facts:
    """What fills the placeholders for one person, in their language."""

    election: str
    election_day: str
    polling_station: str
    polls_open: str
    polls_close: str


def _time_text(value: time | None, language: str) -> str:
    if value is None:
        with translation.override(language):
            return _("the hours on your voter card")
    with translation.override(language):
        return formats.time_format(value, "TIME_FORMAT")


def facts_for(*, election, day: date, station_text: str, language: str) -> Facts:
    with translation.override(language):
        return Facts(
            election=election.name_text(language) or election.slug,
            election_day=formats.date_format(day, "DATE_FORMAT"),
            polling_station=station_text or _("see your voter card"),
            polls_open=_time_text(election.polls_open, language),
            polls_close=_time_text(election.polls_close, language),
        )


def _escape(value: str) -> str:
    return value.replace("{", "{{").replace("}", "}}")


def fill(text: str, facts: Facts) -> str:
    """The text with the placeholders filled (the messaging variables left for later)."""
    return _PLACEHOLDER.sub(lambda m: _escape(getattr(facts, m.group(1))), text)


def fill_content(content: dict, facts_by_language) -> dict:
    """{language: {"subject", "body"}} with the placeholders filled in each language."""
    out = {}
    for language, part in content.items():
        facts = facts_by_language(language)
        out[language] = {key: fill(value or "", facts) for key, value in (part or {}).items()}
    return out


def text_check(text: str) -> None:
    """Raises TemplateError naming the problem: unknown variable, lone brace..."""
    probe = _PLACEHOLDER.sub("x", text)
    try:
        template_check(probe)
    except TemplateError as exc:
        names = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise TemplateError(
            f"{exc} " + _("Reminder placeholders: %(names)s.") % {"names": names}
        ) from exc
