"""Run the benchmarks: ``python -m benchmarks [NAME ...]`` (``make bench NAME=import``).

Each benchmark is a module ``benchmarks/<name>.py`` (dashes become underscores) with a
``run(ctx)`` function returning ``{"figures": {...}, "baseline": {...}, "ratios": {...}}``.
Each runs in its own process (so its peak memory is its own) against a fresh database:
PostgreSQL when DATABASE_URL is set, SQLite otherwise. Results are printed and written to
``var/bench/<name>.json``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(
        p.stem.replace("_", "-")
        for p in HERE.glob("*.py")
        if not p.stem.startswith("_") and p.stem not in {"common", "run_one"}
    )


def main(argv: list[str]) -> int:
    names = [n for arg in argv for n in arg.split()] or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(f"Unknown benchmark(s): {', '.join(unknown)}. Available: {', '.join(available())}")
        return 2
    failed = 0
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "turnout.settings.bench"}
        result = subprocess.run([sys.executable, "-m", "benchmarks.run_one", name], env=env)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
