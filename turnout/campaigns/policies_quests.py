"""Policies of the quests area (rules predicates)."""
