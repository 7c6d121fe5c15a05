"""SMS cost estimates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from turnout.messaging.cost import (
    DEFAULT_PRICE_CENTS,
    DEFAULT_SMS_PRICES_CENTS,
    segments_by_country,
    sms_cost_estimate,
    sms_cost_for_numbers,
)


def test_estimate_uses_the_table_and_the_default():
    prices = {"FR": 6, "DE": 9}
    assert sms_cost_estimate({"FR": 10, "DE": 2}, prices, default_cents=20) == 78
    assert sms_cost_estimate({"fr": 1, "XX": 3}, prices, default_cents=20) == 66
    assert sms_cost_estimate({}, prices, default_cents=20) == 0


def test_estimate_defaults_to_the_documented_table():
    assert sms_cost_estimate({"FR": 1}) == DEFAULT_SMS_PRICES_CENTS["FR"]
    assert sms_cost_estimate({"JP": 1}) == DEFAULT_PRICE_CENTS
    assert {"FR", "DE", "AT", "BE", "CH", "RE"} <= set(DEFAULT_SMS_PRICES_CENTS)
    assert all(isinstance(v, int) and v > 0 for v in DEFAULT_SMS_PRICES_CENTS.values())


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        sms_cost_estimate({"FR": -1}, {}, 1)


def test_cost_for_numbers_counts_segments_per_country():
    numbers = ["+33612345678", "+33698765432", "+4915112345678", "+262692123456", "garbage"]
    text = "a" * 161  # two segments
    assert segments_by_country(numbers, text) == {"FR": 4, "DE": 2, "RE": 2, "ZZ": 2}
    prices = {"FR": 6, "DE": 9, "RE": 10}
    assert sms_cost_for_numbers(numbers, text, prices, default_cents=15) == (
        4 * 6 + 2 * 9 + 2 * 10 + 2 * 15
    )


def test_unicode_text_costs_more():
    numbers = ["+33612345678"]
    assert sms_cost_for_numbers(numbers, "ê" * 71, {"FR": 6}) == 12
    assert sms_cost_for_numbers(numbers, "e" * 71, {"FR": 6}) == 6
    assert sms_cost_for_numbers([], "hello", {"FR": 6}) == 0
    assert sms_cost_for_numbers(numbers, "", {"FR": 6}) == 0


@given(
    st.dictionaries(st.sampled_from(["FR", "DE", "AT", "ZZ"]), st.integers(0, 10_000)),
    st.integers(0, 50),
)
def test_estimate_is_linear(counts, default):
    prices = {"FR": 6, "DE": 9}
    doubled = {country: 2 * n for country, n in counts.items()}
    assert sms_cost_estimate(doubled, prices, default) == 2 * sms_cost_estimate(
        counts, prices, default
    )
