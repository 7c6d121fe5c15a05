"""Readable audit lines of canvassing, one module per area, merged here."""

from ._labels_targeting import LABELS as TARGETING
from ._labels_turfs import LABELS as TURFS
from ._labels_visits import LABELS as VISITS

LABELS = {**TARGETING, **TURFS, **VISITS}
