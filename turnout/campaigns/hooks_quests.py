"""Hooks of the quests area. Importing the tasks registers the hourly refresh of click quests
(``turnout.core.periodic``); importing the visual service registers the campaign batch render
job (``campaigns_visuals_batch``) for worker processes that never load the URLs."""

from . import tasks_quests  # noqa: F401
from .services import visual  # noqa: F401
