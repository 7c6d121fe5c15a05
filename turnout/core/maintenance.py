"""Daily housekeeping of the platform itself, run by the workers."""

from datetime import timedelta

from .jobs import job_files_purge
from .periodic import periodic


@periodic("job_files_purge", every=timedelta(days=1))
def purge_old_job_files():
    return {"purged": job_files_purge()}
