"""Who may read the funnel and shape the ladder: organizers, like actions and the CRM."""

import rules

from turnout.organizations.policies import is_organizer

rules.add_perm("funnels.view_funnel", is_organizer)
rules.add_perm("funnels.change_ladder", is_organizer)
