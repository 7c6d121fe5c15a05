"""Policies of the wall area (rules predicates): every member sees its organization's
contributions and reach; organizers add and remove contributions and declared figures, and,
on the initiator's side, hide contributions from the wall."""

import rules

from turnout.organizations.policies import is_member, is_organizer

rules.add_perm("campaigns.view_wall", is_member)
rules.add_perm("campaigns.change_wall", is_organizer)
