"""Who may see and stop monthly gifts (donors' names and amounts): organizers and above. The
test provider's simulation buttons follow the same rule (they move no money)."""

import rules

from turnout.organizations.policies import is_organizer

rules.add_perm("donations.view_subscriptions", is_organizer)
rules.add_perm("donations.cancel_subscription", is_organizer)
rules.add_perm("donations.simulate_subscription", is_organizer)
