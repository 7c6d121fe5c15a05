"""Amounts of money (integer cents and an ISO currency) as people read them, in the active
language: "7 500 €" in French, "7,500 €" in English, "35,50 €" with cents when there are some
(or always, ``always_decimals``, as receipts print them)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format

SYMBOLS = {"EUR": "€"}


def money_text(cents: int, currency: str = "EUR", *, always_decimals: bool = False) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(int(cents))
    places = 2 if always_decimals or cents % 100 else 0
    number = number_format(Decimal(cents) / 100, decimal_pos=places, force_grouping=True)
    return f"{sign}{number}\u00a0{SYMBOLS.get(currency, currency)}"
