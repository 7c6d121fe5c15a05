"""The vocabulary of the timeline: every Activity kind a module writes, with the label people
read (on the person page, in the segment builder, in ladder rules).

One list for the whole project, so that a rule written as "did activity X" in one module
matches what another module records. A module that starts writing a new kind adds it here.
Kinds of modules still to come are listed too (``PLANNED``): rules can name them before the
first one is written.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The CRM itself.
PERSON_CREATED = "person.created"
PERSON_UPDATED = "person.updated"
PERSON_MERGED = "person.merged"
PERSON_OBJECTED = "person.objected"
NOTE = "note"
TAG_ADDED = "tag.added"
TAG_REMOVED = "tag.removed"
CONSENT = "consent"
IMPORT = "import"
# Actions (petitions, pledges, forms).
PETITION_SIGNED = "petition_signed"
PLEDGE_TAKEN = "pledge_taken"
FORM_SUBMITTED = "form_submitted"
ACTION_KINDS = (PETITION_SIGNED, PLEDGE_TAKEN, FORM_SUBMITTED)
# Engagement ladder.
RUNG_REACHED = "rung.reached"
# Donations, events, canvassing (later modules).
DONATION_MADE = "donation.made"
EVENT_ATTENDED = "event.attended"
SHIFT_ATTENDED = "shift.attended"
EVENT_RSVP = "event.rsvp"
CANVASS_DONE = "canvass.done"
# Volunteer training.
TRAINING_PASSED = "training.passed"
# Voter-information assistant (a conversation turn of a person who agreed to be remembered).
ASSISTANT_ASKED = "assistant.asked"
# Get out the vote.
REMINDER_SUBSCRIBED = "gotv.reminder_subscribed"
PERK_CLAIMED = "gotv.perk_claimed"

KINDS = {
    PERSON_CREATED: _("Added to the base"),
    PERSON_UPDATED: _("Record updated"),
    PERSON_MERGED: _("Merged with a duplicate"),
    PERSON_OBJECTED: _("Objected to processing"),
    NOTE: _("Note"),
    TAG_ADDED: _("Tag added"),
    TAG_REMOVED: _("Tag removed"),
    "list.added": _("Added to a list"),
    "list.removed": _("Removed from a list"),
    CONSENT: _("Consent recorded"),
    IMPORT: _("Imported"),
    PETITION_SIGNED: _("Signed a petition"),
    PLEDGE_TAKEN: _("Took a pledge"),
    FORM_SUBMITTED: _("Answered a form"),
    "email_sent": _("Was sent an email"),
    "sms_sent": _("Was sent a text message"),
    "email_failed": _("Email could not be delivered"),
    "sms_failed": _("Text message could not be delivered"),
    "email_bounced": _("Email bounced"),
    "email_rejected": _("Email refused by the provider"),
    "email_complained": _("Marked an email as spam"),
    "email_unsubscribed": _("Unsubscribed from emails"),
    "sms_unsubscribed": _("Unsubscribed from text messages"),
    "sms_received": _("Sent a text message"),
    "sms_wrong_number": _("Wrong number"),
    "survey_answer": _("Answered a survey question"),
    RUNG_REACHED: _("Reached a rung of the ladder"),
    DONATION_MADE: _("Donated"),
    EVENT_ATTENDED: _("Came to an event"),
    SHIFT_ATTENDED: _("Did a volunteer shift"),
    EVENT_RSVP: _("Signed up for an event"),
    CANVASS_DONE: _("Went door to door"),
    TRAINING_PASSED: _("Passed a volunteer training"),
    ASSISTANT_ASKED: _("Asked the voter-information assistant"),
    REMINDER_SUBSCRIBED: _("Asked for election reminders"),
    PERK_CLAIMED: _("Claimed a partner perk"),
}
PLANNED = (DONATION_MADE, EVENT_ATTENDED, SHIFT_ATTENDED)


def kind_label(kind: str) -> str:
    """The label of a kind; an unknown kind (written by an older version) shows as is."""
    return str(KINDS.get(kind, kind))
