"""Models of the funnels app."""
