# ruff: noqa: S608  (set-up SQL built only from this module's constants, column names, integers)
"""Signature intake behind gunicorn (``make bench NAME=intake``), PostgreSQL only.

The public sign page of a published petition is served by gunicorn (the project's WSGI
application, BENCH_GUNICORN_WORKERS sync workers, 3 by default; BENCH_GUNICORN_THREADS > 1
switches to gthread) on 127.0.0.1, and a standard-library load generator in this process
(benchmarks/_loadgen.py: BENCH_CLIENTS closed-loop clients, 2 per worker by default) posts the
form as a browser does: it loads the page once for the CSRF cookie and the hidden fields, then
posts every field with a new email address, and one time in ten an address it already signed
with (the update path). A run lasts BENCH_SECONDS (20) after BENCH_WARMUP seconds (3).

The sign page writes each signature to its gunicorn process's spool file and flushes it to
disk; the process's own thread moves the lines into the intake queue every half second
(docs/decisions/0101; BENCH_SPOOL=0: one intake row inserted by each request, 0043); one worker
process (``manage.py worker --queue-name default,messages``, BENCH_WORKER_QUEUES) folds the
queue into the CRM alongside, as deployed: both run on the database task backend
(benchmarks/_intake_settings.py). After each intake run the benchmark waits until the worker
has folded everything (the drain, at most BENCH_DRAIN_SECONDS, 600), then checks the database.
The worker runs with ``--nice`` BENCH_WORKER_NICE (10), as docs/operations.md advises for a
worker folding on a machine that also serves the sign pages (docs/decisions/0058): during the
load the sign pages get the CPU first and the fold catches up after; BENCH_WORKER_NICE=0 runs
it at the same priority. While signatures arrive the fold also works only part of the time
(INTAKE_FOLD_PEAK_SHARE, 0.5 as deployed; 1 never pauses; docs/decisions/0103).
BENCH_QUEUE=0 runs without a worker, the fold in the request (the test overlay's backend);
BENCH_FOLD_ALONGSIDE=0 pauses the worker during the load (the request path on its own).

1. Baseline: ``/bench/ok``, a trivial view behind the same middleware stack, same server, same
   clients (benchmarks/_intake_urls.py). Figures: ``hello_per_s``, p50/p99.
2. Intake on an empty table: ``signatures_per_s`` (accepted posts), ``p50_ms``, ``p99_ms``,
   what was not accepted by status; the fold: rows folded during the run
   (``fold_rows_per_s``), ``backlog_at_end``, ``drain_s`` and ``drain_rows_per_s`` (the worker
   alone), the worker's CPU per row, ``end_to_end_per_s`` (signatures in the CRM over the run
   and the drain). Then the check: every address the server accepted is stored exactly once
   (``lost``, ``duplicated``), the rows equal the distinct accepted addresses, one intake row
   per accepted post and none waiting or refused, the counter equals the confirmed rows, each
   confirmed signature has one timeline entry. ``ratio_to_hello`` = intake / trivial (goal: at
   least 0.25); ``end_to_end_ratio_to_hello`` the same for signatures in the CRM.
3. The same with double opt-in (``doi_signatures_per_s``; BENCH_DOI=0 skips it): the
   submission waits, the worker sends the confirmation email; nothing is counted.
4. BENCH_STORED signatures (10,000,000) are written in the database with set-based SQL:
   BENCH_STORED / 10 people with an email address, a current email consent and their activity
   counters, each of whom signed 10 other petitions of the same organization, each signature
   with its (recorded) intake row (BENCH_PREFILL_INTAKE=0 leaves those out); then VACUUM
   ANALYZE and CHECKPOINT. The trivial view and the intake are measured again on a new
   petition: ``ratio_at_10m`` = intake now / intake on the empty table (goal: at least 0.90),
   ``ratio_at_10m_to_hello`` corrects it by the trivial view's own drift between the two.

The per-address limit of the sign form (TURNOUT_ACTION_RATE_LIMIT) would refuse a generator
that posts from one address: the bench server alone runs with a limit of 10^9 per 10 minutes
(turnout/settings/bench.py), still checked on every post.

Statements per request (page, post, post again, double opt-in), per folded row and per
synchronous ``submission_record`` are counted in this process and printed. BENCH_PROFILE=1
adds a cProfile of the fold of a batch of queued rows (var/bench/intake.prof, top 20 printed)
and the SQL of each (var/bench/intake-queries.txt); BENCH_PROFILE_SERVER=1 profiles the
gunicorn workers' CPU (var/bench/intake-server-<pid>.prof).

Timing figures are only meaningful on a quiet machine: the server, the worker, PostgreSQL and
the generator share its cores (each one's CPU time is printed after each run).
"""

from __future__ import annotations

import cProfile
import http.client
import io
import math
import os
import pstats
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from benchmarks import _loadgen as loadgen
from benchmarks.common import stopwatch

LANGUAGE = "fr"
CONSENT_TEXT = {
    "fr": "J'accepte de recevoir les nouvelles de la campagne par email.",
    "en": "I agree to receive news from the campaign by email.",
}
RATE_LIMIT_FOR_BENCH = 1_000_000_000
STORED_ACTIONS = 10
WEB_APPLICATION = "bench-web"
FOLD_APPLICATION = "bench-fold"


def worker_nice() -> int:
    return _env_int("BENCH_WORKER_NICE", 10)


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name) or default)


# --- The server -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    """The URL of the database this run created, for the server's processes."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _cpu_by_pid(pids) -> dict[int, float]:
    """User + system CPU time of each of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return found


class CpuMeter:
    """The CPU time that groups of processes use over a span, each group a changing set of
    processes (``{name: function returning their pids}``), sampled every 0.25 s: a process
    that ends within the span (a database connection closed and opened again) counts up to
    its last sample, one that starts counts from zero."""

    def __init__(self, groups: dict):
        self.groups = groups
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, start: bool = False) -> None:
        for name, pids in self.groups.items():
            for pid, cpu in _cpu_by_pid(pids()).items():
                self.first.setdefault((name, pid), cpu if start else 0.0)
                self.last[(name, pid)] = cpu

    def _run(self) -> None:
        try:
            while not self.stop.wait(0.25):
                self._sample()
        finally:
            connection.close()  # this thread's own connection (pg_stat_activity)

    def __enter__(self):
        self._sample(start=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._sample()

    def seconds(self, *names: str) -> float:
        return sum(cpu - self.first[key] for key, cpu in self.last.items() if key[0] in names)


def _children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == parent:
                pids.append(int(entry.name))
    return pids


def _answers(port: int, path: str) -> bool:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        return conn.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


class Gunicorn:
    """The project's WSGI application under gunicorn on 127.0.0.1, on this run's database."""

    def __init__(self, *, workers: int, threads: int, log: Path, queue: bool):
        self.workers = workers
        self.threads = threads
        self.log = log
        self.queue = queue
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    def __enter__(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "turnout.wsgi:application",
            "--chdir",
            str(settings.BASE_DIR),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--threads",
            str(self.threads),
            "--timeout",
            "120",
            "--graceful-timeout",
            "10",
            "--keep-alive",
            "5",
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log),
            "--no-control-socket",
        ]
        if os.environ.get("BENCH_PROFILE_SERVER"):
            command += ["--config", "python:benchmarks._gunicorn_profile"]
        env = {
            **_server_env(queue=self.queue, application=WEB_APPLICATION),
            # Production's connection pool, one connection per thread of a worker.
            "DATABASE_POOL": "1",
            "DATABASE_POOL_MIN": "1",
            "DATABASE_POOL_MAX": str(self.threads + 1),
            "SITE_URL": f"http://127.0.0.1:{self.port}",
        }
        self.process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
            if _answers(self.port, "/bench/ok"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 90 s; see {self.log}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def pids(self) -> list[int]:
        return [self.process.pid, *_children(self.process.pid)]


def _server_env(*, queue: bool, application: str) -> dict:
    """The environment of the server's and the worker's processes."""
    return {
        **os.environ,
        # With the queue: the database task backend, as deployed (a worker folds); without:
        # the benchmark overlay's, which runs the fold in the request.
        "DJANGO_SETTINGS_MODULE": "benchmarks._intake_settings",
        "TURNOUT_BENCH_QUEUE": "1" if queue else "0",
        "DATABASE_URL": _database_url(),
        "TURNOUT_BENCH_APPLICATION": application,
        "TURNOUT_BENCH_URLCONF": "benchmarks._intake_urls",
        "TURNOUT_BENCH_ACTION_RATE_LIMIT": str(RATE_LIMIT_FOR_BENCH),
        "TURNOUT_BENCH_SPOOL_DIR": str(spool_directory() or ""),
    }


def spool_directory() -> Path | None:
    """The web processes' intake spool, as deployed (docs/decisions/0101); BENCH_SPOOL=0: none,
    every signature inserted into the queue table by its request."""
    if os.environ.get("BENCH_SPOOL", "1") == "0":
        return None
    return Path(settings.BASE_DIR) / "var" / "bench" / "intake-spool"


class FoldWorker:
    """One ``manage.py worker`` process: it folds the intake queue and sends the double opt-in
    emails (BENCH_WORKER_QUEUES, ``default,messages`` by default)."""

    def __init__(self, *, log: Path):
        self.log = log
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        from turnout.core.models import WorkerHeartbeat

        env = {**_server_env(queue=True, application=FOLD_APPLICATION), "DATABASE_POOL": "0"}
        self.output = self.log.open("w")
        # As the deployment guide (0043) says: a worker of its own for the fold (and the
        # emails), apart from long jobs (a weekly duplicate scan would hold it for minutes).
        queues = os.environ.get("BENCH_WORKER_QUEUES", "default,messages")
        # At a lower CPU priority, as docs/operations.md advises for a worker folding on a
        # machine that also serves the sign pages (docs/decisions/0058).
        nice = str(worker_nice())
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--queue-name", queues, "--nice", nice],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while not WorkerHeartbeat.objects.filter(pid=self.process.pid).exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited ({self.process.returncode}); see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start within 90 s; see {self.log}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.output.close()

    def pids(self) -> list[int]:
        return [self.process.pid, *_children(self.process.pid)]

    def pause(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)


class NoWorker:
    """BENCH_QUEUE=0: the fold runs in the request (no worker process)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def pids(self) -> list[int]:
        return []

    def pause(self) -> None:
        pass

    def resume(self) -> None:
        pass


def _postgres_pids(application: str) -> list[int]:
    """This database's server processes serving ``application`` (the server's pooled
    connections, or the worker's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND application_name = %s",
            [application],
        )
        return [pid for (pid,) in cursor.fetchall()]


def _queue_state(action) -> tuple[int, int]:
    """(waiting, processed) intake rows of an action; a spool not moved yet counts as one
    waiting row."""
    from turnout.actions.spool import spool_pending

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FILTER (WHERE processed_at IS NULL), "
            "count(*) FILTER (WHERE processed_at IS NOT NULL) "
            "FROM actions_submissionintake WHERE action_id = %s",
            [action.pk],
        )
        waiting, processed = cursor.fetchone()
    spooled = spool_pending(spool_directory()) if spool_directory() else 0
    return waiting + (1 if spooled else 0), processed


# --- Measuring ------------------------------------------------------------------------------


class Bench:
    def __init__(self, ctx, server: Gunicorn, worker):
        self.ctx = ctx
        self.server = server
        self.worker = worker
        self.clients = _env_int("BENCH_CLIENTS", 2 * server.workers * server.threads)
        self.seconds = _env_float("BENCH_SECONDS", 20)
        self.warmup = _env_float("BENCH_WARMUP", 3)
        self.max_requests = _env_int("BENCH_MAX_REQUESTS", 1_000_000)
        self.resubmit = _env_float("BENCH_RESUBMIT", 0.1)
        self.drain_timeout = _env_float("BENCH_DRAIN_SECONDS", 600)
        # BENCH_FOLD_ALONGSIDE=0: the worker is paused during the load and folds afterwards
        # (what the request path costs on its own).
        self.fold_alongside = os.environ.get("BENCH_FOLD_ALONGSIDE", "1") != "0"

    def hello_scripts(self):
        return [loadgen.GetScript("/bench/ok", port=self.server.port) for _ in range(self.clients)]

    def sign_scripts(self, action, label: str):
        path = f"/{LANGUAGE}/a/{action.slug}/"
        return [
            loadgen.SignScript(
                path, port=self.server.port, label=label, client=n, resubmit=self.resubmit
            )
            for n in range(self.clients)
        ]

    def _meter(self, *, web: bool) -> CpuMeter:
        groups = {
            "worker": self.worker.pids,
            "fold_db": lambda: _postgres_pids(FOLD_APPLICATION),
        }
        if web:
            groups |= {
                "gunicorn": self.server.pids,
                "web_db": lambda: _postgres_pids(WEB_APPLICATION),
            }
        return CpuMeter(groups)

    def measure(
        self, name: str, scripts, seconds: float | None = None, action=None
    ) -> loadgen.Outcome:
        """One bounded run. With ``action``, the intake queue of that action is followed:
        rows folded during the run, the backlog when it ends, then the time the worker
        takes to fold the rest (drain), and the worker's CPU per row."""
        seconds = self.seconds if seconds is None else seconds
        before = _queue_state(action) if action is not None else (0, 0)
        paused = action is not None and not self.fold_alongside
        if paused:
            self.worker.pause()
        try:
            with self._meter(web=True) as run_cpu:
                outcome = loadgen.run(
                    scripts, port=self.server.port, seconds=seconds, max_requests=self.max_requests
                )
        finally:
            if paused:
                self.worker.resume()
        server_cpu = run_cpu.seconds("gunicorn")
        pg_cpu = run_cpu.seconds("web_db")
        refused = outcome.not_accepted()
        self.ctx.say(
            f"{name}: {len(outcome.accepted):,} accepted in {outcome.seconds:.1f} s -> "
            f"{outcome.accepted_per_s:,.1f}/s, p50 {outcome.latency_ms(0.5):.1f} ms, "
            f"p99 {outcome.latency_ms(0.99):.1f} ms; not accepted: {refused or 'none'}"
        )
        wall = outcome.seconds or 1
        self.ctx.say(
            f"  CPU over {wall:.1f} s: generator {outcome.cpu_seconds:.1f} s "
            f"({100 * outcome.cpu_seconds / wall:.0f}% of a core), gunicorn {server_cpu:.1f} s, "
            f"its PostgreSQL backends {pg_cpu:.1f} s ({os.cpu_count()} cores in all): "
            f"{1000 * (server_cpu + pg_cpu) / max(1, len(outcome.accepted)):.2f} ms of server "
            "CPU per accepted request"
        )
        # Server CPU per accepted request: unlike the rates, hardly moved by other load.
        outcome.server_cpu_ms = 1000 * (server_cpu + pg_cpu) / max(1, len(outcome.accepted))
        outcome.fold = None
        if action is not None:
            waiting, processed = _queue_state(action)
            folded_in_run = processed - before[1]
            backlog = waiting
            drain_started = time.perf_counter()
            with self._meter(web=False) as drain_cpu:
                while waiting:
                    if time.perf_counter() - drain_started > self.drain_timeout:
                        raise RuntimeError(
                            f"{name}: {waiting} rows still waiting after {self.drain_timeout:.0f} s"
                        )
                    time.sleep(0.1)
                    waiting, processed = _queue_state(action)
            drain = time.perf_counter() - drain_started if backlog else 0.0
            fold_cpu = run_cpu.seconds("worker", "fold_db") + drain_cpu.seconds("worker", "fold_db")
            rows = processed - before[1]
            outcome.fold = {
                "rows": rows,
                "rows_per_s_in_run": folded_in_run / wall,
                "backlog": backlog,
                "drain_s": drain,
                "drain_rows_per_s": (rows - folded_in_run) / drain if drain else 0.0,
                "cpu_ms_per_row": 1000 * fold_cpu / max(1, rows),
                "end_to_end_per_s": rows / (wall + drain),
            }
            self.ctx.say(
                f"  fold: {folded_in_run:,} rows during the run "
                f"({outcome.fold['rows_per_s_in_run']:,.1f}/s), backlog at the end {backlog:,}, "
                f"drained in {drain:.1f} s ({outcome.fold['drain_rows_per_s']:,.1f} rows/s alone); "
                f"worker + its PostgreSQL backend {1000 * fold_cpu / max(1, rows):.2f} ms CPU "
                f"per row; end to end {outcome.fold['end_to_end_per_s']:,.1f} signatures/s "
                "(accepted and in the CRM, run + drain)"
            )
        return outcome


def _check(ctx, action, outcomes, *, double_opt_in: bool) -> dict:
    """Every accepted address stored exactly once, the counter equal to the confirmed rows,
    one timeline entry per confirmed signature. Raises on any mismatch."""
    from django.contrib.contenttypes.models import ContentType

    from turnout.actions.models import Submission

    accepted = set()
    transport_errors = posts = 0
    for outcome in outcomes:
        accepted.update(outcome.accepted)
        posts += len(outcome.accepted)
        transport_errors += sum(outcome.errors.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.address, count(*) FROM actions_submission s "
            "JOIN people_emailaddress e ON e.person_id = s.person_id "
            "WHERE s.action_id = %s GROUP BY e.address",
            [action.pk],
        )
        per_address = dict(cursor.fetchall())
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status = 'confirmed') "
            "FROM actions_submission WHERE action_id = %s",
            [action.pk],
        )
        rows, confirmed = cursor.fetchone()
        cursor.execute("SELECT signature_count FROM actions_action WHERE id = %s", [action.pk])
        (counter,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE outcome IN ('refused', 'failed')), "
            "count(*) FILTER (WHERE processed_at IS NULL) "
            "FROM actions_submissionintake WHERE action_id = %s",
            [action.pk],
        )
        intake_rows, intake_problems, intake_waiting = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(DISTINCT a.source_id) FROM people_activity a "
            "JOIN actions_submission s ON a.person_id = s.person_id "
            "AND a.source_id = CAST(s.id AS varchar) "
            "WHERE s.action_id = %s AND a.kind = %s AND a.source_type_id = %s",
            [action.pk, action.activity_kind, ContentType.objects.get_for_model(Submission).pk],
        )
        timeline, timeline_distinct = cursor.fetchone()
    stored = set(per_address)
    check = {
        "accepted_addresses": len(accepted),
        "rows": rows,
        "confirmed": confirmed,
        "counter": counter,
        "lost": len(accepted - stored),
        "duplicated": sum(n - 1 for n in per_address.values()),
        "without_address": rows - sum(per_address.values()),
        "unacknowledged": len(stored - accepted),
        "timeline": timeline,
        "intake_rows": intake_rows,
    }
    ctx.say(
        f"  check: {len(accepted):,} distinct addresses accepted, {rows:,} rows stored "
        f"({confirmed:,} confirmed), counter {counter:,}, timeline entries {timeline:,}; "
        f"{intake_rows:,} intake rows for {posts:,} accepted posts; "
        f"lost {check['lost']}, duplicated {check['duplicated']}"
    )
    problems = []
    if intake_waiting or intake_problems:
        problems.append(f"{intake_waiting} intake rows waiting, {intake_problems} not recorded")
    if intake_rows < posts or intake_rows - posts > transport_errors:
        problems.append(f"{intake_rows} intake rows for {posts} accepted posts")
    if check["lost"] or check["duplicated"] or check["without_address"]:
        problems.append("lost, duplicated or address-less signatures")
    if rows != len(accepted) and not (
        transport_errors and rows - len(accepted) <= transport_errors
    ):
        problems.append(f"{rows} rows for {len(accepted)} accepted addresses")
    if counter != confirmed:
        problems.append(f"counter {counter} != {confirmed} confirmed rows")
    if timeline != confirmed or timeline_distinct != confirmed:
        problems.append(f"{timeline} timeline entries for {confirmed} confirmed signatures")
    if double_opt_in and confirmed:
        problems.append(f"{confirmed} double opt-in signatures confirmed without a click")
    if not double_opt_in and confirmed != rows:
        problems.append(f"{rows - confirmed} signatures left unconfirmed")
    if problems:
        raise RuntimeError(f"{action.slug}: " + "; ".join(problems))
    return check


# --- Set-up ---------------------------------------------------------------------------------


def _petition(org, slug: str, *, double_opt_in: bool = False):
    from turnout.actions.services import action_create, action_publish

    action = action_create(
        organization=org,
        actor=None,
        slug=slug,
        kind="petition",
        title={"fr": "Pour des pistes cyclables sûres", "en": "For safe cycle lanes"},
        description={"fr": "Signez pour des pistes cyclables protégées dans toute la ville."},
        thank_you={"fr": "Merci ! Partagez la pétition autour de vous."},
        consent_text=CONSENT_TEXT,
        double_opt_in=double_opt_in,
    )
    return action_publish(action=action, actor=None)


def _form_data(email: str) -> dict:
    return {
        "given_name": "Camille",
        "family_name": "Martin",
        "email": email,
        "postal_code": "75011",
        "consent": "on",
        "website": "",
    }


QUEUED = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "jobs", "messages"],
    }
}


def _query_counts(ctx, org) -> dict:
    """Statements of one request (counted in this process with the test client: same views,
    same middleware as the server; the fold left to a worker), of folding one row, and of the
    synchronous ``submission_record`` (API and staff paths)."""
    from turnout.actions.intake import intake_fold
    from turnout.actions.selectors import action_public_get
    from turnout.actions.services import submission_record
    from turnout.people.services import PersonData

    plain = _petition(org, "bench-queries")
    confirm = _petition(org, "bench-queries-doi", double_opt_in=True)
    client = Client()
    counts = {}
    sql = []

    def capture(name, func):
        with CaptureQueriesContext(connection) as queries:
            result = func()
        counts[name] = len(queries)
        sql.append((name, [q["sql"] for q in queries.captured_queries]))
        return result

    def request(name, method, path, data=None, expect=200):
        response = capture(name, lambda: getattr(client, method)(path, data or {}))
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path}: {response.status_code}")

    def sign(email):
        return submission_record(
            action=action_public_get(slug=plain.slug),
            data=PersonData(given_name="Camille", family_name="Martin", email=email),
            consent_given=True,
            sponsor_ids=set(),
            attribution={},
            language=LANGUAGE,
        )

    page = f"/{LANGUAGE}/a/{plain.slug}/"
    with override_settings(ROOT_URLCONF="benchmarks._intake_urls"):
        request("queries_hello", "get", "/bench/ok")
    request("queries_form_page", "get", page)
    with override_settings(TASKS=QUEUED):
        request("queries_post", "post", page, _form_data("q1@example.org"), 302)
        capture("queries_fold_new", intake_fold)
        request("queries_post_again", "post", page, _form_data("q1@example.org"), 302)
        capture("queries_fold_again", intake_fold)
        doi_page = f"/{LANGUAGE}/a/{confirm.slug}/"
        request("queries_post_doi", "post", doi_page, _form_data("q3@example.org"), 302)
        capture("queries_fold_doi", intake_fold)
    sign("q4@example.org")  # caches warm
    capture("queries_sync_new", lambda: sign("q5@example.org"))
    capture("queries_sync_again", lambda: sign("q5@example.org"))
    ctx.say(
        "statements per request / per folded row / per synchronous call: "
        + ", ".join(f"{name.removeprefix('queries_')} {n}" for name, n in counts.items())
    )
    if os.environ.get("BENCH_PROFILE"):
        out = Path(settings.BASE_DIR) / "var" / "bench" / "intake-queries.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            "\n\n".join(
                f"== {name} ({len(lines)} queries)\n" + "\n".join(lines) for name, lines in sql
            )
        )
        ctx.say(f"SQL of each request -> {out}")
    return counts


def _profile(ctx, org) -> None:
    """cProfile of the fold of a batch of queued rows (new signers, then some again)."""
    from turnout.actions.intake import intake_fold, submission_intake_create
    from turnout.actions.selectors import action_public_get
    from turnout.people.services import PersonData

    action = action_public_get(slug=_petition(org, "bench-profile").slug)
    batch = _env_int("BENCH_PROFILE_BATCH", 300)

    def queue(n):
        submission_intake_create(
            action=action,
            data=PersonData(
                given_name="Camille",
                family_name=f"Martin {n}",
                email=f"profile-{n}@example.org",
                address={"postal_code": "75011"},
            ),
            consent_given=True,
            consent_text=CONSENT_TEXT[LANGUAGE],
            ip_address="127.0.0.1",
            language=LANGUAGE,
        )

    with override_settings(TASKS=QUEUED):
        for n in range(20):  # warm caches (content types, translations)
            queue(-1 - n)
        intake_fold()
        for n in range(batch):
            queue(n)
        for n in range(0, batch, 10):
            queue(n)  # signing again
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        stats = intake_fold()
        profiler.disable()
    took = time.perf_counter() - started
    out = Path(settings.BASE_DIR) / "var" / "bench" / "intake.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(out))
    ctx.say(f"profile: {stats.rows} rows folded in {took:.2f} s in-process -> {out}")
    # The project's own functions by cumulative time (where the time goes in the write path),
    # then everything by own time (what it costs underneath: ORM, driver, waits).
    for title, order, restriction in (
        ("project functions by cumulative time", "cumulative", r"/turnout/"),
        ("all functions by own time", "tottime", ""),
    ):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text).sort_stats(order)
        stats.print_stats(*([restriction] if restriction else []), 20)
        lines = text.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        ctx.say(f"top 20 {title}:")
        for line in lines[start : start + 21]:
            print(f"    {line.replace(str(settings.BASE_DIR) + '/', '')}")


# --- Pre-filled signatures ------------------------------------------------------------------


def _insert_select(model, exprs: dict[str, str], source: str) -> int:
    """``INSERT INTO <table> (<every concrete column>) SELECT ... FROM <source>``: ``exprs``
    gives the SQL of the columns that matter here, every other column gets its field's default
    (so a column added to the model later does not break the pre-fill)."""
    quote_name = connection.ops.quote_name
    columns, values, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.column in exprs:
            value = exprs[field.column].replace("%", "%%")  # defaults are passed as parameters
        elif field.primary_key:
            continue
        else:
            default = field.get_default()
            if default is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name}: no value for a NOT NULL column")
            value = "%s"
            params.append(field.get_db_prep_save(default, connection))
        columns.append(quote_name(field.column))
        values.append(value)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote_name(model._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {source}",
            params,
        )
        return cursor.rowcount


def _prefill(ctx, org, stored: int) -> list:
    """``stored`` confirmed signatures of ``STORED_ACTIONS`` other petitions by people of the
    same organization, each with an email address, a current consent and activity counters."""
    from turnout.actions.models import Action, Submission, SubmissionIntake
    from turnout.people.models import ActivityCount, Consent, EmailAddress, Person

    per_action = math.ceil(stored / STORED_ACTIONS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(max(id), 0) FROM people_person")
        (last_id,) = cursor.fetchone()
    first, last = last_id + 1, last_id + per_action
    people = f"generate_series({first}::bigint, {last}::bigint) AS s(i)"
    org_id = int(org.pk)
    with stopwatch() as took:
        _insert_select(
            Person,
            {
                "id": "i",
                "created_at": "now() - ((i * 7919) % 1500) * INTERVAL '1 day'",
                "updated_at": "now()",
                "organization_id": str(org_id),
                "uuid": "md5('prefill-' || i)::uuid",
                "given_name": "'Prénom' || (i % 500)",
                "family_name": "'Nom' || ((i * 7919) % 5000)",
                "language": "'fr'",
                "origin_system": "'bench'",
                "last_activity_at": "now()",
            },
            people,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('people_person', 'id'), "
                "(SELECT max(id) FROM people_person))"
            )
        _insert_select(
            EmailAddress,
            {
                "created_at": "now()",
                "updated_at": "now()",
                "organization_id": str(org_id),
                "person_id": "i",
                "address": "'signer' || i || '@prefill.example.org'",
                "primary": "true",
                "status": "'subscribed'",
            },
            people,
        )
        _insert_select(
            Consent,
            {
                "created_at": "now()",
                "updated_at": "now()",
                "organization_id": str(org_id),
                "person_id": "i",
                "channel": "'email'",
                "purpose": "'campaigns'",
                "status": "'granted'",
                "current": "true",
                "source": "'form'",
                "source_ref": "'action:bench-stored-1'",
                "notice_text": "'" + CONSENT_TEXT["fr"].replace("'", "''") + "'",
            },
            people,
        )
    ctx.say(f"  {per_action:,} people with an email address and a consent: {took['seconds']:.1f} s")

    actions = [_petition(org, f"bench-stored-{k + 1}") for k in range(min(STORED_ACTIONS, stored))]
    remaining = stored
    ends = []  # people [first, end) signed the petition
    with stopwatch() as took:
        for action in actions:
            rows = min(per_action, remaining)
            remaining -= rows
            ends.append(first + rows)
            _insert_select(
                Submission,
                {
                    "created_at": "now() - (i % 10000) * INTERVAL '1 minute'",
                    "updated_at": "now()",
                    "organization_id": str(org_id),
                    "action_id": str(int(action.pk)),
                    "person_id": "i",
                    "status": "'confirmed'",
                    "confirmed_at": "now() - (i % 10000) * INTERVAL '1 minute'",
                    "language": "'fr'",
                    "consent_given": "true",
                },
                f"generate_series({first}::bigint, {first + rows - 1}::bigint) AS s(i)",
            )
            Action.objects.filter(pk=action.pk).update(signature_count=rows)
    ctx.say(f"  {stored:,} signatures of {len(actions)} petitions: {took['seconds']:.1f} s")
    tables = []
    if os.environ.get("BENCH_PREFILL_INTAKE", "1") != "0":
        # Each stored signature came through the intake queue: its row, recorded (emptied).
        with stopwatch() as took:
            for action in actions:
                _insert_select(
                    SubmissionIntake,
                    {
                        "created_at": "sub.created_at",
                        "updated_at": "sub.created_at",
                        "organization_id": str(org_id),
                        "action_id": str(int(action.pk)),
                        "processed_at": "sub.created_at",
                        "outcome": "'recorded'",
                        "submission_id": "sub.id",
                    },
                    f"actions_submission sub WHERE sub.action_id = {int(action.pk)} "
                    "ORDER BY sub.id",
                )
        tables.append("actions_submissionintake")
        ctx.say(f"  {stored:,} intake rows (recorded): {took['seconds']:.1f} s")
    signed = " + ".join(f"(CASE WHEN i < {end} THEN 1 ELSE 0 END)" for end in ends)
    with stopwatch() as took:
        for kind, count in (("person.created", "1"), (actions[0].activity_kind, signed)):
            _insert_select(
                ActivityCount,
                {
                    "organization_id": str(org_id),
                    "person_id": "i",
                    "kind": f"'{kind}'",
                    "count": count,
                    "last_at": "now()",
                },
                people,
            )
    ctx.say(f"  activity counters: {took['seconds']:.1f} s")
    if os.environ.get("BENCH_PREFILL_TIMELINE") == "1":
        with stopwatch() as took:
            _timeline(org_id, first, last, actions)
        tables.append("people_activity")
        ctx.say(f"  timeline (BENCH_PREFILL_TIMELINE=1): {took['seconds']:.1f} s")
    with stopwatch() as took, connection.cursor() as cursor:
        for table in (
            "people_person",
            "people_emailaddress",
            "people_consent",
            "people_activitycount",
            "actions_submission",
            "actions_action",
            *tables,
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("CHECKPOINT")
    ctx.say(f"  VACUUM ANALYZE and CHECKPOINT: {took['seconds']:.1f} s")
    return actions


def _timeline(org_id: int, first: int, last: int, actions: list) -> None:
    """The timeline entries the pre-filled signatures would have left: one per signature, and
    "added" and "consent" per person (BENCH_PREFILL_TIMELINE=1; off by default: it doubles the
    pre-fill time, and the intake only appends to that table)."""
    from django.contrib.contenttypes.models import ContentType

    from turnout.actions.models import Submission
    from turnout.people.models import Activity, Consent

    submission_type = ContentType.objects.get_for_model(Submission).pk
    consent_type = ContentType.objects.get_for_model(Consent).pk
    common = {
        "created_at": "now()",
        "updated_at": "now()",
        "organization_id": str(org_id),
        "occurred_at": "now() - ((i * 7919) % 1500) * INTERVAL '1 day'",
    }
    _insert_select(
        Activity,
        {**common, "person_id": "i", "kind": "'person.created'", "summary": "'form'"},
        f"generate_series({first}::bigint, {last}::bigint) AS s(i)",
    )
    _insert_select(
        Activity,
        {
            **common,
            "person_id": "c.person_id",
            "kind": "'consent'",
            "source_type_id": str(consent_type),
            "source_id": "CAST(c.id AS varchar)",
            "summary": "'email/campaigns: granted'",
            "occurred_at": "c.created_at",
        },
        f"people_consent c WHERE c.person_id BETWEEN {first} AND {last}",
    )
    for action in actions:
        _insert_select(
            Activity,
            {
                **common,
                "person_id": "sub.person_id",
                "kind": f"'{action.activity_kind}'",
                "source_type_id": str(submission_type),
                "source_id": "CAST(sub.id AS varchar)",
                "summary": "'Pour des pistes cyclables sûres'",
                "occurred_at": "sub.confirmed_at",
            },
            f"actions_submission sub WHERE sub.action_id = {int(action.pk)}",
        )


# --- The run --------------------------------------------------------------------------------


def run(ctx):
    if connection.vendor != "postgresql":
        print(
            "intake needs PostgreSQL (the production database): run it with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/turnout make bench NAME=intake",
            flush=True,
        )
        raise SystemExit(2)
    from turnout.organizations.models import Organization

    stored = _env_int("BENCH_STORED", 10_000_000)
    if stored < STORED_ACTIONS:
        print(f"BENCH_STORED must be at least {STORED_ACTIONS} (one per stored petition).")
        raise SystemExit(2)
    workers = _env_int("BENCH_GUNICORN_WORKERS", 3)
    threads = _env_int("BENCH_GUNICORN_THREADS", 1)
    queue = os.environ.get("BENCH_QUEUE", "1") != "0"
    org = Organization.objects.create(name="Vélo Cité", slug="velo-cite", kind="ngo", country="FR")
    empty_action = _petition(org, "bench-intake")
    doi_action = _petition(org, "bench-intake-doi", double_opt_in=True)
    full_action = _petition(org, "bench-intake-full")
    queries = _query_counts(ctx, org)
    if os.environ.get("BENCH_PROFILE"):
        _profile(ctx, org)

    logs = Path(settings.BASE_DIR) / "var" / "bench"
    logs.mkdir(parents=True, exist_ok=True)
    log = logs / "intake-gunicorn.log"
    log.write_text("")
    if spool_directory() is not None:
        shutil.rmtree(spool_directory(), ignore_errors=True)  # a killed earlier run's files
    server = Gunicorn(workers=workers, threads=threads, log=log, queue=queue)
    worker = FoldWorker(log=logs / "intake-worker.log") if queue else NoWorker()
    with server, worker:
        bench = Bench(ctx, server, worker)
        ctx.say(
            f"gunicorn: {workers} {server.worker_class} worker(s) x {threads} thread(s) on "
            f"{server.url}; {bench.clients} clients, {bench.seconds:.0f} s per run after "
            f"{bench.warmup:.0f} s of warm-up; {bench.resubmit:.0%} of posts sign again; "
            + (
                f"the sign page queues, one worker process folds (nice {worker_nice()})"
                if queue
                else "BENCH_QUEUE=0: no worker, the fold runs in the request"
            )
        )
        warm = [bench.measure("warm-up, trivial view", bench.hello_scripts(), bench.warmup)]
        warm.append(
            bench.measure(
                "warm-up, intake",
                bench.sign_scripts(empty_action, "warm"),
                bench.warmup,
                action=empty_action,
            )
        )
        hello = bench.measure("trivial view /bench/ok", bench.hello_scripts())
        empty = bench.measure(
            "intake, empty table", bench.sign_scripts(empty_action, "empty"), action=empty_action
        )
        checks = [_check(ctx, empty_action, [warm[1], empty], double_opt_in=False)]
        doi = None
        if os.environ.get("BENCH_DOI", "1") != "0":
            doi = bench.measure(
                "intake with double opt-in",
                bench.sign_scripts(doi_action, "doi"),
                action=doi_action,
            )
            checks.append(_check(ctx, doi_action, [doi], double_opt_in=True))

        ctx.say(f"pre-filling {stored:,} stored signatures ...")
        with stopwatch() as prefill:
            _prefill(ctx, org, stored)
        ctx.say(f"pre-fill: {prefill['seconds']:.1f} s")
        warm_full = bench.measure(
            "warm-up, intake",
            bench.sign_scripts(full_action, "warm-full"),
            bench.warmup,
            action=full_action,
        )
        hello_full = bench.measure(f"trivial view, {stored:,} stored", bench.hello_scripts())
        full = bench.measure(
            f"intake, {stored:,} stored",
            bench.sign_scripts(full_action, "full"),
            action=full_action,
        )
        checks.append(_check(ctx, full_action, [warm_full, full], double_opt_in=False))

    def not_accepted(outcome) -> int:
        return sum(outcome.not_accepted().values())

    measured = [hello, empty, full] + ([doi] if doi else [])
    cpu_share = max(o.cpu_seconds / o.seconds for o in measured if o.seconds)
    figures = {
        "signatures_per_s": round(empty.accepted_per_s, 1),
        "p50_ms": round(empty.latency_ms(0.5), 1),
        "p99_ms": round(empty.latency_ms(0.99), 1),
        "accepted": len(empty.accepted),
        "not_accepted": not_accepted(empty),
        "rows": checks[0]["rows"],
        "lost": sum(c["lost"] for c in checks),
        "duplicated": sum(c["duplicated"] for c in checks),
        "fold_rows_per_s": round(empty.fold["rows_per_s_in_run"], 1),
        "backlog_at_end": empty.fold["backlog"],
        "drain_s": round(empty.fold["drain_s"], 1),
        "drain_rows_per_s": round(empty.fold["drain_rows_per_s"], 1),
        "fold_cpu_ms_per_row": round(empty.fold["cpu_ms_per_row"], 2),
        "end_to_end_per_s": round(empty.fold["end_to_end_per_s"], 1),
    }
    if doi:
        figures |= {
            "doi_signatures_per_s": round(doi.accepted_per_s, 1),
            "doi_p50_ms": round(doi.latency_ms(0.5), 1),
            "doi_p99_ms": round(doi.latency_ms(0.99), 1),
            "doi_not_accepted": not_accepted(doi),
            "doi_drain_s": round(doi.fold["drain_s"], 1),
        }
    figures |= {
        "stored": stored,
        "prefill_s": round(prefill["seconds"], 1),
        "signatures_per_s_at_10m": round(full.accepted_per_s, 1),
        "p50_ms_at_10m": round(full.latency_ms(0.5), 1),
        "p99_ms_at_10m": round(full.latency_ms(0.99), 1),
        "not_accepted_at_10m": not_accepted(full),
        "fold_rows_per_s_at_10m": round(full.fold["rows_per_s_in_run"], 1),
        "drain_s_at_10m": round(full.fold["drain_s"], 1),
        "fold_cpu_ms_per_row_at_10m": round(full.fold["cpu_ms_per_row"], 2),
        "end_to_end_per_s_at_10m": round(full.fold["end_to_end_per_s"], 1),
        "server_cpu_ms": round(empty.server_cpu_ms, 2),
        "server_cpu_ms_at_10m": round(full.server_cpu_ms, 2),
        "generator_cpu_share": round(cpu_share, 3),
        "gunicorn_workers": workers,
        "worker_nice": worker_nice(),
        "gunicorn_threads": threads,
        "queue": int(queue),
        "clients": bench.clients,
        **queries,
    }
    baseline = {
        "hello_per_s": round(hello.accepted_per_s, 1),
        "hello_p50_ms": round(hello.latency_ms(0.5), 2),
        "hello_p99_ms": round(hello.latency_ms(0.99), 2),
        "hello_per_s_at_10m": round(hello_full.accepted_per_s, 1),
        "hello_server_cpu_ms": round(hello.server_cpu_ms, 3),
    }
    ratios = {
        "ratio_to_hello": round(empty.accepted_per_s / hello.accepted_per_s, 3),
        "ratio_at_10m": round(full.accepted_per_s / empty.accepted_per_s, 3),
        "ratio_at_10m_to_hello": round(
            (full.accepted_per_s / hello_full.accepted_per_s)
            / (empty.accepted_per_s / hello.accepted_per_s),
            3,
        ),
        # Accepted and in the CRM, over the run and the drain that followed it.
        "end_to_end_ratio_to_hello": round(
            empty.fold["end_to_end_per_s"] / hello.accepted_per_s, 3
        ),
        "end_to_end_ratio_at_10m": round(
            full.fold["end_to_end_per_s"] / empty.fold["end_to_end_per_s"], 3
        ),
    }
    ratios |= {
        # The same ratios from server CPU per request (robust on a shared machine).
        "cpu_ratio_to_hello": round(hello.server_cpu_ms / empty.server_cpu_ms, 3),
        "cpu_ratio_at_10m": round(empty.server_cpu_ms / full.server_cpu_ms, 3),
        # Web and fold CPU of one signature together, against the trivial view.
        "cpu_ratio_to_hello_with_fold": round(
            hello.server_cpu_ms / (empty.server_cpu_ms + empty.fold["cpu_ms_per_row"]), 3
        ),
    }
    if doi:
        ratios["doi_to_hello"] = round(doi.accepted_per_s / hello.accepted_per_s, 3)
    ctx.say(
        f"intake / trivial view: {ratios['ratio_to_hello']:.3f} (goal >= 0.25); "
        f"with {stored:,} stored / empty: {ratios['ratio_at_10m']:.3f} (goal >= 0.90); "
        f"end to end (in the CRM, run + drain) / trivial view: "
        f"{ratios['end_to_end_ratio_to_hello']:.3f}; "
        f"lost {figures['lost']}, duplicated {figures['duplicated']}"
    )
    return {"figures": figures, "baseline": baseline, "ratios": ratios}
