"""Who may do what with events (rules predicates over (user, organization)).

Every member sees the organization's events and may propose one (a volunteer hosting an
event); organizers create, edit, publish and cancel events, answer proposals, see who is
coming (personal data), export the list and check people in at the door."""

import rules

from turnout.organizations.policies import is_member, is_organizer

rules.add_perm("events.view_events", is_member)
rules.add_perm("events.propose_event", is_member)
rules.add_perm("events.change_events", is_organizer)
rules.add_perm("events.review_proposals", is_organizer)
rules.add_perm("events.view_attendees", is_organizer)
rules.add_perm("events.export_attendees", is_organizer)
rules.add_perm("events.checkin", is_organizer)
