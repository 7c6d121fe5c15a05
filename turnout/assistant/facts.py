"""Deterministic facts the assistant computes instead of writing them: registration
deadlines by each country's rule, days left, polling stations by address or commune, and the
filling of an entry's ``{placeholders}``.

Registration deadline rules (checked 2026-11-24, see docs/decisions/0082):

- **France** (Code électoral L17, R5): a request to be put on the electoral roll must be made
  by the **6th Friday before the election day** at the town hall or by post, and by the
  **6th Wednesday before** online (service-public.fr). ``registration_deadline`` returns the
  Friday (the legal rule); ``online_registration_deadline`` the Wednesday.
- **Germany** (Bundeswahlordnung §§ 16-18): everyone registered as a resident on the 42nd day
  before the election is entered automatically; whoever must apply (Germans abroad, people
  not registered as residents, a move after that day) applies **by the 21st day before the
  election**. ``registration_deadline`` returns that 21st day.
- **Austria** (NRWO § 1): whoever is on a municipality's register of voters on the
  **reference day (Stichtag)** may vote. The Stichtag is not a fixed distance from election
  day: the government sets it in each election's announcement. So it is entered on the
  election (``Election.registration_deadline``); when it is empty, the deadline is unknown
  and the assistant says the rule without a date rather than guess one.

A date entered on the election always wins over the rule.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, time, timedelta

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from turnout.canvassing.models import AddressPoint, PollingStation

FRIDAY, WEDNESDAY = 4, 2


def weekday_before(day: date, weekday: int, nth: int) -> date:
    """The ``nth`` ``weekday`` (Monday=0) strictly before ``day``: the 1st Friday before a
    Sunday is the day before yesterday."""
    back = (day.weekday() - weekday) % 7 or 7
    return day - timedelta(days=back + 7 * (nth - 1))


def registration_deadline(election) -> date | None:
    """The last day to register for ``election`` (see the module's rules), or None."""
    if election is None:
        return None
    if election.registration_deadline:
        return election.registration_deadline
    if election.country == "FR":
        return weekday_before(election.date, FRIDAY, 6)
    if election.country == "DE":
        return election.date - timedelta(days=21)
    return None  # Austria (Stichtag set per election) and countries without a rule


def online_registration_deadline(election) -> date | None:
    """France only: online requests close on the 6th Wednesday before the election."""
    if election is None or election.country != "FR" or election.registration_deadline:
        return None
    return weekday_before(election.date, WEDNESDAY, 6)


def days_left(election, today: date) -> int:
    """Whole days from ``today`` to election day (0 on the day, negative after it)."""
    return (election.date - today).days


# --- Polling stations --------------------------------------------------------------------

_ABBREVIATIONS = {
    "av": "avenue", "ave": "avenue", "bd": "boulevard", "bld": "boulevard", "pl": "place",
    "r": "rue", "ch": "chemin", "imp": "impasse", "rte": "route", "all": "allee",
    "st": "saint", "ste": "sainte", "str": "strasse", "rd": "road",
}  # fmt: skip


def normalize(text: str) -> str:
    """Lowercase, no accents, ß as ss, punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "ss"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"str\.", "strasse ", text)
    text = re.sub(r"strasse\b", " strasse", text)  # "hauptstrasse" ~ "haupt strasse"
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _street_words(text: str) -> str:
    return " ".join(_ABBREVIATIONS.get(w, w) for w in normalize(text).split())


_NUMBER = re.compile(r"\b(\d{1,4})(?:\s*(bis|ter|quater)|([a-z]))?\b")


def split_address(address: str) -> tuple[str, str]:
    """``"12 bis, rue de Siam 29200 Brest"`` -> (``"12bis"``, ``"rue de siam"``): the number
    and the street; what follows (postal code, city, another comma part) is dropped. The
    German order (``Hauptstr. 5``) works too."""
    parts = [part for part in address.split(",") if part.strip()]
    if not parts:
        return "", ""
    main = parts[0]
    if len(parts) > 1 and re.fullmatch(r"\d{1,4}( ?(bis|ter)|[a-z])?", normalize(parts[0])):
        main = f"{parts[0]} {parts[1]}"  # "12, rue de Siam"
    text = re.sub(r"\b\d{5}\b.*$", "", normalize(main)).strip()  # postal code and city
    number = ""
    match = _NUMBER.search(text)
    if match:
        number = match.group(1) + (match.group(2) or match.group(3) or "")
        text = f"{text[: match.start()]} {text[match.end() :]}".strip()
    return number, _street_words(text)


def polling_station_lookup(
    *, organization, address: str = "", commune: str = ""
) -> list[PollingStation]:
    """The polling stations for an address (street and number matched, typos and accents
    forgiven, against the imported addresses) or for a commune (INSEE code or name). An
    address that matches nothing gives []; a street without a number may give several."""
    from rapidfuzz import fuzz

    if address.strip():
        number, street = split_address(address)
        if not street:
            return []
        points = AddressPoint.objects.filter(organization=organization, station__isnull=False)
        if number:
            head = re.match(r"\d+", number).group(0)
            points = points.filter(number__istartswith=head)
        else:
            longest = max(street.split(), key=len)
            points = points.filter(street__icontains=longest[-4:])
        best: dict[int, int] = {}
        for point_number, point_street, station_id in points.values_list(
            "number", "street", "station_id"
        )[:20000]:
            if number and normalize(point_number).replace(" ", "") != number:
                continue
            known = _street_words(point_street)
            # The question may go on after the street ("rue de Siam à Brest").
            score = max(fuzz.ratio(known, street), fuzz.ratio(known, street[: len(known)]))
            if score >= 88:
                best[station_id] = max(best.get(station_id, 0), score)
        if not best:
            return []
        top = max(best.values())
        ids = [sid for sid, score in best.items() if score == top]
        return list(PollingStation.objects.filter(organization=organization, pk__in=ids))
    if commune.strip():
        wanted = normalize(commune)
        stations = PollingStation.objects.filter(organization=organization)
        if wanted.isdigit():
            return list(stations.filter(commune_code=commune.strip()))
        codes = {
            code
            for code, name in stations.values_list("commune_code", "commune_name").distinct()
            if name and normalize(name) == wanted
        }
        return list(stations.filter(commune_code__in=codes))
    return []


def station_text(station: PollingStation) -> str:
    label = gettext("%(commune)s, polling station %(number)s") % {
        "commune": station.commune_name or station.commune_code,
        "number": station.number,
    }
    details = ", ".join(part for part in (station.name, station.place) if part)
    return f"{label} ({details})" if details else label


# --- Placeholders ------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")

_DATE_FORMATS = {"fr": "l j F Y", "en": "l j F Y", "de": "l, j. F Y"}


def format_day(day: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, _DATE_FORMATS.get(language, "j F Y"))


def format_time(moment: time, language: str) -> str:
    if language == "fr":
        return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")
    if language == "de":
        return f"{moment.hour}:{moment.minute:02d} Uhr"
    suffix = "am" if moment.hour < 12 else "pm"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"


def days_phrase(days: int, language: str) -> str:
    """ "today", "tomorrow" or "in 12 days", in ``language``, for the ``{days_left}`` fact."""
    with translation.override(language):
        if days == 0:
            return gettext("today")
        if days == 1:
            return gettext("tomorrow")
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}


def fact_values(*, election, language: str, today: date, stations=()) -> dict[str, str]:
    """The known placeholder values; an unknown fact is simply absent."""
    values: dict[str, str] = {}
    if election is not None:
        values["election_name"] = election.name_text(language) or election.slug
        values["election_date"] = format_day(election.date, language)
        left = days_left(election, today)
        if left >= 0:
            values["days_left"] = days_phrase(left, language)
        deadline = registration_deadline(election)
        if deadline is not None:
            values["registration_deadline"] = format_day(deadline, language)
            if deadline >= today:
                values["deadline_days_left"] = str((deadline - today).days)
        online = online_registration_deadline(election)
        if online is not None:
            values["online_deadline"] = format_day(online, language)
        if election.polls_open and election.polls_close:
            values["polls_open"] = format_time(election.polls_open, language)
            values["polls_close"] = format_time(election.polls_close, language)
        if election.official_site:
            values["official_site"] = election.official_site
    if stations:
        with translation.override(language):
            values["polling_station"] = "; ".join(station_text(s) for s in stations)
    return values


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``{placeholders}``. A part in square brackets is kept only when every
    placeholder in it is known; outside brackets, a sentence with an unknown placeholder is
    left out. The result never shows "{...}"."""

    def optional(match):
        inner = match.group(1)
        if all(name in values for name in PLACEHOLDER.findall(inner)):
            return PLACEHOLDER.sub(lambda m: values[m.group(1)], inner)
        return ""

    text = _OPTIONAL.sub(optional, template)
    kept = []
    for sentence in _SENTENCE.split(text):
        if all(name in values for name in PLACEHOLDER.findall(sentence)):
            kept.append(PLACEHOLDER.sub(lambda m: values[m.group(1)], sentence))
    return re.sub(r"\s{2,}", " ", " ".join(kept)).strip()
