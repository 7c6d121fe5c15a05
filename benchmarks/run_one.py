"""Run one benchmark in this process on a fresh database, print and save its report.

``BENCH_KEEP_DB=1`` leaves the benchmark's database in place afterwards (its name is printed),
to look into its tables and plans with ``psql``; the next run replaces it."""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from pathlib import Path

import django


def main(name: str) -> int:
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from benchmarks.common import Context

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        module = importlib.import_module(f"benchmarks.{name.replace('-', '_')}")
        ctx = Context(name=name, database=connection.vendor)
        report = module.run(ctx)
        server = server_memory()
    finally:
        if os.environ.get("BENCH_KEEP_DB") == "1":
            print(f"database kept: {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    report = {
        "name": name,
        "database": connection.vendor,
        "machine": f"{platform.machine()} {platform.processor() or ''} "
        f"{os.cpu_count()} cores".strip(),
        "figures": report.get("figures", {}),
        "baseline": report.get("baseline", {}),
        "ratios": report.get("ratios", {}),
    }
    out_dir = Path(settings.BASE_DIR) / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.json").write_text(json.dumps(report, indent=2))
    print(f"database: {report['database']}   machine: {report['machine']}{server}")
    for section, label in (("figures", "figure"), ("baseline", "baseline"), ("ratios", "ratio")):
        for key, value in report[section].items():
            shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
            print(f"  {label:<8} {key:<28} {shown}")
    print(f"  -> {out_dir / (name + '.json')}")
    return 0


def server_memory() -> str:
    """PostgreSQL's buffer cache, which moves the figures of the database-bound benchmarks (the
    default 128 MB holds none of a million-person base; operations.md says what to set)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return f"   shared_buffers: {cursor.fetchone()[0]}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
