"""Reads of the wall area."""

from __future__ import annotations


def landing_context(*, campaign, request) -> dict:
    """What the campaign's public landing page shows of this area (template
    campaigns/public/_landing_wall.html)."""
    return {}
