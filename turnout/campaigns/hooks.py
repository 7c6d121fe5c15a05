"""Hooks that other apps call into (activity hook, render hook), one module per area."""

from . import hooks_quests, hooks_wall  # noqa: F401
