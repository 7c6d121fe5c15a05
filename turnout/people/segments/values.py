"""Parsers of the values in a segment definition: each returns a clean JSON value or raises
``Invalid`` with a message for the person who built the filter."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_VALUES = 500
MAX_DAYS = 36500
MAX_TEXT = 200


class Invalid(Exception):
    """A problem with one condition; turned into a positioned ValidationError message."""


# --- Small value parsers ------------------------------------------------------------------


def as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def as_int(value, *, low: int, high: int, what: str) -> int:
    if isinstance(value, bool):
        raise Invalid(_("%(what)s must be a whole number.") % {"what": what})
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise Invalid(_("%(what)s must be a whole number.") % {"what": what}) from None
    if not low <= number <= high:
        raise Invalid(
            _("%(what)s must be between %(low)s and %(high)s.")
            % {"what": what, "low": low, "high": high}
        )
    return number


def as_ids(value, what: str) -> list[int]:
    items = as_list(value)
    if not items:
        raise Invalid(_("Choose at least one value for “%(what)s”.") % {"what": what})
    if len(items) > MAX_VALUES:
        raise Invalid(_("Too many values (at most %(max)s).") % {"max": MAX_VALUES})
    ids = set()
    for item in items:
        if isinstance(item, bool) or not str(item).strip().isdigit():
            raise Invalid(_("“%(value)s” is not a valid id.") % {"value": str(item)[:40]})
        ids.add(int(str(item).strip()))
    return sorted(ids)


def as_date(value, what: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except (TypeError, ValueError):
        raise Invalid(
            _("%(what)s must be a date written as YYYY-MM-DD (not “%(value)s”).")
            % {"what": what, "value": str(value)[:40]}
        ) from None


def as_text(value, what: str, max_length: int = MAX_TEXT) -> str:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise Invalid(_("%(what)s must be text.") % {"what": what})
    text = str(value).strip()
    if not text:
        raise Invalid(_("%(what)s is empty.") % {"what": what})
    if len(text) > max_length:
        raise Invalid(
            _("%(what)s is too long (at most %(max)s characters).")
            % {"what": what, "max": max_length}
        )
    return text


def as_texts(value, what: str, max_length: int) -> list[str]:
    items = as_list(value)
    texts = []
    for item in items:
        text = as_text(item, what, max_length)
        if text not in texts:
            texts.append(text)
    if not texts:
        raise Invalid(_("%(what)s is empty.") % {"what": what})
    if len(texts) > MAX_VALUES:
        raise Invalid(_("Too many values (at most %(max)s).") % {"max": MAX_VALUES})
    return texts


def as_bool(value, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "on"}:
        return True
    if text in {"false", "0", "no", "off"}:
        return False
    raise Invalid(_("%(what)s must be yes or no.") % {"what": what})


def as_number(value, what: str) -> int | float:
    if isinstance(value, bool):
        raise Invalid(_("%(what)s must be a number.") % {"what": what})
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise Invalid(_("%(what)s must be a number.") % {"what": what}) from None
    if not number.is_finite():
        raise Invalid(_("%(what)s must be a number.") % {"what": what})
    return int(number) if number == number.to_integral_value() else float(number)


def dict_value(value) -> dict:
    if not isinstance(value, dict):
        raise Invalid(_("The value of this condition is malformed."))
    return value


def start_of_day(iso: str) -> dt.datetime:
    day = dt.date.fromisoformat(iso)
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def end_of_day(iso: str) -> dt.datetime:
    """The first instant after the given day."""
    return start_of_day((dt.date.fromisoformat(iso) + dt.timedelta(days=1)).isoformat())
