"""Who may do what with campaigns (``rules`` predicates), one module per area."""

from . import policies_core, policies_insights, policies_quests, policies_wall  # noqa: F401
