"""Who may prepare and run actions: organizers create, edit, publish and close them, manage
their co-sponsors and prepare deliveries; exporting the signers (personal data) is for
admins, as for people exports."""

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("actions.view_actions", is_organizer)
rules.add_perm("actions.change_actions", is_organizer)
rules.add_perm("actions.export_submissions", is_admin)
