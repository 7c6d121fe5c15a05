"""Reading one cell: text, dates (day first), numbers (decimal comma), gender, language and
country words, yes/no, phone numbers and emails. Every function either returns a clean value
or raises ``CellError`` (or ``InvalidContact``) with a message for the person importing."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

import phonenumbers
from django.utils.translation import gettext as _

from ..normalize import clean_name, normalize_email, normalize_phone
from .mapping import normalize_header


class CellError(ValueError):
    pass


def text_of(value) -> str:
    """A cell as text: XLSX numbers without a spurious '.0', dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$"), "ymd"),
    (re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"), "ymd"),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: [\d:.]+)?$"), "dmy"),
    (re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2})$"), "dmy2"),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), "ymd"),
]


def parse_date(value, *, past_only: bool = False) -> dt.date:
    """Day first, as written in France, Germany and Austria: 31/12/1980, 31.12.1980, 31-12-1980,
    1980-12-31, and date cells of XLSX files (including bare Excel serial numbers)."""
    if isinstance(value, dt.datetime):
        return _check_date(value.date(), value, past_only)
    if isinstance(value, dt.date):
        return _check_date(value, value, past_only)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            try:
                return _check_date(from_excel(value).date(), value, past_only)
            except (ValueError, OverflowError, TypeError):
                pass
        raise CellError(_("“%(value)s” is not a date.") % {"value": text_of(value)})
    text = text_of(value)
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        a, b, c = (int(g) for g in match.groups())
        if order == "ymd":
            year, month, day = a, b, c
        else:
            day, month, year = a, b, c
            if order == "dmy2":
                pivot = dt.date.today().year % 100
                year += 1900 if year > pivot else 2000
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise CellError(
                _("“%(value)s” is not a real date (day %(day)s of month %(month)s).")
                % {"value": text, "day": day, "month": month}
            ) from None
        return _check_date(date, text, past_only)
    raise CellError(
        _("“%(value)s” is not a date; write it as 31/12/1980 or 1980-12-31.") % {"value": text}
    )


def _check_date(date: dt.date, raw, past_only: bool) -> dt.date:
    if date.year < 1900 or (past_only and date > dt.date.today()):
        raise CellError(
            _("“%(value)s” is not a plausible date of birth.") % {"value": text_of(raw)}
        )
    return date


_NUMBER_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(value) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = _NUMBER_SPACES.sub("", text_of(value))
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 48,85 (French decimal comma)
        elif text.count(",") and text.count("."):
            # 1.234,5 (German) or 1,234.5 (English): the last separator is the decimal one
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        try:
            number = float(text)
        except ValueError:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text_of(value)}) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise CellError(_("“%(value)s” is not a number.") % {"value": text_of(value)})
    return number


GENDERS = {
    "female": [
        "f",
        "femme",
        "female",
        "woman",
        "w",
        "weiblich",
        "frau",
        "fr",
        "mme",
        "madame",
        "mrs",
        "ms",
        "miss",
        "mlle",
        "mademoiselle",
        "feminin",
        "femmes",
    ],
    "male": [
        "m",
        "homme",
        "male",
        "man",
        "mannlich",
        "maennlich",
        "herr",
        "hr",
        "monsieur",
        "mr",
        "masculin",
        "h",
        "hommes",
    ],
    "other": [
        "autre",
        "other",
        "divers",
        "d",
        "x",
        "non binaire",
        "nonbinaire",
        "non binary",
        "nonbinary",
        "nb",
        "diverse",
        "andere",
    ],
}
GENDER_OF = {normalize_header(k): g for g, ks in GENDERS.items() for k in ks}
LANGUAGES = {
    "fr": ["fr", "francais", "french", "franzosisch", "franzoesisch", "fra", "fre"],
    "en": ["en", "anglais", "english", "englisch", "eng"],
    "de": ["de", "allemand", "german", "deutsch", "ger", "deu", "allemagne"],
}
LANGUAGE_OF = {normalize_header(k): code for code, ks in LANGUAGES.items() for k in ks}
COUNTRIES = {
    "FR": ["france", "frankreich", "fra"],
    "DE": ["allemagne", "germany", "deutschland", "deu", "ger"],
    "AT": ["autriche", "austria", "osterreich", "oesterreich", "aut"],
    "CH": ["suisse", "switzerland", "schweiz", "che", "sui"],
    "BE": ["belgique", "belgium", "belgien", "bel"],
    "LU": ["luxembourg", "luxemburg", "lux"],
    "IT": ["italie", "italy", "italien", "ita"],
    "ES": ["espagne", "spain", "spanien", "esp"],
    "GB": ["royaume uni", "united kingdom", "uk", "grossbritannien", "gbr"],
    "NL": ["pays bas", "netherlands", "niederlande", "nld"],
}
COUNTRY_OF = {normalize_header(k): code for code, ks in COUNTRIES.items() for k in ks}
TRUE_WORDS = {"oui", "o", "yes", "y", "ja", "j", "true", "vrai", "wahr", "1", "x", "si"}
FALSE_WORDS = {"non", "n", "no", "nein", "false", "faux", "falsch", "0"}


def clean_text(value: str, limit: int) -> str:
    """clean_name, with a shortcut for plain text (most cells) that gives the same result:
    already in NFC, printable (no control or format characters, no space but U+0020), no
    runs of spaces."""
    if (
        value.isprintable()
        and "  " not in value
        and (value.isascii() or unicodedata.is_normalized("NFC", value))
    ):
        return value.strip()[:limit]
    return clean_name(value, limit)


COUNTRY_CODE_TO_REGION = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
_PHONE_KIND = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
}


_SEPARATORS = str.maketrans("", "", " .-/\u00a0")


@lru_cache(maxsize=64)
def _region_shortcut(region: str):
    """(country code, national prefix, metadata, type function) when the numbers of this
    region can be read without the full parser: a country code used by this region only and
    a plain national prefix (FR, DE, AT, CH, BE...); None otherwise."""
    try:
        from phonenumbers.phonemetadata import PhoneMetadata
        from phonenumbers.phonenumberutil import (
            COUNTRY_CODE_TO_REGION_CODE,
            _number_type_helper,
        )
    except ImportError:  # pragma: no cover  (private API moved: use the full parser)
        return None
    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return None
    try:
        number_type = _TypeOf(metadata)
    except (AttributeError, TypeError):  # pragma: no cover  (metadata layout changed)
        number_type = _number_type_helper
    prefix = metadata.national_prefix
    if (
        COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code) != (region,)
        or not prefix
        or not prefix.isdigit()
        or metadata.national_prefix_for_parsing != prefix
        or metadata.national_prefix_transform_rule
    ):
        return None
    return str(metadata.country_code), prefix, metadata, number_type


_TYPE_ORDER = [
    ("premium_rate", phonenumbers.PhoneNumberType.PREMIUM_RATE),
    ("toll_free", phonenumbers.PhoneNumberType.TOLL_FREE),
    ("shared_cost", phonenumbers.PhoneNumberType.SHARED_COST),
    ("voip", phonenumbers.PhoneNumberType.VOIP),
    ("personal_number", phonenumbers.PhoneNumberType.PERSONAL_NUMBER),
    ("pager", phonenumbers.PhoneNumberType.PAGER),
    ("uan", phonenumbers.PhoneNumberType.UAN),
    ("voicemail", phonenumbers.PhoneNumberType.VOICEMAIL),
]


class _TypeOf:
    """phonenumbers' ``_number_type_helper(national, metadata)`` for one region, with the
    patterns compiled once: the same descriptions tested in the same order (property-tested
    against normalize_phone), without the pattern-cache look-ups of each call."""

    def __init__(self, metadata):
        def desc(d):
            if d is None:
                return None
            pattern = d.national_number_pattern
            compiled = re.compile(pattern).fullmatch if pattern else None
            return (frozenset(d.possible_length or ()), compiled)

        self.general = desc(metadata.general_desc)
        self.special = [(desc(getattr(metadata, name)), kind) for name, kind in _TYPE_ORDER]
        self.special = [(d, kind) for d, kind in self.special if d is not None]
        self.fixed = desc(metadata.fixed_line)
        self.mobile = desc(metadata.mobile)
        self.same = metadata.same_mobile_and_fixed_line_pattern

    @staticmethod
    def _matches(national: str, d) -> bool:
        if d is None:
            return False
        lengths, fullmatch = d
        if lengths and len(national) not in lengths:
            return False
        return fullmatch is not None and fullmatch(national) is not None

    def __call__(self, national: str, _metadata=None):
        kinds = phonenumbers.PhoneNumberType
        matches = self._matches
        if not matches(national, self.general):
            return kinds.UNKNOWN
        for d, kind in self.special:
            if matches(national, d):
                return kind
        if matches(national, self.fixed):
            if self.same or matches(national, self.mobile):
                return kinds.FIXED_LINE_OR_MOBILE
            return kinds.FIXED_LINE
        if not self.same and matches(national, self.mobile):
            return kinds.MOBILE
        return kinds.UNKNOWN


def _phone_shortcut(value: str, region: str):
    """The E.164 number and kind of a plainly written number (0612345678, +33 6 12 34 56 78,
    +49 151 23456789), exactly as the parser would find them; None to use the parser."""
    plus = value.startswith("+")
    digits = (value[1:] if plus else value).translate(_SEPARATORS)
    if not digits.isascii() or not digits.isdigit():
        return None
    if plus:
        if digits.startswith("0"):
            return None
        # Like the parser: the shortest known country code at the start.
        for size in range(1, min(len(digits), 3) + 1):
            regions = COUNTRY_CODE_TO_REGION.get(int(digits[:size]))
            if regions:
                break
        else:
            return None
        shortcut = _region_shortcut(regions[0]) if len(regions) == 1 else None
        if shortcut is None:
            return None
        national = digits[size:]
        if national.startswith(shortcut[1]):
            return None  # +33 06...: the parser decides whether 0 is a national prefix
    else:
        shortcut = _region_shortcut(region)
        if shortcut is None or not digits.startswith(shortcut[1]):
            return None
        national = digits[len(shortcut[1]) :]
    country_code, _prefix, metadata, number_type = shortcut
    if not national or national.startswith("0"):
        return None
    kind = number_type(national, metadata)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return None
    return "+" + country_code + national, _PHONE_KIND.get(kind, "other")


@lru_cache(maxsize=65536)
def phone_cached(raw: str, region: str) -> tuple[str, str]:
    """normalize_phone with the same answers (property-tested against it), faster for the
    numbers of the organization's country written plainly, which are most of a file."""
    value = raw.strip()
    if value and len(value) <= 40 and not value.startswith("00"):
        found = _phone_shortcut(value, region.upper())
        if found is not None:
            return found
    return normalize_phone(raw, region)


def _email_checks():
    """The regexes of Django's validate_email, compiled once (they are lazy objects there)."""
    from django.core.validators import validate_email

    user, domain = validate_email.user_regex, validate_email.domain_regex
    return (
        re.compile(user.pattern, user.flags).match,
        re.compile(domain.pattern, domain.flags).match,
    )


_EMAIL_CHECKS = []


def email_cached(raw: str) -> str:
    """normalize_email, with a shortcut for the common case (same answers, tested): an ASCII
    address (NFC changes nothing) that Django's validator accepts through its dot-atom and
    host name patterns. Anything else goes through normalize_email."""
    if raw.isascii():
        value = raw.strip().strip("<>").strip().lower()
        if value and len(value) <= 254 and not value.startswith("mailto:") and "@" in value:
            if not _EMAIL_CHECKS:
                _EMAIL_CHECKS.extend(_email_checks())
            user_match, domain_match = _EMAIL_CHECKS
            user, domain = value.rsplit("@", 1)
            if user_match(user) and domain_match(domain):
                return value
    return _email_slow(raw)


@lru_cache(maxsize=4096)
def _email_slow(raw: str) -> str:
    return normalize_email(raw)
