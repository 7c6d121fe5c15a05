"""Background jobs of the actions app register by being imported here."""

from . import deliveries as _deliveries  # noqa: F401
from . import exports as _exports  # noqa: F401
