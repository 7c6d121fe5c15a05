"""Errors of the assistant that callers show to people."""

from __future__ import annotations


class QuestionRejected(Exception):
    """The question cannot be answered as sent: ``code`` is one of ``empty``, ``too_long``,
    ``binary``, ``language``, ``country``; ``message`` is translated and shown to the person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = str(message)


class UnknownElection(Exception):
    """An election slug that the organization does not have."""
