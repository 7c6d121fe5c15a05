"""Quiet hours with explicit instants (no frozen clock): R20 cases, holidays, DST, properties."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.messaging.quiet_hours import (
    AUSTRIA_DEFAULT,
    DEFAULT_POLICIES,
    FRANCE_CALLS_DEFAULT,
    FRANCE_DEFAULT,
    GERMANY_DEFAULT,
    QuietHoursPolicy,
    allowed_intervals,
    is_allowed,
    next_allowed,
    public_holidays,
    recipient_zone,
)

UTC = dt.UTC
PARIS = ZoneInfo("Europe/Paris")
T = dt.time


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_sunday_morning_waits_for_monday_eight():
    sunday = paris(2025, 6, 1, 10)
    assert sunday.weekday() == 6
    assert not is_allowed(FRANCE_DEFAULT, sunday)
    assert next_allowed(FRANCE_DEFAULT, sunday) == paris(2025, 6, 2, 8)
    assert next_allowed(FRANCE_DEFAULT, sunday).tzinfo == UTC


def test_monday_opens_at_eight_and_closes_at_twenty():
    assert not is_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 7, 59))
    assert not is_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 7, 59, 59, 999999))
    assert is_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 8))
    assert is_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 19, 59, 59))
    assert not is_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 20))
    assert next_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 20)) == paris(2025, 6, 3, 8)
    assert next_allowed(FRANCE_DEFAULT, paris(2025, 6, 2, 9, 15)) == paris(2025, 6, 2, 9, 15)


def test_saturday_is_open_and_the_weekend_closes_at_twenty():
    assert is_allowed(FRANCE_DEFAULT, paris(2025, 6, 14, 12))
    assert next_allowed(FRANCE_DEFAULT, paris(2025, 6, 14, 20, 30)) == paris(2025, 6, 16, 8)
    # 9 June 2025 is Whit Monday: the weekend before lasts until Tuesday.
    assert next_allowed(FRANCE_DEFAULT, paris(2025, 6, 7, 20, 30)) == paris(2025, 6, 10, 8)


def test_bastille_day_is_closed():
    assert not is_allowed(FRANCE_DEFAULT, paris(2025, 7, 14, 10))
    assert next_allowed(FRANCE_DEFAULT, paris(2025, 7, 14, 10)) == paris(2025, 7, 15, 8)


def test_easter_weekend_waits_until_tuesday():
    assert next_allowed(FRANCE_DEFAULT, paris(2025, 4, 19, 20)) == paris(2025, 4, 22, 8)


def test_dst_gap_sunday_does_not_crash():
    gap = paris(2025, 3, 30, 2, 30)  # does not exist on the wall clock
    assert not is_allowed(FRANCE_DEFAULT, gap)
    assert next_allowed(FRANCE_DEFAULT, gap) == utc(2025, 3, 31, 6)  # Monday 08:00 CEST


def test_a_window_starting_in_the_dst_gap_opens_at_the_jump():
    policy = QuietHoursPolicy(windows={6: [(T(2, 30), T(4))]}, zone="Europe/Paris")
    assert allowed_intervals(policy, dt.date(2025, 3, 30), dt.date(2025, 3, 30)) == [
        (utc(2025, 3, 30, 1), utc(2025, 3, 30, 2))  # 03:00-04:00 CEST
    ]
    assert next_allowed(policy, utc(2025, 3, 29, 23)) == utc(2025, 3, 30, 1)


def test_a_window_starting_in_the_dst_fold_uses_the_first_occurrence():
    policy = QuietHoursPolicy(windows={6: [(T(2, 30), T(3, 30))]}, zone="Europe/Paris")
    assert allowed_intervals(policy, dt.date(2025, 10, 26), dt.date(2025, 10, 26)) == [
        (utc(2025, 10, 26, 0, 30), utc(2025, 10, 26, 2, 30))
    ]


def test_a_reunion_recipient_is_judged_in_its_own_zone():
    zone = recipient_zone("+262262123456", fallback="Europe/Paris")
    assert zone == "Indian/Reunion"
    at = utc(2025, 6, 2, 4, 30)  # Monday 06:30 in Paris, 08:30 in Réunion
    assert not is_allowed(FRANCE_DEFAULT, at)
    assert is_allowed(FRANCE_DEFAULT, at, zone)
    assert next_allowed(FRANCE_DEFAULT, utc(2025, 6, 2, 3), zone) == utc(2025, 6, 2, 4)
    # Réunion's own holiday (20 December) counts with its subdivision.
    reunion = QuietHoursPolicy(
        windows=FRANCE_DEFAULT.windows, holidays="FR", holiday_subdivision="974"
    )
    assert is_allowed(FRANCE_DEFAULT, utc(2024, 12, 20, 8), zone)
    assert not is_allowed(reunion, utc(2024, 12, 20, 8), zone)


def test_windows_crossing_midnight_belong_to_their_first_day():
    policy = QuietHoursPolicy(windows={4: [(T(22), T(2))]}, holidays="FR", zone="Europe/Paris")
    assert is_allowed(policy, paris(2025, 6, 6, 23))  # Friday
    assert is_allowed(policy, paris(2025, 6, 7, 1, 59))  # Saturday morning, Friday's window
    assert not is_allowed(policy, paris(2025, 6, 7, 2))
    assert next_allowed(policy, paris(2025, 6, 7, 2)) == paris(2025, 6, 13, 22)
    # 14 July 2028 is a Friday: its window is dropped, the night before is not special.
    assert not is_allowed(policy, paris(2028, 7, 14, 23))
    assert next_allowed(policy, paris(2028, 7, 14, 12)) == paris(2028, 7, 21, 22)
    until_midnight = QuietHoursPolicy(windows={0: [(T(18), T(0))]})
    assert is_allowed(until_midnight, paris(2025, 6, 2, 23, 59))
    assert not is_allowed(until_midnight, paris(2025, 6, 3, 0))


def test_calls_have_a_lunch_break_and_no_saturday():
    assert is_allowed(FRANCE_CALLS_DEFAULT, paris(2025, 6, 2, 12, 59))
    assert not is_allowed(FRANCE_CALLS_DEFAULT, paris(2025, 6, 2, 13, 30))
    assert next_allowed(FRANCE_CALLS_DEFAULT, paris(2025, 6, 2, 13, 30)) == paris(2025, 6, 2, 14)
    assert next_allowed(FRANCE_CALLS_DEFAULT, paris(2025, 6, 13, 20)) == paris(2025, 6, 16, 10)


def test_german_and_austrian_defaults():
    assert DEFAULT_POLICIES["DE"] is GERMANY_DEFAULT and DEFAULT_POLICIES["AT"] is AUSTRIA_DEFAULT
    berlin = ZoneInfo("Europe/Berlin")
    assert not is_allowed(GERMANY_DEFAULT, dt.datetime(2025, 10, 3, 10, tzinfo=berlin))
    assert is_allowed(GERMANY_DEFAULT, dt.datetime(2025, 10, 4, 10, tzinfo=berlin))
    vienna = ZoneInfo("Europe/Vienna")
    assert not is_allowed(AUSTRIA_DEFAULT, dt.datetime(2025, 12, 8, 10, tzinfo=vienna))
    assert not is_allowed(AUSTRIA_DEFAULT, dt.datetime(2026, 10, 26, 10, tzinfo=vienna))
    assert is_allowed(AUSTRIA_DEFAULT, dt.datetime(2026, 10, 27, 10, tzinfo=vienna))


def test_french_holidays_2025():
    d = dt.date
    assert public_holidays("FR", 2025) == {
        d(2025, 1, 1), d(2025, 4, 21), d(2025, 5, 1), d(2025, 5, 8), d(2025, 5, 29),
        d(2025, 6, 9), d(2025, 7, 14), d(2025, 8, 15), d(2025, 11, 1), d(2025, 11, 11),
        d(2025, 12, 25),
    }  # fmt: skip
    alsace = public_holidays("FR", 2025, "67") - public_holidays("FR", 2025)
    assert alsace == {d(2025, 4, 18), d(2025, 12, 26)}
    assert public_holidays("FR", 2025, "974") - public_holidays("FR", 2025) == {d(2025, 12, 20)}


def test_german_holidays_2025():
    d = dt.date
    national = {
        d(2025, 1, 1), d(2025, 4, 18), d(2025, 4, 21), d(2025, 5, 1), d(2025, 5, 29),
        d(2025, 6, 9), d(2025, 10, 3), d(2025, 12, 25), d(2025, 12, 26),
    }  # fmt: skip
    assert public_holidays("DE", 2025) == national
    assert public_holidays("de", 2025, "by") - national == {
        d(2025, 1, 6), d(2025, 6, 19), d(2025, 11, 1),
    }  # fmt: skip
    assert public_holidays("DE", 2025, "SN") - national == {d(2025, 10, 31), d(2025, 11, 19)}
    assert d(2024, 11, 20) in public_holidays("DE", 2024, "SN")  # Buß- und Bettag
    assert public_holidays("DE", 2025, "BE") - national == {d(2025, 3, 8)}
    with pytest.raises(ValueError):
        public_holidays("DE", 2025, "XX")


def test_austrian_holidays_2025():
    d = dt.date
    assert public_holidays("AT", 2025) == {
        d(2025, 1, 1), d(2025, 1, 6), d(2025, 4, 21), d(2025, 5, 1), d(2025, 5, 29),
        d(2025, 6, 9), d(2025, 6, 19), d(2025, 8, 15), d(2025, 10, 26), d(2025, 11, 1),
        d(2025, 12, 8), d(2025, 12, 25), d(2025, 12, 26),
    }  # fmt: skip
    assert public_holidays("US", 2025) == frozenset()


def test_bad_input():
    with pytest.raises(ValueError):
        is_allowed(FRANCE_DEFAULT, dt.datetime(2025, 6, 2, 10))  # naive
    with pytest.raises(ValueError):
        next_allowed(QuietHoursPolicy(windows={}), utc(2025, 6, 2))
    with pytest.raises(ValueError):
        QuietHoursPolicy(windows={7: []})


@pytest.mark.parametrize(
    ("number", "zone"),
    [
        ("+262262123456", "Indian/Reunion"),
        ("+262692123456", "Indian/Reunion"),  # Réunion mobile, +262 69 shared with Mayotte
        ("+33612345678", "Europe/Paris"),
        ("+4915112345678", "Europe/Berlin"),
        ("+436641234567", "Europe/Vienna"),
        ("+12125550100", "America/New_York"),
        ("+79161234567", "Fallback/Zone"),  # several zones
        ("+15555550100", "Fallback/Zone"),  # unknown
        ("not a number", "Fallback/Zone"),
        ("", "Fallback/Zone"),
    ],
)
def test_recipient_zone(number, zone):
    assert recipient_zone(number, fallback="Fallback/Zone") == zone


def test_policy_labels_are_translatable():
    assert str(FRANCE_DEFAULT.label).startswith("France")


# ---- properties ----------------------------------------------------------------------------

POLICIES = [
    FRANCE_DEFAULT,
    FRANCE_CALLS_DEFAULT,
    GERMANY_DEFAULT,
    AUSTRIA_DEFAULT,
    QuietHoursPolicy(windows={0: [(T(22), T(2))], 3: [(T(0), T(0))], 5: [(T(2, 15), T(3))]}),
]
ZONES = [
    "Europe/Paris",
    "Indian/Reunion",
    "America/New_York",
    "America/Santiago",  # DST jumps at midnight
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Chatham",
]
instants = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),
    max_value=dt.datetime(2027, 12, 31),
    timezones=st.just(UTC),
)


@settings(max_examples=80, deadline=None)
@given(instants, st.sampled_from(POLICIES), st.sampled_from(ZONES))
def test_next_allowed_is_the_first_allowed_instant(at, policy, zone):
    found = next_allowed(policy, at, zone)
    assert found >= at
    assert is_allowed(policy, found, zone)
    assert (found == at) is is_allowed(policy, at, zone)
    # No allowed instant in between, on a one-minute grid.
    minute = at.replace(second=0, microsecond=0)
    if minute < at:
        minute += dt.timedelta(minutes=1)
    while minute < found:
        assert not is_allowed(policy, minute, zone), minute
        minute += dt.timedelta(minutes=1)
