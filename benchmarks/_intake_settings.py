"""Settings of the intake benchmark's server and fold worker (benchmarks/intake.py): the
benchmark overlay, with the database task queue of a deployment (django-tasks-db), so that
the sign page only queues a signature and a worker process folds it into the CRM, as in
production (``TURNOUT_BENCH_QUEUE=0`` keeps the overlay's backend, which folds in the
request). ``TURNOUT_BENCH_APPLICATION`` names the processes' PostgreSQL connections, so that
the benchmark tells the server's database CPU from the worker's."""

import os

from turnout.settings.bench import *  # noqa: F403
from turnout.settings.bench import DATABASES

if os.environ.get("TURNOUT_BENCH_QUEUE", "1") != "0":
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "jobs", "messages"],
        }
    }
if os.environ.get("TURNOUT_BENCH_APPLICATION") and "postgresql" in DATABASES["default"]["ENGINE"]:
    DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = os.environ[
        "TURNOUT_BENCH_APPLICATION"
    ]
# The web processes' spool (docs/decisions/0101), in a directory the benchmark names (the
# test overlay below turns it off); empty with BENCH_SPOOL=0.
TURNOUT_INTAKE_SPOOL_DIR = os.environ.get("TURNOUT_BENCH_SPOOL_DIR", "")
# The fold gives way to the sign pages during a peak as deployed (docs/decisions/0103; the test
# overlay turns that off): INTAKE_FOLD_PEAK_SHARE, 0.5 unless told.
from turnout.settings import base as _deployed  # noqa: E402

TURNOUT_INTAKE_FOLD_PEAK_SHARE = _deployed.TURNOUT_INTAKE_FOLD_PEAK_SHARE
