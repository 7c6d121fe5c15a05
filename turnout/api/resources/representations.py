"""Every representation of the resource families, in one place for the webhook payloads
(``turnout/api/webhooks/payloads.py`` looks here for ``signature_representation``,
``submission_representation``, ``donation_representation``, ``attendance_representation``)."""

from .actions.representations import (
    form_representation,
    petition_representation,
    signature_representation,
    submission_representation,
)
from .canvassing.representations import (
    answer_representation,
    canvass_representation,
    effort_representation,
    question_representation,
)
from .donations.representations import (
    donation_representation,
    fundraising_page_representation,
)
from .events.representations import attendance_representation, event_representation
from .messages.representations import message_representation

__all__ = [
    "answer_representation",
    "attendance_representation",
    "canvass_representation",
    "donation_representation",
    "effort_representation",
    "event_representation",
    "form_representation",
    "fundraising_page_representation",
    "message_representation",
    "petition_representation",
    "question_representation",
    "signature_representation",
    "submission_representation",
]
