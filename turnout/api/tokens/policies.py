"""Who manages API tokens: the organization's admins."""

import rules

from turnout.organizations.policies import is_admin

rules.add_perm("api.manage_tokens", is_admin)
