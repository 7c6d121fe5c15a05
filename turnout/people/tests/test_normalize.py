"""Property tests: normalization never crashes and is idempotent, whatever the input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turnout.people.normalize import (
    InvalidContact,
    mask,
    normalize_email,
    normalize_phone,
    suggest_email_fix,
)


@given(st.one_of(st.text(max_size=300), st.integers(), st.none(), st.binary(max_size=20)))
@settings(max_examples=400, deadline=None)
def test_email_normalization_is_total_and_idempotent(raw):
    try:
        value = normalize_email(raw)
    except InvalidContact:
        return
    assert value == value.strip().lower()
    assert normalize_email(value) == value
    assert "@" in value


@given(
    st.one_of(
        st.text(max_size=60),
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(allow_nan=False, allow_infinity=False),
        st.none(),
    ),
    st.sampled_from(["FR", "DE", "AT", "BE", None]),
)
@settings(max_examples=400, deadline=None)
def test_phone_normalization_is_total_and_idempotent(raw, region):
    try:
        number, kind = normalize_phone(raw, region)
    except InvalidContact:
        return
    assert number.startswith("+") and number[1:].isdigit()
    assert normalize_phone(number)[0] == number
    assert kind in {"mobile", "landline", "other"}
    assert mask(number) != number


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("06 12 34 56 78", "FR", ("+33612345678", "mobile")),
        ("+33 (0)6 12 34 56 78", None, ("+33612345678", "mobile")),
        ("0033612345678", None, ("+33612345678", "mobile")),
        ("02 98 00 12 34", "FR", ("+33298001234", "landline")),
        ("0151 23456789", "DE", ("+4915123456789", "mobile")),
        ("0664 1234567", "AT", ("+436641234567", "mobile")),
        (612345678, "FR", ("+33612345678", "mobile")),
    ],
)
def test_real_numbers(raw, region, expected):
    assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize("raw", ["12", "not a number", "+33 6 12", "", "   ", "06" * 30])
def test_bad_numbers_are_explained(raw):
    with pytest.raises(InvalidContact):
        normalize_phone(raw, "FR")


def test_emails():
    assert normalize_email("  Marie.Dupont@Example.ORG ") == "marie.dupont@example.org"
    assert normalize_email("mailto:a@b.fr") == "a@b.fr"
    with pytest.raises(InvalidContact, match="not a valid email"):
        normalize_email("marie@")
    assert suggest_email_fix("marie@gmial.com") == "marie@gmail.com"
    assert suggest_email_fix("marie@gmail.com") is None


def test_a_refused_email_leaves_no_reference_cycle():
    """An import checks a million emails with the automatic garbage collector off: a refusal
    must be freed as soon as it is handled, with the caller's locals (a whole batch of rows)."""
    import gc
    import weakref

    class Batch(list):
        pass

    def check(rows):
        try:
            normalize_email("marie@")
        except InvalidContact as exc:
            return str(exc)
        return ""

    gc.collect()
    gc.disable()
    try:
        rows = Batch(range(1000))
        alive = weakref.ref(rows)
        assert "not a valid email" in check(rows)
        del rows
        assert alive() is None  # freed by reference counting, no collection needed
    finally:
        gc.enable()
