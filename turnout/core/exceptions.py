class JobCancelled(Exception):
    """Raised inside a job handler when someone cancelled the job."""
