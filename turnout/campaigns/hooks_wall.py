"""Hooks of the wall area (none yet: pledges and clicks call the quests area directly)."""
