"""Writes of get out the vote. Other apps call ``reminder_subscribe``,
``reminder_unsubscribe`` and ``perk_claim`` (the assistant's contract)."""

from .perks import (
    claim_message,
    claim_redeem,
    codes_add,
    offer_save,
    perk_claim,
    read_upload,
    redemptions_import,
)
from .placements import placement_click, placement_delete, placement_save
from .reminders import (
    program_get_or_create,
    program_save,
    program_transition,
    reminder_subscribe,
    reminder_unsubscribe,
    segment_subscribe,
)

__all__ = [
    "claim_message",
    "claim_redeem",
    "codes_add",
    "offer_save",
    "perk_claim",
    "placement_click",
    "placement_delete",
    "placement_save",
    "program_get_or_create",
    "program_save",
    "program_transition",
    "read_upload",
    "redemptions_import",
    "reminder_subscribe",
    "reminder_unsubscribe",
    "segment_subscribe",
]
