"""Readable audit lines of donations, one module per area, merged here."""

from ._labels_analytics import LABELS as ANALYTICS
from ._labels_limits import LABELS as LIMITS
from ._labels_pages import LABELS as PAGES
from ._labels_providers import LABELS as PROVIDERS
from ._labels_receipts import LABELS as RECEIPTS
from ._labels_subscriptions import LABELS as SUBSCRIPTIONS

LABELS = {**ANALYTICS, **LIMITS, **PAGES, **PROVIDERS, **RECEIPTS, **SUBSCRIPTIONS}
