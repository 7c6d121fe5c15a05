"""The legal limits of donations, read from the dated configuration (``LegalLimit``).

``limit_refusals`` returns one message per rule a donation would break (an empty list: it may
be accepted). It is called before payment and again when the payment succeeds, inside the
transaction that holds the donor's row lock (``lifecycle.donation_paid``), so that two
concurrent gifts cannot cross a cap together."""

from __future__ import annotations


def limit_refusals(
    *,
    organization,
    profile,
    person,
    amount_cents: int,
    method: str,
    donor,
    at,
    exclude_donation_id: int | None = None,
) -> list[str]:
    """The messages of the rules this donation breaks (none yet: see the limits area)."""
    return []
