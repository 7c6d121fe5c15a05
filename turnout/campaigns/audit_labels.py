"""Readable audit lines of the campaigns app, one module per area, merged here."""

from ._labels_core import LABELS as CORE
from ._labels_insights import LABELS as INSIGHTS
from ._labels_quests import LABELS as QUESTS
from ._labels_wall import LABELS as WALL

LABELS = {**CORE, **QUESTS, **WALL, **INSIGHTS}
