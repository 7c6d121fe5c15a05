"""Counting and splitting SMS text the way the mobile networks do (pure functions).

Rules (3GPP TS 23.038 for the alphabet, TS 23.040 for concatenation):

- A text written only with characters of the GSM 03.38 *default alphabet* and its *extension
  table* is sent in GSM-7: a single message holds 160 septets; a concatenated message spends 7
  septets of each part on the user data header, leaving 153 per part. An extension character
  (``€ [ ] { } \\ ~ ^ |`` and form feed) is sent as ESC + character, so it costs 2 septets, and
  the two septets are never split across parts (a part may therefore carry 152 septets).
- Any other character switches the whole message to UCS-2 (in practice UTF-16): 70 code units
  in a single message, 67 per part when concatenated. A character outside the Basic
  Multilingual Plane (most emoji) is a surrogate pair: it costs 2 code units and is never split.

The same tables and the same greedy split are implemented in
``static/messaging/sms-counter.js``; a test reads the tables out of that file so they cannot
drift. Browsers send textarea line breaks as ``\\r\\n``: pass form input through
:func:`sms_normalize_newlines` before counting or sending, as the counter counts ``\\n``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "GSM_BASIC",
    "GSM_EXTENSION",
    "GSM_PART_LIMIT",
    "GSM_SINGLE_LIMIT",
    "UCS2_PART_LIMIT",
    "UCS2_SINGLE_LIMIT",
    "SmsEncoding",
    "SmsInfo",
    "is_gsm_character",
    "non_gsm_characters",
    "sms_encoding",
    "sms_normalize_newlines",
    "sms_segments",
    "sms_split",
]

SmsEncoding = Literal["GSM-7", "UCS-2"]

#: The GSM 03.38 default alphabet in code order 0x00-0x7F, without 0x1B (the escape to the
#: extension table, which is not a character of its own).
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"  # 0x10-0x1F, 0x1B (ESC) left out
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

#: The characters of the GSM 03.38 extension table that networks deliver (each costs 2 septets).
GSM_EXTENSION = "\f^{}\\[~]|€"

GSM_SINGLE_LIMIT = 160
GSM_PART_LIMIT = 153
UCS2_SINGLE_LIMIT = 70
UCS2_PART_LIMIT = 67

_GSM_BASIC_SET = frozenset(GSM_BASIC)
_GSM_EXTENSION_SET = frozenset(GSM_EXTENSION)


@dataclass(frozen=True, slots=True)
class SmsInfo:
    """What a text costs as an SMS.

    ``characters`` counts Unicode code points (what a person counts); ``units`` counts septets
    (GSM-7) or UTF-16 code units (UCS-2); ``per_segment`` is the capacity of one part for this
    text (160/70 when it fits in one message, 153/67 otherwise); ``remaining_in_segment`` is
    what is left in the last part. An empty text has 0 segments.
    """

    encoding: SmsEncoding
    characters: int
    units: int
    segments: int
    per_segment: int
    remaining_in_segment: int


def is_gsm_character(character: str) -> bool:
    """Whether one character can be sent in GSM-7 (default alphabet or extension table)."""
    return character in _GSM_BASIC_SET or character in _GSM_EXTENSION_SET


def non_gsm_characters(text: str) -> list[str]:
    """The distinct characters that force UCS-2, in order of first appearance."""
    seen: dict[str, None] = {}
    for character in text:
        if not is_gsm_character(character):
            seen.setdefault(character, None)
    return list(seen)


def sms_encoding(text: str) -> SmsEncoding:
    """``"GSM-7"`` when every character is in the GSM alphabet or extension, else ``"UCS-2"``."""
    return "GSM-7" if all(map(is_gsm_character, text)) else "UCS-2"


def sms_normalize_newlines(text: str) -> str:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n`` (as the browser counter sees the text)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unit_cost(character: str, encoding: SmsEncoding) -> int:
    if encoding == "GSM-7":
        return 2 if character in _GSM_EXTENSION_SET else 1
    return 2 if ord(character) > 0xFFFF else 1


def _limits(encoding: SmsEncoding) -> tuple[int, int]:
    if encoding == "GSM-7":
        return GSM_SINGLE_LIMIT, GSM_PART_LIMIT
    return UCS2_SINGLE_LIMIT, UCS2_PART_LIMIT


def _split(text: str, encoding: SmsEncoding) -> tuple[list[str], list[int]]:
    """Parts and the units each one uses (greedy, never splitting a 2-unit character)."""
    single, per_part = _limits(encoding)
    costs = [_unit_cost(character, encoding) for character in text]
    total = sum(costs)
    if not text:
        return [], []
    if total <= single:
        return [text], [total]
    parts: list[str] = []
    used: list[int] = []
    start = 0
    current = 0
    for index, cost in enumerate(costs):
        if current + cost > per_part:
            parts.append(text[start:index])
            used.append(current)
            start, current = index, 0
        current += cost
    parts.append(text[start:])
    used.append(current)
    return parts, used


def sms_split(text: str) -> list[str]:
    """The parts a network delivers for ``text``, exactly as :func:`sms_segments` counts them.

    ``"".join(sms_split(text)) == text``; an empty text gives ``[]``.
    """
    return _split(text, sms_encoding(text))[0]


def sms_segments(text: str) -> SmsInfo:
    """Encoding, size and number of segments of ``text`` (see the module docstring for rules)."""
    encoding = sms_encoding(text)
    parts, used = _split(text, encoding)
    single, per_part = _limits(encoding)
    per_segment = single if len(parts) <= 1 else per_part
    return SmsInfo(
        encoding=encoding,
        characters=len(text),
        units=sum(used),
        segments=len(parts),
        per_segment=per_segment,
        remaining_in_segment=per_segment - (used[-1] if used else 0),
    )
