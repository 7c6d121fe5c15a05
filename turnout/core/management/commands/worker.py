"""Run a background worker plus a heartbeat, a stale-job sweeper and the periodic tasks.

The worker is django-tasks-db's (database queue, the default) or RQ's when
TASKS_BACKEND=django_tasks_rq.RQBackend: the same command either way.

Start as many as you like, on as many machines as share the database:
    python manage.py worker --queue-name '*'
Every option of ``db_worker`` is accepted.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from turnout.core.jobs import job_requeue_stale
from turnout.core.models import WorkerHeartbeat
from turnout.core.periodic import periodic_run_due

logger = logging.getLogger("turnout.worker")


def _beat(worker_id: str, stop: threading.Event) -> None:
    started = timezone.now()
    while not stop.is_set():
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id,
                defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "last_seen": timezone.now(),
                },
                create_defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": started,
                    "last_seen": timezone.now(),
                },
            )
            job_requeue_stale()
        except Exception:
            logger.exception("worker heartbeat failed")
        finally:
            close_old_connections()
        stop.wait(settings.WORKER_HEARTBEAT_SECONDS)


def _periodic(stop: threading.Event) -> None:
    """Periodic tasks run in their own thread, so a long one never delays the heartbeat."""
    while not stop.wait(60):
        try:
            periodic_run_due()
        except Exception:
            logger.exception("periodic tasks failed")
        finally:
            close_old_connections()


def lower_priority(increment: int) -> int:
    """Lower this process's CPU priority (``os.nice``); returns the niceness now."""
    increment = max(0, min(int(increment or 0), 19))
    if increment and hasattr(os, "nice"):
        return os.nice(increment)
    return os.nice(0) if hasattr(os, "nice") else 0


class Command(BaseCommand):
    help = "Run a background worker (database queue or RQ) with a heartbeat for /readyz."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="*")
        parser.add_argument("--interval", default="1")
        parser.add_argument("--batch", action="store_true")
        parser.add_argument(
            "--nice",
            type=int,
            default=0,
            help="Lower this worker's CPU priority by this much (0-19, Unix). On a machine "
            "that also serves the site, a worker folding the signature queue started with "
            "--nice 10 leaves the sign pages the CPU during a peak and catches up after it.",
        )

    def handle(self, *args, **options):
        lower_priority(options["nice"])
        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        stop = threading.Event()
        beat = threading.Thread(target=_beat, args=(worker_id, stop), daemon=True)
        beat.start()
        threading.Thread(target=_periodic, args=(stop,), daemon=True).start()
        try:
            if settings.TASKS["default"]["BACKEND"].endswith("RQBackend"):
                self.run_rq(options)
            else:
                self.run_db(options, worker_id)
        finally:
            stop.set()
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()

    def run_db(self, options, worker_id):
        argv = [
            "--queue-name",
            options["queue_name"],
            "--interval",
            options["interval"],
            "--worker-id",
            worker_id,
            "--no-startup-delay",
            "--no-reload",
        ]
        if options["batch"]:
            argv.append("--batch")
        call_command("db_worker", *argv)

    def run_rq(self, options):
        queues = (
            settings.TASKS["default"].get("QUEUES", ["default"])
            if options["queue_name"] == "*"
            else options["queue_name"].split(",")
        )
        call_command(
            "rqworker", *queues, job_class="django_tasks_rq.backend.Job", burst=options["batch"]
        )
