"""Who may manage outgoing webhooks: the organization's admins (and owners)."""

from __future__ import annotations

import rules

from turnout.organizations.policies import is_admin

rules.add_perm("api.manage_webhooks", is_admin)
