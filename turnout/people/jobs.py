"""Background jobs of the CRM register by being imported here."""

from . import exports as _exports  # noqa: F401
from .imports import jobs as _imports_jobs  # noqa: F401
from .rights import jobs as _rights_jobs  # noqa: F401
from .segments import jobs as _segment_jobs  # noqa: F401
