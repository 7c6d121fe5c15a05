"""Benchmark overlay: the test overlay with logging quiet. The database comes from
DATABASE_URL (PostgreSQL) or is a fresh SQLite file."""

from .test import *  # noqa: F403

LOGGING_CONFIG = None
DEBUG = False
