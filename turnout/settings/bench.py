"""Benchmark overlay: the test overlay with logging quiet. The database comes from
DATABASE_URL (PostgreSQL) or is a fresh SQLite file."""

import os

from .test import *  # noqa: F403

LOGGING_CONFIG = None
DEBUG = False

# The intake benchmark's gunicorn server (benchmarks/intake.py) sets these two; nothing else
# does. Its URLs are the project's plus a trivial view measured as the baseline, and its load
# generator posts from one loopback address, so the per-address signature limit of the public
# form (TURNOUT_ACTION_RATE_LIMIT, still checked on every post) is raised for that server only.
if os.environ.get("TURNOUT_BENCH_URLCONF"):
    ROOT_URLCONF = os.environ["TURNOUT_BENCH_URLCONF"]
if os.environ.get("TURNOUT_BENCH_ACTION_RATE_LIMIT"):
    TURNOUT_ACTION_RATE_LIMIT = (int(os.environ["TURNOUT_BENCH_ACTION_RATE_LIMIT"]), 600)
