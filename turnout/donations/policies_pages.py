"""Who may prepare fundraising pages: organizers create, edit, publish and close them (the
pages show totals only, no donor)."""

import rules

from turnout.organizations.policies import is_organizer

rules.add_perm("donations.view_pages", is_organizer)
rules.add_perm("donations.change_pages", is_organizer)
