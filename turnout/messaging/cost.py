"""Estimating what an SMS send costs, in euro cents (pure functions).

The prices are **estimates**: each is a plausible 2025 per-segment price for application-to-
person SMS to that country through the usual European providers, rounded to whole cents. An
administrator overrides them with the real contract prices (proposed setting:
``TURNOUT_SMS_PRICES_CENTS``, a ``{"FR": 6, ...}`` mapping, and
``TURNOUT_SMS_DEFAULT_PRICE_CENTS`` for the rest) and the page shows them as an estimate.
Provider invoices, currency conversion and personalised texts of different lengths are not
modelled: the estimate counts the segments of one text for every recipient.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import phonenumbers

from .sms_text import sms_segments

__all__ = [
    "DEFAULT_PRICE_CENTS",
    "DEFAULT_SMS_PRICES_CENTS",
    "UNKNOWN_COUNTRY",
    "segments_by_country",
    "sms_cost_estimate",
    "sms_cost_for_numbers",
]

#: Key used for numbers whose country cannot be told.
UNKNOWN_COUNTRY = "ZZ"

#: Per-segment price estimates in euro cents, keyed by ISO 3166 region code (phonenumbers'
#: region of the number). Estimates only; see the module docstring.
DEFAULT_SMS_PRICES_CENTS: Mapping[str, int] = {
    "FR": 6,  # metropolitan France
    "MC": 8,
    "RE": 10,  # French overseas departments and regions
    "YT": 10,
    "GP": 10,
    "MQ": 10,
    "GF": 10,
    "DE": 9,
    "AT": 10,
    "BE": 9,
    "LU": 7,
    "CH": 7,
    "NL": 10,
    "IT": 8,
    "ES": 7,
    "PT": 5,
    "GB": 5,
    "IE": 8,
    "US": 1,
    "CA": 1,
}

#: Price for a country not in the table (and for unknown numbers).
DEFAULT_PRICE_CENTS = 10


def sms_cost_estimate(
    segments_by_country: Mapping[str, int],
    prices: Mapping[str, int] | None = None,
    default_cents: int = DEFAULT_PRICE_CENTS,
) -> int:
    """Total in cents: for each country, its segment count times its price per segment.

    ``prices`` defaults to :data:`DEFAULT_SMS_PRICES_CENTS`; a country missing from it costs
    ``default_cents`` per segment. Country codes are compared in upper case.
    """
    table = DEFAULT_SMS_PRICES_CENTS if prices is None else prices
    normalized = {country.upper(): cents for country, cents in table.items()}
    total = 0
    for country, segments in segments_by_country.items():
        if segments < 0:
            raise ValueError("a segment count cannot be negative")
        total += segments * normalized.get(country.upper(), default_cents)
    return total


def _country(e164: str) -> str:
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return UNKNOWN_COUNTRY
    return phonenumbers.region_code_for_number(number) or UNKNOWN_COUNTRY


def segments_by_country(numbers: Iterable[str], text: str) -> dict[str, int]:
    """How many segments ``text`` costs in total to ``numbers`` (E.164), per region code."""
    segments = sms_segments(text).segments
    counts = Counter(_country(number) for number in numbers)
    return {country: count * segments for country, count in counts.items()}


def sms_cost_for_numbers(
    numbers: Iterable[str],
    text: str,
    prices: Mapping[str, int] | None = None,
    default_cents: int = DEFAULT_PRICE_CENTS,
) -> int:
    """Estimated cost in cents of sending ``text`` once to each of ``numbers`` (E.164)."""
    return sms_cost_estimate(segments_by_country(numbers, text), prices, default_cents)
