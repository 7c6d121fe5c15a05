"""Who may send what. Organizers prepare and send broadcasts and run texting campaigns;
volunteers text only the people assigned to them; admins change sending settings and
undo opt-outs (on the people's suppression list)."""

import rules

from turnout.organizations.policies import is_admin, is_member, is_organizer

rules.add_perm("messaging.send_broadcasts", is_organizer)
rules.add_perm("messaging.manage_texting", is_organizer)
rules.add_perm("messaging.text", is_member)
rules.add_perm("messaging.manage_settings", is_admin)
