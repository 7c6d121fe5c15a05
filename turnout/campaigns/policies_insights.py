"""Policies of the insights area (rules predicates): the impact dashboard, sister campaigns and
the sales pipeline are the initiator's, for its organizers (volunteers are refused). Cloning
into an organization needs the admin role there (checked against the chosen organization)."""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("campaigns.view_insights", is_organizer)
rules.add_perm("campaigns.change_pipeline", is_organizer)
rules.add_perm("campaigns.clone_campaign", is_admin)
