"""Policies of the quests area (rules predicates over (user, organization in the URL)).

- ``campaigns.quests_view``: any member sees the quest board, the review queue and the editor.
- ``campaigns.quests_work``: organizers and above mark quests done, send evidence, download
  the campaign visual (participant side) and review evidence (initiator side).
- ``campaigns.quests_manage``: admins and owners of the initiator edit quests and start the
  batch render.
"""

import rules

from turnout.organizations.policies import is_admin, is_member, is_organizer

rules.add_perm("campaigns.quests_view", is_member)
rules.add_perm("campaigns.quests_work", is_organizer)
rules.add_perm("campaigns.quests_manage", is_admin)
