"""Policies of the insights area (rules predicates)."""
