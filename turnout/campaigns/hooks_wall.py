"""Hooks of the wall area."""
