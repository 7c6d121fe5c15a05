"""Policies of the core area (rules predicates), checked against the organization of the URL.

- Initiator pages (setup, charter, partners, moderation) and participant pages: organizer,
  admin or owner of that organization (the mixin then says which side it is on).
- Applying to a campaign: owner or admin of the applying organization (it commits the
  organization to the charter).
"""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("campaigns.view_campaigns", is_organizer)
rules.add_perm("campaigns.manage_campaign", is_organizer)
rules.add_perm("campaigns.view_participation", is_organizer)
rules.add_perm("campaigns.apply", is_admin)
