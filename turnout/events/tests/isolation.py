"""How to make, in another organization, each object that an events URL names, and why the
public event URLs may take ids or tokens outside a workspace."""

from .factories import AttendanceFactory, EventFactory

OBJECT_KWARGS = {
    "event_id": lambda org: EventFactory(organization=org).pk,
    "attendance_token": lambda org: AttendanceFactory(organization=org).token,
}

EXEMPT = {
    "events_public:event": "public page of a published event, by its public address "
    "(internal events: members only)",
    "events_public:feed": "an organization's calendar feed of its public published events",
    "events_public:rsvp": "an attendee's ticket, by the secret token of their RSVP",
    "events_public:rsvp_ics": "an attendee's calendar file, by the secret token of their RSVP",
    "events_public:rsvp_cancel": "an attendee's cancel button, by the secret token of their RSVP",
}
