"""Who may prepare and run actions: organizers create, edit, publish and close them."""

import rules

from turnout.organizations.policies import is_organizer

rules.add_perm("actions.view_actions", is_organizer)
rules.add_perm("actions.change_actions", is_organizer)
