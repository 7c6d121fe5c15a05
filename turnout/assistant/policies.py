"""Who may do what in the assistant's workspace, as ``rules`` predicates over (user,
organization).

The workspace is for organizers (and admins, owners): they curate the knowledge base, answer
the inbox and read the conversations. Volunteers never see it (they may be the people who
asked). The channels carry the organization's name to the public (a partner's WhatsApp number,
a skill id), so only admins create or change them; organizers see them.
"""

from __future__ import annotations

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("assistant.view", is_organizer)
rules.add_perm("assistant.manage_elections", is_organizer)
rules.add_perm("assistant.manage_entries", is_organizer)
rules.add_perm("assistant.install_entries", is_organizer)
rules.add_perm("assistant.answer_inbox", is_organizer)
rules.add_perm("assistant.view_conversations", is_organizer)
rules.add_perm("assistant.view_channels", is_organizer)
rules.add_perm("assistant.manage_channels", is_admin)

#: Every permission of the app, in the order of the role matrix of the tests.
PERMISSIONS = (
    "view",
    "manage_elections",
    "manage_entries",
    "install_entries",
    "answer_inbox",
    "view_conversations",
    "view_channels",
    "manage_channels",
)
