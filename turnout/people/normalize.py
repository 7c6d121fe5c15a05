"""Normalization of contact points: emails lower-cased and checked, phones in E.164.

These functions are total: they return a normalized value or raise ``InvalidContact`` with a
message for the person who typed it. They never raise anything else, whatever the input
(property-tested in tests/test_normalize.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

# Country used to read national phone numbers (0612345678) when nothing else tells.
DEFAULT_REGION = "FR"
COMMON_DOMAIN_TYPOS = {
    "gmial.com": "gmail.com",
    "gmal.com": "gmail.com",
    "gmai.com": "gmail.com",
    "gmail.fr": "gmail.com",
    "gmail.co": "gmail.com",
    "gnail.com": "gmail.com",
    "hotmial.com": "hotmail.com",
    "hotmal.com": "hotmail.com",
    "hotmail.co": "hotmail.com",
    "yahooo.fr": "yahoo.fr",
    "yaho.fr": "yahoo.fr",
    "orange.fe": "orange.fr",
    "ornage.fr": "orange.fr",
    "wanadoo.fe": "wanadoo.fr",
    "outlok.com": "outlook.com",
    "outloo.com": "outlook.com",
    "gmx.de.": "gmx.de",
    "web.de.": "web.de",
    "free.fe": "free.fr",
    "laposte.fe": "laposte.net",
    "icloud.fr": "icloud.com",
}


class InvalidContact(ValueError):
    pass


def normalize_email(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidContact(_("An email address must be text."))
    value = unicodedata.normalize("NFC", raw).strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    value = value.lower()
    if not value:
        raise InvalidContact(_("The email address is empty."))
    if len(value) > 254:
        raise InvalidContact(_("The email address is too long."))
    if not _passes(validate_email, value):
        raise InvalidContact(_("“%(value)s” is not a valid email address.") % {"value": value[:80]})
    return value


def _passes(validator, value) -> bool:
    """Whether a Django validator accepts the value, leaving nothing for the garbage collector:
    a ValidationError lists itself (``error_list = [self]``), and that cycle kept its traceback,
    the frames of the callers and their locals alive (an import batch: thousands of rows) until
    a collection. The cycle is broken here."""
    try:
        validator(value)
    except ValidationError as exc:
        exc.error_list = []
        exc.__traceback__ = None
        return False
    return True


def suggest_email_fix(address: str) -> str | None:
    """'marie@gmial.com' -> 'marie@gmail.com' for the common typos; None when it looks fine."""
    local, _sep, domain = address.rpartition("@")
    fixed = COMMON_DOMAIN_TYPOS.get(domain.lower())
    return f"{local}@{fixed}" if local and fixed else None


def normalize_phone(raw: object, region: str | None = None) -> tuple[str, str]:
    """Return (E.164 number, kind) where kind is 'mobile', 'landline' or 'other'."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(int(raw))
    if not isinstance(raw, str):
        raise InvalidContact(_("A phone number must be text."))
    value = raw.strip()
    if not value:
        raise InvalidContact(_("The phone number is empty."))
    if len(value) > 40:
        raise InvalidContact(_("The phone number is too long."))
    if value.startswith("00"):
        value = "+" + value[2:]
    try:
        parsed = phonenumbers.parse(value, (region or DEFAULT_REGION).upper())
    except phonenumbers.NumberParseException:
        raise InvalidContact(_("“%(value)s” is not a phone number.") % {"value": value}) from None
    except Exception:  # phonenumbers can raise on exotic unicode digits
        raise InvalidContact(_("“%(value)s” is not a phone number.") % {"value": value}) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidContact(_("“%(value)s” is not a valid phone number.") % {"value": value})
    kind = phonenumbers.number_type(parsed)
    kind_name = {
        phonenumbers.PhoneNumberType.MOBILE: "mobile",
        phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "mobile",
    }.get(kind, "other")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), kind_name


def contact_hash(organization_id: int, channel: str, value: str) -> str:
    """Keyed hash of a normalized contact point, used by the suppression list.

    The key (TURNOUT_HASH_KEY) must stay the same for the life of the database: changing it
    makes existing suppressions unrecognizable.
    """
    key = settings.TURNOUT_HASH_KEY.encode()
    kind = "email" if channel == "email" else "phone"
    message = f"{organization_id}:{kind}:{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def mask(value: str) -> str:
    if "@" in value:
        local, _sep, domain = value.partition("@")
        return f"{local[:1]}***@{domain[:1]}***{domain[domain.rfind('.') :]}"[:40]
    return (value[:4] + "*" * max(0, len(value) - 6) + value[-2:])[:40]


_SPACES = re.compile(r"\s+")


def clean_name(raw: object, limit: int = 100) -> str:
    if raw is None:
        return ""
    value = _SPACES.sub(" ", unicodedata.normalize("NFC", str(raw))).strip()
    return "".join(ch for ch in value if unicodedata.category(ch)[0] != "C")[:limit]
