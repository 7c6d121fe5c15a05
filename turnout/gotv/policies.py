"""Who may do what in get out the vote (rules predicates over (user, organization)).

Every member sees the programs, perks and placements with their figures; organizers create and
change them, subscribe segments, upload codes and redemptions; only admins see the codes
themselves (a list of codes is a list of free rides)."""

import rules

from turnout.organizations.policies import is_admin, is_member, is_organizer

rules.add_perm("gotv.view_gotv", is_member)
rules.add_perm("gotv.change_programs", is_organizer)
rules.add_perm("gotv.change_perks", is_organizer)
rules.add_perm("gotv.change_placements", is_organizer)
rules.add_perm("gotv.view_codes", is_admin)
rules.add_perm("gotv.view_people", is_organizer)
