"""Writes of the voter-information assistant, one module per area."""
