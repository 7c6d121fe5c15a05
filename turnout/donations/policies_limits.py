"""Policies of the limits area (rules predicates): admins set the organization's legal
profile; organizers enter and list the donations received outside the site."""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("donations.change_legal_profile", is_admin)
rules.add_perm("donations.record_offline", is_organizer)
