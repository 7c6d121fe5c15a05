"""Errors of cooperative campaigns: each carries a message to show the user."""

from __future__ import annotations


class CampaignError(Exception):
    """A refused change, with a message the person can act on."""
