"""Policies of the core area (rules predicates)."""
