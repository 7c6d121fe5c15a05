"""Policies of the wall area (rules predicates)."""
