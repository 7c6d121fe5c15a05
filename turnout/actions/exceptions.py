class SubmissionRefused(ValueError):
    """The submission cannot be taken (action not open, unusable data, bad or expired token)."""
