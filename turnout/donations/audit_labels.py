"""Readable audit lines of donations, one module per area, merged here."""

from ._labels_limits import LABELS as LIMITS
from ._labels_providers import LABELS as PROVIDERS
from ._labels_receipts import LABELS as RECEIPTS

LABELS = {**LIMITS, **PROVIDERS, **RECEIPTS}
