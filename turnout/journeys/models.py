"""Models of the journeys app."""
