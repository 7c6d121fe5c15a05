"""Who may see and shape journeys: organizers, like actions and the CRM (journeys send
messages to people and show their step logs). Follow-up tasks are organizers' work too."""

import rules

from turnout.organizations.policies import is_organizer

rules.add_perm("journeys.view_journeys", is_organizer)
rules.add_perm("journeys.change_journeys", is_organizer)
rules.add_perm("journeys.view_tasks", is_organizer)
