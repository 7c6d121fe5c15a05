"""Who may do what in training, as ``rules`` predicates over (user, organization).

Every member takes the trainings; organizers (and admins, owners) write modules, set the
required trainings and see everyone's progress."""

from __future__ import annotations

import rules

from turnout.organizations.policies import is_member, is_organizer

rules.add_perm("training.take", is_member)
rules.add_perm("training.manage", is_organizer)
rules.add_perm("training.view_progress", is_organizer)
