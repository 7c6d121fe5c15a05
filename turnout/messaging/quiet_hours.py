"""Quiet hours: when a prospection SMS, call or WhatsApp template may be sent (requirement R20).

Pure functions; every function takes the instant to judge (no clock reading). The window is
evaluated in the **recipient's** time zone (:func:`recipient_zone`).

A :class:`QuietHoursPolicy` lists, per weekday, local wall-clock windows ``(start, end)``. A
window whose ``end`` is not after its ``start`` runs past midnight into the next day
(``(22:00, 02:00)``; ``(08:00, 00:00)`` means until midnight; ``(00:00, 00:00)`` is the whole
day). A window belongs to the day it starts on: on a public holiday, the windows that start
that day are dropped (a window that started the evening before still runs to its end).

Wall-clock times become instants by the rule "the instant the wall clock first reaches that
time that day": a time skipped by a DST jump (02:30 on the last Sunday of March in Paris) is
the instant of the jump (03:00 CEST), an ambiguous time (02:30 on the last Sunday of October)
is its first occurrence. :func:`is_allowed` and :func:`next_allowed` are both computed from
the same UTC intervals, so they always agree.

Defaults (see docs/decisions/0036-sms-rules.md):

- :data:`FRANCE_DEFAULT`: SMS Monday-Saturday 08:00-20:00, never on Sundays or French public
  holidays (industry practice and Brevo's rule, the basis is not a statute; R20).
- :data:`FRANCE_CALLS_DEFAULT`: calls Monday-Friday 10:00-13:00 and 14:00-20:00, never on
  public holidays (décret 2022-1313, written for commercial calls, applied by judgement).
- :data:`GERMANY_DEFAULT`, :data:`AUSTRIA_DEFAULT`: the French SMS window with German or
  Austrian public holidays. Neither country sets SMS hours by law (UWG §7 and TKG 2021 §174
  require prior consent instead); the window is a judgement aligned with the French one and
  with the Sunday and holiday rest both countries protect.

Public holidays are computed here (Easter from ``dateutil.easter``): France (national, plus
Alsace-Moselle and the overseas departments' abolition days by subdivision), Germany
(national, plus each Land by subdivision) and Austria (national). Unknown countries have no
holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from dateutil.easter import easter
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from phonenumbers import timezone as phone_timezone

__all__ = [
    "AUSTRIA_DEFAULT",
    "DEFAULT_POLICIES",
    "FRANCE_CALLS_DEFAULT",
    "FRANCE_DEFAULT",
    "GERMANY_DEFAULT",
    "QuietHoursPolicy",
    "Window",
    "allowed_intervals",
    "is_allowed",
    "next_allowed",
    "public_holidays",
    "recipient_zone",
]

UTC = dt.UTC
Window = tuple[dt.time, dt.time]

#: How far :func:`next_allowed` looks ahead before concluding the policy never opens.
_HORIZON_DAYS = 400


@dataclass(frozen=True)
class QuietHoursPolicy:
    """When sending is allowed.

    ``windows`` maps a weekday (0 = Monday ... 6 = Sunday) to its local windows; a weekday not
    listed has none. ``holidays`` is the ISO country code whose public holidays close the day
    (``None``: no holidays), ``holiday_subdivision`` narrows them (``"67"``, ``"974"``,
    ``"BY"``...). ``zone`` is used when the recipient's zone is unknown.
    """

    windows: Mapping[int, Sequence[Window]]
    holidays: str | None = None
    zone: str = "Europe/Paris"
    holiday_subdivision: str | None = None
    label: str | Promise = field(default="", compare=False)

    def __post_init__(self) -> None:
        for weekday in self.windows:
            if weekday not in range(7):
                raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}")
        ZoneInfo(self.zone)  # fails early on a misspelt zone


_MON_SAT = range(6)
_SMS_WINDOW: tuple[Window, ...] = ((dt.time(8), dt.time(20)),)

FRANCE_DEFAULT = QuietHoursPolicy(
    windows=dict.fromkeys(_MON_SAT, _SMS_WINDOW),
    holidays="FR",
    zone="Europe/Paris",
    label=_("France: Monday to Saturday 08:00–20:00, not on Sundays or public holidays"),
)
FRANCE_CALLS_DEFAULT = QuietHoursPolicy(
    windows=dict.fromkeys(range(5), ((dt.time(10), dt.time(13)), (dt.time(14), dt.time(20)))),
    holidays="FR",
    zone="Europe/Paris",
    label=_("France, calls: Monday to Friday 10:00–13:00 and 14:00–20:00, not on public holidays"),
)
GERMANY_DEFAULT = QuietHoursPolicy(
    windows=dict.fromkeys(_MON_SAT, _SMS_WINDOW),
    holidays="DE",
    zone="Europe/Berlin",
    label=_("Germany: Monday to Saturday 08:00–20:00, not on Sundays or public holidays"),
)
AUSTRIA_DEFAULT = QuietHoursPolicy(
    windows=dict.fromkeys(_MON_SAT, _SMS_WINDOW),
    holidays="AT",
    zone="Europe/Vienna",
    label=_("Austria: Monday to Saturday 08:00–20:00, not on Sundays or public holidays"),
)

#: The SMS default for an organization's country.
DEFAULT_POLICIES: Mapping[str, QuietHoursPolicy] = {
    "FR": FRANCE_DEFAULT,
    "DE": GERMANY_DEFAULT,
    "AT": AUSTRIA_DEFAULT,
}


# ---- public holidays -----------------------------------------------------------------------

_DE_LAENDER = frozenset(
    ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"]
)  # fmt: skip


def _french_holidays(year: int, subdivision: str | None) -> set[dt.date]:
    e = easter(year)
    days = {
        dt.date(year, 1, 1),
        e + dt.timedelta(days=1),  # lundi de Pâques
        dt.date(year, 5, 1),
        dt.date(year, 5, 8),
        e + dt.timedelta(days=39),  # Ascension
        e + dt.timedelta(days=50),  # lundi de Pentecôte
        dt.date(year, 7, 14),
        dt.date(year, 8, 15),
        dt.date(year, 11, 1),
        dt.date(year, 11, 11),
        dt.date(year, 12, 25),
    }
    if subdivision in ("57", "67", "68"):  # Alsace-Moselle
        days |= {e - dt.timedelta(days=2), dt.date(year, 12, 26)}
    abolition = {"971": (5, 27), "972": (5, 22), "973": (6, 10), "974": (12, 20), "976": (4, 27)}
    if subdivision in abolition:
        days.add(dt.date(year, *abolition[subdivision]))
    return days


def _german_holidays(year: int, land: str | None) -> set[dt.date]:
    e = easter(year)
    days = {
        dt.date(year, 1, 1),
        e - dt.timedelta(days=2),  # Karfreitag
        e + dt.timedelta(days=1),  # Ostermontag
        dt.date(year, 5, 1),
        e + dt.timedelta(days=39),  # Christi Himmelfahrt
        e + dt.timedelta(days=50),  # Pfingstmontag
        dt.date(year, 10, 3),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    }
    if land is None:
        return days
    if land not in _DE_LAENDER:
        raise ValueError(f"unknown German Land {land!r}")
    if land in ("BW", "BY", "ST"):
        days.add(dt.date(year, 1, 6))
    if (land == "BE" and year >= 2019) or (land == "MV" and year >= 2023):
        days.add(dt.date(year, 3, 8))
    if land == "BB":
        days |= {e, e + dt.timedelta(days=49)}  # Ostersonntag, Pfingstsonntag
    if land in ("BW", "BY", "HE", "NW", "RP", "SL"):
        days.add(e + dt.timedelta(days=60))  # Fronleichnam
    if land == "SL":
        days.add(dt.date(year, 8, 15))
    if land == "TH" and year >= 2019:
        days.add(dt.date(year, 9, 20))
    if land in ("BB", "MV", "SN", "ST", "TH") or (
        land in ("HB", "HH", "NI", "SH") and year >= 2018
    ):
        days.add(dt.date(year, 10, 31))
    if land in ("BW", "BY", "NW", "RP", "SL"):
        days.add(dt.date(year, 11, 1))
    if land == "SN":  # Buß- und Bettag: the Wednesday before 23 November
        nov22 = dt.date(year, 11, 22)
        days.add(nov22 - dt.timedelta(days=(nov22.weekday() - 2) % 7))
    return days


def _austrian_holidays(year: int) -> set[dt.date]:
    e = easter(year)
    return {
        dt.date(year, 1, 1),
        dt.date(year, 1, 6),
        e + dt.timedelta(days=1),  # Ostermontag
        dt.date(year, 5, 1),
        e + dt.timedelta(days=39),  # Christi Himmelfahrt
        e + dt.timedelta(days=50),  # Pfingstmontag
        e + dt.timedelta(days=60),  # Fronleichnam
        dt.date(year, 8, 15),
        dt.date(year, 10, 26),
        dt.date(year, 11, 1),
        dt.date(year, 12, 8),
        dt.date(year, 12, 25),
        dt.date(year, 12, 26),
    }


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int, subdivision: str | None = None) -> frozenset[dt.date]:
    """The public holidays of ``country`` (``"FR"``, ``"DE"``, ``"AT"``) in ``year``.

    ``subdivision``: for FR a department (``"57"``, ``"67"``, ``"68"`` add Good Friday and
    26 December; ``"971"``, ``"972"``, ``"973"``, ``"974"``, ``"976"`` add the abolition of
    slavery day); for DE a Land code (``"BY"``, ``"SN"``...). Other countries: empty. One-off
    holidays (e.g. Berlin 8 May 2025) and holidays of single towns are not included.
    """
    country = country.upper()
    if country == "FR":
        return frozenset(_french_holidays(year, subdivision))
    if country == "DE":
        return frozenset(_german_holidays(year, subdivision and subdivision.upper()))
    if country == "AT":
        return frozenset(_austrian_holidays(year))
    return frozenset()


# ---- windows as UTC intervals --------------------------------------------------------------


def _wall_to_utc(day: dt.date, at: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The first instant the wall clock in ``zone`` reads ``at`` on ``day`` (or the DST jump)."""
    naive = dt.datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == naive:
        return first  # exists (first occurrence when ambiguous)
    # Skipped by a jump forward: the jump lies between the two readings; find its second.
    low = int(naive.replace(tzinfo=zone, fold=1).timestamp())
    high = int(first.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        reading = dt.datetime.fromtimestamp(middle, UTC).astimezone(zone).replace(tzinfo=None)
        if reading >= naive:
            high = middle
        else:
            low = middle
    return dt.datetime.fromtimestamp(high, UTC)


def _day_intervals(
    policy: QuietHoursPolicy, day: dt.date, zone: ZoneInfo
) -> list[tuple[dt.datetime, dt.datetime]]:
    if policy.holidays and day in public_holidays(
        policy.holidays, day.year, policy.holiday_subdivision
    ):
        return []
    intervals = []
    for start, end in policy.windows.get(day.weekday(), ()):
        end_day = day if end > start else day + dt.timedelta(days=1)
        begin = _wall_to_utc(day, start, zone)
        finish = _wall_to_utc(end_day, end, zone)
        if finish > begin:
            intervals.append((begin, finish))
    return intervals


def _zone(policy: QuietHoursPolicy, zone: str | None) -> ZoneInfo:
    return ZoneInfo(zone or policy.zone)


def _check_aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("quiet hours need an aware datetime")
    return at.astimezone(UTC)


def allowed_intervals(
    policy: QuietHoursPolicy, start: dt.date, end: dt.date, zone: str | None = None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The UTC ``[begin, end)`` intervals of the windows starting on local days start..end."""
    tz = _zone(policy, zone)
    intervals = []
    day = start
    while day <= end:
        intervals.extend(_day_intervals(policy, day, tz))
        day += dt.timedelta(days=1)
    return sorted(intervals)


def is_allowed(policy: QuietHoursPolicy, at_utc: dt.datetime, zone: str | None = None) -> bool:
    """Whether sending at ``at_utc`` (aware) is allowed, in ``zone`` (default: the policy's)."""
    at = _check_aware(at_utc)
    tz = _zone(policy, zone)
    today = at.astimezone(tz).date()
    return any(
        begin <= at < finish
        for begin, finish in allowed_intervals(
            policy, today - dt.timedelta(days=1), today, zone=tz.key
        )
    )


def next_allowed(
    policy: QuietHoursPolicy, at_utc: dt.datetime, zone: str | None = None
) -> dt.datetime:
    """The earliest instant ``>= at_utc`` when sending is allowed, in UTC.

    ``at_utc`` itself when it is allowed. Raises ``ValueError`` when the policy has no window in
    the next 400 days.
    """
    at = _check_aware(at_utc)
    tz = _zone(policy, zone)
    day = at.astimezone(tz).date() - dt.timedelta(days=1)
    best: dt.datetime | None = None
    for _offset in range(_HORIZON_DAYS):
        # Windows of this day and later start after its local midnight: nothing earlier to find.
        if best is not None and _wall_to_utc(day, dt.time(0), tz) > best:
            break
        for begin, finish in _day_intervals(policy, day, tz):
            if finish > at:
                candidate = max(begin, at)
                best = candidate if best is None else min(best, candidate)
        day += dt.timedelta(days=1)
    if best is None:
        raise ValueError("this quiet-hours policy never allows sending")
    return best


# ---- the recipient's zone ------------------------------------------------------------------

#: Regions that share a calling code with a region in another zone.
_REGION_ZONES = {"RE": "Indian/Reunion", "YT": "Indian/Mayotte"}


def recipient_zone(e164: str, fallback: str) -> str:
    """The IANA zone of a phone number, or ``fallback``.

    From ``phonenumbers.timezone.time_zones_for_number``: one zone → that zone
    (+262 262… → ``Indian/Reunion``, +33 → ``Europe/Paris``). Several zones → the one of the
    number's region when it is in ``_REGION_ZONES`` (Réunion and Mayotte mobiles share +262 69),
    else ``fallback``; unknown or unparsable → ``fallback``.
    """
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return fallback
    zones = [
        z
        for z in phone_timezone.time_zones_for_number(number)
        if z != phone_timezone.UNKNOWN_TIMEZONE
    ]
    if len(zones) > 1:
        region_zone = _REGION_ZONES.get(phonenumbers.region_code_for_number(number) or "")
        zones = [region_zone] if region_zone in zones else []
    if len(zones) != 1:
        return fallback
    try:
        ZoneInfo(zones[0])
    except (ZoneInfoNotFoundError, ValueError):
        return fallback
    return zones[0]


def opening_after(preset: str, at_utc: dt.datetime, zone: str) -> dt.datetime | None:
    """For an organization's preset (a key of ``DEFAULT_POLICIES``; "" = no restriction):
    None when sending is allowed at ``at_utc`` in ``zone``, else the next opening (UTC)."""
    policy = DEFAULT_POLICIES.get(preset)
    if policy is None or is_allowed(policy, at_utc, zone):
        return None
    return next_allowed(policy, at_utc, zone)
