import time
import uuid

from turnout.core.ids import uuid7, uuid7_hex, uuid7_time_ms


def test_a_uuid7_carries_its_version_variant_and_the_time_it_was_made():
    before = time.time_ns() // 1_000_000
    value = uuid7()
    after = time.time_ns() // 1_000_000
    assert value.version == 7 and value.variant == uuid.RFC_4122
    assert before <= uuid7_time_ms(value) <= after


def test_later_uuid7s_sort_after_earlier_ones_and_a_batch_shares_its_millisecond():
    first = uuid7_hex(1000, ms=1_750_000_000_000)
    second = uuid7_hex(1000, ms=1_750_000_000_001)
    assert len(set(first + second)) == 2000  # the random bits differ within a millisecond
    assert max(first) < min(second)
    for text in first:
        value = uuid.UUID(hex=text)
        assert value.version == 7 and value.variant == uuid.RFC_4122
        assert uuid7_time_ms(value) == 1_750_000_000_000
    # RFC 9562's example: 2022-02-22 19:22:22 UTC is 0x017F22E279B0 milliseconds.
    assert uuid7_hex(1, ms=0x017F22E279B0)[0].startswith("017f22e279b07")
