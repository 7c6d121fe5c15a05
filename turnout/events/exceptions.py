"""What the events services refuse, with the message to show."""

from __future__ import annotations


class EventError(Exception):
    """An event write the data does not allow. ``errors`` maps a form field name (or
    ``None`` for the whole form) to its messages, so a form can show each where it belongs."""

    def __init__(self, errors: dict[str | None, list[str]] | str):
        if isinstance(errors, str):
            errors = {None: [errors]}
        self.errors = errors
        super().__init__("; ".join(str(m) for messages in errors.values() for m in messages))

    @property
    def messages(self) -> list[str]:
        return [str(m) for messages in self.errors.values() for m in messages]


class RsvpRefused(Exception):
    """An RSVP that cannot be taken (event closed or over, shift full without a waiting
    list...), with the message to show the visitor."""
