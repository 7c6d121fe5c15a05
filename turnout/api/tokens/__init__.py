"""API tokens: creation (the secret shown once), revocation, the workspace pages."""
