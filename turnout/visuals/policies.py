"""Who may do what with campaign visuals."""

from __future__ import annotations

import rules

from turnout.organizations.policies import is_admin, is_organizer

rules.add_perm("visuals.view_visuals", is_organizer)
rules.add_perm("visuals.change_brand_kit", is_admin)
rules.add_perm("visuals.manage_templates", is_admin)
