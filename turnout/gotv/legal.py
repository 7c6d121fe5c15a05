"""Per-country notes on incentives tied to voting, shown on the offer editor and on the public
claim page of an offer in that country. They state the rule and what it means for a perk, with
the official source; they are not legal advice."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class LegalNote:
    country: str
    law: str  # the provision's name, in the country's language
    text: str
    source_url: str


NOTES = {
    "FR": LegalNote(
        country="FR",
        law="Code électoral, article L106",
        text=_(
            "In France, article L106 of the electoral code punishes gifts, favours or promises "
            "made to obtain someone's vote or to make them abstain, and also the voter who "
            "accepts them. A perk must therefore be offered to every voter alike, whatever "
            "their vote, and must not reward voting: a free ride to the polling station is "
            "offered to anyone who asks, with no condition on who they vote for and no proof "
            "of having voted."
        ),
        source_url="https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006353253",
    ),
    "DE": LegalNote(
        country="DE",
        law="Strafgesetzbuch § 108b (Wählerbestechung)",
        text=_(
            "In Germany, section 108b of the Criminal Code (bribery of voters) punishes "
            "offering, promising or granting gifts or other advantages to someone so that "
            "they do not vote or vote in a certain way, and also the voter who asks for or "
            "accepts them. A perk must therefore be open to every voter alike, whatever their "
            "vote, and must not be a reward for voting; a free ride to the polling station is "
            "offered to anyone who asks."
        ),
        source_url="https://www.gesetze-im-internet.de/stgb/__108b.html",
    ),
    "AT": LegalNote(
        country="AT",
        law="Strafgesetzbuch § 265 (Bestechung bei einer Wahl oder Volksabstimmung)",
        text=_(
            "In Austria, section 265 of the Criminal Code (bribery at an election or "
            "referendum) punishes offering, promising or granting an advantage to someone for "
            "voting or not voting, or for voting in a certain way, and also the voter who "
            "accepts it. A perk must therefore be open to every voter alike, whatever their "
            "vote, and must not be a reward for voting; a free ride to the polling station is "
            "offered to anyone who asks."
        ),
        source_url=(
            "https://www.ris.bka.gv.at/NormDokument.wxe?Abfrage=Bundesnormen"
            "&Gesetzesnummer=10002296&Paragraf=265"
        ),
    ),
}


def legal_note(country: str) -> LegalNote | None:
    """The note for an offer's country, None where Turnout ships none."""
    return NOTES.get((country or "").upper())
