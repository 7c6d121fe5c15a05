"""Time-ordered identifiers: UUID version 7 (RFC 9562, section 5.7), decision 0107.

The first 48 bits are the Unix time in milliseconds, then the version (7), 12 random bits, the
variant (0b10) and 62 random bits. Identifiers made later sort after earlier ones, so a unique
index on them grows at its right end, like an index on a sequence, rather than taking each
new key at a random place in the whole index; 74 random bits keep them unguessable in practice.
"""

from __future__ import annotations

import os
import time
import uuid

_VERSION = bytes((b & 0x0F) | 0x70 for b in range(256))
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def uuid7() -> uuid.UUID:
    """A new UUID version 7 (a model field's default)."""
    return uuid.UUID(hex=uuid7_hex(1)[0])


def uuid7_hex(count: int, *, ms: int | None = None) -> list[str]:
    """``count`` UUIDs version 7 as 32 hex digits, from one read of os.urandom; they share the
    millisecond ``ms`` (now, unless given)."""
    stamp = (_now_ms() if ms is None else ms).to_bytes(6, "big")
    data = bytearray(os.urandom(16 * count))
    for i, byte in enumerate(stamp):
        data[i::16] = bytes((byte,)) * count
    data[6::16] = data[6::16].translate(_VERSION)
    data[8::16] = data[8::16].translate(_VARIANT)
    text = data.hex()
    return [text[i : i + 32] for i in range(0, 32 * count, 32)]


def uuid7_time_ms(value: uuid.UUID) -> int:
    """The millisecond a UUID version 7 was made."""
    return value.int >> 80
