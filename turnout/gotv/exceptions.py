"""Errors of get-out-the-vote services: ``code`` for programs, ``message`` (translated) for
people."""

from __future__ import annotations


class GotvError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class ReminderError(GotvError):
    """A subscription or a program change that cannot be made (codes: ``channel``,
    ``no_contact``, ``over``, ``status``, ``texts``)."""


class PerkError(GotvError):
    """A claim or a pool change that cannot be made (codes: ``closed``, ``erased``,
    ``empty_input``, ``file``)."""


class PoolEmpty(PerkError):
    """Every code of the offer has been given out."""

    def __init__(self, message: str):
        super().__init__("pool_empty", message)


class PlacementError(GotvError):
    """A placement that cannot be linked to its campaign (codes: ``campaign``)."""
