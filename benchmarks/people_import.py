"""Import of a generated supporter file (``make bench NAME=people-import``).

The file: BENCH_ROWS rows (1,000,000 unless told otherwise) of French and German supporters,
semicolon-separated UTF-8 as a French spreadsheet program writes it, from a fixed seed: first
and last names, email, phone (70 %), street address, postcode and town (80 %), date of birth in
three formats (50 %), tags (20 %). 10 % of the rows repeat an earlier row (the same person,
email in capitals or the phone written differently), about 1 % hold an invalid email, phone
or date. It is written once to ``var/bench/`` and reused.

It is imported through the real job: a Job of kind ``people_import`` run by
``core.jobs.job_run``, batches and all. Figures: rows per second over the whole job (counting
pass, reading, checking, writing, report), the peak resident memory of the process, and the
counts. Baseline: a bare ``csv.reader`` pass over the same file in the same run.

For looking into it: ``BENCH_PROFILE=file`` writes cProfile figures (batches read in line, or
with ``BENCH_PROFILE_THREADED=1`` the writing thread alone); ``BENCH_SQL_TIMES=1`` prints the
time spent per statement kind and the plans of the look-ups on the filled tables.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.files import File

from benchmarks.common import children_cpu_seconds, children_peak_rss_mb, peak_rss_mb, stopwatch
from turnout.people.demo import AT_FAMILY, AT_GIVEN, FR_FAMILY, FR_GIVEN

SEED = 20_250_612
# The demo data's name lists: realistic French, German and Austrian names.
GIVEN = FR_GIVEN + AT_GIVEN
FAMILY = FR_FAMILY + AT_FAMILY
TOWNS = [
    ("29200", "Brest"),
    ("35000", "Rennes"),
    ("69003", "Lyon"),
    ("75011", "Paris"),
    ("13001", "Marseille"),
    ("31000", "Toulouse"),
    ("67000", "Strasbourg"),
    ("44000", "Nantes"),
    ("10115", "Berlin"),
    ("80331", "München"),
    ("50667", "Köln"),
    ("20095", "Hamburg"),
    ("01067", "Dresden"),
    ("04109", "Leipzig"),
]
STREETS = [
    "rue de Siam",
    "avenue Jean Jaurès",
    "place de la République",
    "Hauptstraße",
    "Bahnhofstraße",
    "rue Victor Hugo",
    "Lindenallee",
    "boulevard Gambetta",
]
DOMAINS = [
    "gmail.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "web.de",
    "gmx.de",
    "posteo.de",
    "yahoo.fr",
    "outlook.com",
    "t-online.de",
]
TAGS = ["bénévole", "donateur", "fête de la rose", "porte-à-porte", "Newsletter", "Mitglied"]
HEADER = [
    "Prénom",
    "Nom",
    "E-mail",
    "Téléphone",
    "Adresse",
    "Code postal",
    "Ville",
    "Date de naissance",
    "Tags",
]


def _ascii(text: str) -> str:
    flat = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return flat.lower().replace(" ", "").replace("-", "")


def identity(i: int) -> list[str]:
    """The person of row i (a duplicate row repeats the identity of an earlier i)."""
    given = GIVEN[(i * 7919) % len(GIVEN)]
    family = FAMILY[(i * 104_729) % len(FAMILY)]
    email = f"{_ascii(given)}.{_ascii(family)}.{i}@{DOMAINS[i % len(DOMAINS)]}"
    h = (i * 2_654_435_761) % 100_000_000
    if i % 10 < 7:
        if i % 3 == 0:
            phone = f"+49 151 {h:08d}"
        else:
            lead = h // 1_000_000 % 89  # 0600-0689 but 0639: all assigned to mobiles
            lead += lead >= 39
            phone = f"06 {lead:02d} {h // 10_000 % 100:02d} {h // 100 % 100:02d} {h % 100:02d}"
    else:
        phone = ""
    postcode, town = TOWNS[i % len(TOWNS)] if i % 5 else ("", "")
    street = f"{i % 180 + 1} {STREETS[i % len(STREETS)]}" if town else ""
    day, month, year = i % 28 + 1, i % 12 + 1, 1940 + i % 65
    birth = [
        "",
        f"{day:02d}/{month:02d}/{year}",
        "",
        f"{year}-{month:02d}-{day:02d}",
        f"{day:02d}.{month:02d}.{year}",
        "",
    ][i % 6]
    tags = TAGS[i % len(TAGS)] if i % 5 == 1 else ""
    return [given, family, email, phone, street, postcode, town, birth, tags]


def generate(path: Path, rows: int) -> dict:
    rng = random.Random(SEED)
    duplicates = invalid = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(rows):
            if n > 10 and rng.random() < 0.10:
                row = identity(rng.randrange(n))
                duplicates += 1
                if rng.random() < 0.5:
                    row[2] = row[2].upper()
                if row[3] and row[3].startswith("06"):
                    row[3] = "+33 " + row[3][1:]
            else:
                row = identity(n)
                roll = rng.random()
                if roll < 0.004:
                    row[2] = row[2].replace("@", "@@")
                    row[3] = ""
                    invalid += 1
                elif roll < 0.007:
                    row[3] = "12 34"
                    row[2] = ""
                    invalid += 1
                elif roll < 0.010:
                    row[7] = "31/02/1980"
                    invalid += 1
            writer.writerow(row)
    return {"duplicates": duplicates, "invalid": invalid}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _database_cpu_seconds() -> float | None:
    """CPU time of this connection's PostgreSQL server process, when it runs on this machine
    (read from /proc); None otherwise."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def csv_baseline(path: Path) -> float:
    with stopwatch() as timer, path.open(encoding="utf-8", newline="") as handle:
        count = sum(1 for _row in csv.reader(handle, delimiter=";"))
    return count / timer["seconds"]


def _time_statements(ctx) -> dict:
    """Wall time of the import's statements and COPYs by kind, printed at exit (a look at
    where the database time goes; batches read in line). Returns the last SQL of each kind,
    for ``_explain``."""
    import atexit
    import time
    from collections import defaultdict

    from django.db import connection

    from turnout.people.imports import writer

    spent: dict = defaultdict(float)
    calls: dict = defaultdict(int)
    last: dict = {}

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = " ".join(sql.split()[:4])[:60]
            spent[key] += time.perf_counter() - start
            if not many and sql.lstrip().startswith(("SELECT", "WITH")):
                last[key] = (sql, params)
            calls[key] += 1

    from turnout.people.imports import pipeline

    pipeline.PREFETCH = False  # no waiting for the reading thread in the figures
    connection.execute_wrappers.append(timed)
    insert = writer.BulkTable.insert

    def timed_insert(self, rows):
        start = time.perf_counter()
        try:
            return insert(self, rows)
        finally:
            spent["COPY " + self.table] += time.perf_counter() - start
            calls["COPY " + self.table] += 1

    writer.BulkTable.insert = timed_insert

    def show():
        for key, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[:25]:
            ctx.say(f"{seconds:8.2f} s {calls[key]:6d}  {key}")

    atexit.register(show)
    return last


def _explain(ctx, last: dict) -> None:
    """EXPLAIN ANALYZE of the last run of each look-up, on the full tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        for key, (sql, params) in last.items():
            if "FOR KEY SHARE" in sql or "nextval" in sql or "people_" not in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            ctx.say(key)
            for (line,) in cursor.fetchall():
                ctx.say("    " + line)


def run(ctx) -> dict:
    from turnout.core.jobs import job_run
    from turnout.core.models import Job
    from turnout.organizations.models import Organization
    from turnout.people.imports import reader, services
    from turnout.people.imports.mapping import suggest, targets_for
    from turnout.people.models import PeopleImport

    rows = int(os.environ.get("BENCH_ROWS", "1000000"))
    out_dir = Path(settings.BASE_DIR) / "var" / "bench"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"people-import-{rows}.csv"
    if not path.exists():
        ctx.say(f"generating {rows:,} rows into {path} ...")
        with stopwatch() as timer:
            made = generate(path.with_suffix(".tmp"), rows)
        path.with_suffix(".tmp").rename(path)
        ctx.say(
            f"  {made['duplicates']:,} duplicates, {made['invalid']:,} invalid rows "
            f"({timer['seconds']:.1f} s)"
        )
    size_mb = path.stat().st_size / 1e6
    parse_rate = csv_baseline(path)
    ctx.say(f"file: {size_mb:.0f} MB; csv.reader alone: {parse_rate:,.0f} rows/s")

    from django.contrib.auth import get_user_model

    org = Organization.objects.create(name="Bench import", slug="bench-import", country="FR")
    user = get_user_model().objects.create_user(email="bench@example.org", password=None)
    with path.open("rb") as handle:
        info = reader.inspect(handle, path.name)
        upload = File(handle, name=path.name)
        upload.size = path.stat().st_size
        imp = services.import_create(organization=org, user=user, upload=upload, info=info)
    available = {v for v, _ in targets_for(custom_fields=[], include_sensitive=True)}
    columns = suggest(imp.headers, available)
    ctx.say("columns: " + ", ".join(f"{h}→{c}" for h, c in zip(imp.headers, columns, strict=True)))
    imp.mapping = {**imp.mapping, "columns": columns, "on_match": "update"}
    imp.consent_basis = "Benchmark: generated data"
    imp.status = PeopleImport.Status.QUEUED
    job = Job.objects.create(
        organization=org,
        kind=services.IMPORT_JOB,
        title="bench import",
        params={"import_id": imp.pk},
        created_by=user,
    )
    imp.job = job
    imp.save()

    cpu_before, db_before = _cpu_seconds(), _database_cpu_seconds()
    reader_before, reader_peak_before = children_cpu_seconds(), children_peak_rss_mb()
    profile_to = os.environ.get("BENCH_PROFILE")  # a file for cProfile's figures
    last = _time_statements(ctx) if os.environ.get("BENCH_SQL_TIMES") else None
    with stopwatch() as timer:
        if profile_to:
            import cProfile

            from turnout.people.imports import pipeline

            # BENCH_PROFILE_THREADED=1: the reading thread on (only the writing one profiled)
            pipeline.PREFETCH = bool(os.environ.get("BENCH_PROFILE_THREADED"))
            with cProfile.Profile() as profiler:
                outcome = job_run(job_id=job.pk)
            profiler.dump_stats(profile_to)
        else:
            outcome = job_run(job_id=job.pk)
    cpu = _cpu_seconds() - cpu_before
    db_after = _database_cpu_seconds()
    if last:
        _explain(ctx, last)
    db_cpu = db_after - db_before if db_before is not None and db_after is not None else None
    # The reading process (pipeline.ReadingProcess) runs beside this one: the peak counted is
    # the sum of both peaks, an upper bound (the pages the fork shares are counted twice).
    reader_cpu = children_cpu_seconds() - reader_before
    reader_peak = children_peak_rss_mb() if reader_cpu else 0.0
    if reader_peak_before and reader_cpu:
        ctx.say("note: an earlier child process may hide the reading process's peak")
    peak = peak_rss_mb() + reader_peak
    job.refresh_from_db()
    imp.refresh_from_db()
    if outcome != "succeeded":
        raise RuntimeError(f"import job {outcome}: {job.error}")
    seconds = timer["seconds"]
    rate = imp.total_rows / seconds
    ctx.say(
        f"{imp.total_rows:,} rows in {seconds:.1f} s ({cpu:.1f} s of CPU in this process, "
        f"{reader_cpu:.1f} s in the reading process): "
        f"{imp.created_count:,} created, "
        f"{imp.updated_count:,} updated, {imp.rejected_count:,} rejected"
    )
    return {
        "figures": {
            "rows_per_s": round(rate, 1),
            "peak_mb": round(peak, 1),
            "rows": imp.total_rows,
            "seconds": round(seconds, 2),
            "python_cpu_s": round(cpu, 2),
            "reader_process_cpu_s": round(reader_cpu, 2),
            "reader_process_peak_mb": round(reader_peak, 1),
            **({"database_cpu_s": round(db_cpu, 2)} if db_cpu is not None else {}),
            "created": imp.created_count,
            "updated": imp.updated_count,
            "rejected": imp.rejected_count,
            "suppressed": imp.suppressed_count,
            "file_mb": round(size_mb, 1),
        },
        "baseline": {"csv_parse_rows_per_s": round(parse_rate, 1)},
        "ratios": {"import_vs_parse": round(rate / parse_rate, 4)},
    }
