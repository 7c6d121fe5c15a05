"""Gunicorn configuration of the intake benchmark with BENCH_PROFILE_SERVER=1: each worker
runs under cProfile (its CPU time, not its waits) and writes
``var/bench/intake-server-<pid>.prof`` when it exits: where the server side of a request
spends its CPU (read them with ``pstats``)."""

import cProfile
import os
import time
from pathlib import Path

_profiles = {}


def post_fork(server, worker):
    profiler = cProfile.Profile(time.process_time)  # CPU, not waits
    _profiles[os.getpid()] = profiler
    profiler.enable()


def worker_exit(server, worker):
    profiler = _profiles.pop(os.getpid(), None)
    if profiler is None:
        return
    profiler.disable()
    out = Path(os.environ.get("TURNOUT_BENCH_PROFILE_DIR", "var/bench"))
    out.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(out / f"intake-server-{os.getpid()}.prof"))
