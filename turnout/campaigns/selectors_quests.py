"""Reads of the quests area."""

from __future__ import annotations


def landing_context(*, campaign, request) -> dict:
    """What the campaign's public landing page shows of this area (template
    campaigns/public/_landing_quests.html)."""
    return {}
