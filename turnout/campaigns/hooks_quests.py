"""Hooks of the quests area."""
