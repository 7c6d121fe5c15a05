"""Referral codes: what a signer's share links carry (``?ref=``), so that whoever signs
through them is recorded as referred by that signer.

A code names a person of the owner's CRM without showing its identifier: the person's id in
base 36 and a keyed hash of it, checked without a query. The thank-you page is shown before
the signature reaches the CRM (the intake queue), so the code it hands out names the intake
row instead: ``i`` + its id in base 36 and a hash under another key; it is resolved to the
person that row became when the row is folded (rows are folded in id order, so a row that
refers to an earlier one finds its person). A signature spooled by its web process has no id
yet (docs/decisions/0101): its code is ``s`` + the random reference the row will carry, under a
third key. Only a person of the action's organization who was not erased is taken
(``services._referrer_person``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from django.conf import settings
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int, int_to_base36

SALT = "turnout.actions.referral"
INTAKE_SALT = "turnout.actions.referral.intake"
INTAKE_PREFIX = "i"
SPOOL_SALT = "turnout.actions.referral.spool"
SPOOL_PREFIX = "s"
DIGEST_LENGTH = 10
# The codes of signatures not recorded yet: prefix -> (what it names, key).
WAITING = {INTAKE_PREFIX: ("intake", INTAKE_SALT), SPOOL_PREFIX: ("spool", SPOOL_SALT)}


@functools.lru_cache(maxsize=8)
def _key(salt: str, secret: str) -> bytes:
    # What ``salted_hmac`` derives on every call, derived once per salt and secret.
    return hashlib.sha256(salt.encode() + secret.encode()).digest()


def _digest(value: int, salt: str = SALT) -> str:
    """``salted_hmac(salt, str(value), algorithm="sha256")``, truncated; same codes."""
    key = _key(salt, settings.SECRET_KEY)
    return hmac.digest(key, str(value).encode(), "sha256").hex()[:DIGEST_LENGTH]


def referral_code(person_id: int) -> str:
    return f"{int_to_base36(person_id)}-{_digest(person_id)}"


def _waiting_code(prefix: str, value: int) -> str:
    return f"{prefix}{int_to_base36(value)}-{_digest(value, WAITING[prefix][1])}"


def intake_referral_code(intake_id: int) -> str:
    """The code of a signer whose submission waits in the intake queue."""
    return _waiting_code(INTAKE_PREFIX, intake_id)


def spool_referral_code(ref: int) -> str:
    """The code of a signer whose submission waits in its web process's spool."""
    return _waiting_code(SPOOL_PREFIX, ref)


def _parse(code: str) -> tuple[str, str] | None:
    head, sep, digest = str(code or "").strip().lower().partition("-")
    if not sep or len(digest) != DIGEST_LENGTH or not head or len(head) > 14:
        return None
    return head, digest


def _checked(head: str, digest: str, salt: str) -> int | None:
    if len(head) > 13:
        return None
    try:
        value = base36_to_int(head)
    except ValueError:
        return None
    return value if constant_time_compare(digest, _digest(value, salt)) else None


def referral_person_id(code: str) -> int | None:
    """The person id a person's code names, or None for anything else."""
    parsed = _parse(code)
    return _checked(*parsed, SALT) if parsed else None


def referral_target(code: str) -> tuple[str, int] | None:
    """What a valid code names: ``("person", id)``, ``("intake", id)`` or ``("spool", ref)``;
    None otherwise."""
    parsed = _parse(code)
    if parsed is None:
        return None
    head, digest = parsed
    if head[0] in WAITING:
        kind, salt = WAITING[head[0]]
        value = _checked(head[1:], digest, salt)
        if value is not None:
            return kind, value
    person_id = _checked(head, digest, SALT)
    return ("person", person_id) if person_id is not None else None
