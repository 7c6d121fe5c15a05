"""Long-running jobs with progress: a registry of handlers and the services around ``Job``.

A handler is ``handler(job, progress)``; it calls ``progress.advance(n)`` (cheap: the row is
written at most a few times a second) and may set ``progress.total``. Handlers must be
resumable: a job interrupted by a worker restart is run again from the start of the handler,
which skips what it already finished (its own bookkeeping lives in ``job.result``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .exceptions import JobCancelled
from .models import Job
from .tasks import enqueue_on_commit

HANDLERS: dict[str, Callable[[Job, Progress], dict | None]] = {}
MAX_ATTEMPTS = 3


def job_handler(kind: str):
    def register(func):
        HANDLERS[kind] = func
        return func

    return register


@dataclass
class Progress:
    job: Job
    interval: float = 0.25
    _last_write: float = 0.0

    def _check_still_ours(self) -> None:
        """Stop if someone cancelled the job, or if it was given to another run (the worker
        was thought dead and the job re-queued)."""
        state = Job.objects.filter(pk=self.job.pk).values_list("status", "attempts").first()
        if state is None or state[0] == Job.Status.CANCELLED or state[1] != self.job.attempts:
            raise JobCancelled

    def set_total(self, total: int) -> None:
        self.job.total = total
        Job.objects.filter(pk=self.job.pk).update(total=total)

    def advance(self, n: int = 1, message: str | None = None) -> None:
        self.job.done += n
        if message is not None:
            self.job.message = message[:300]
        now = time.monotonic()
        if now - self._last_write >= self.interval or self.job.done >= self.job.total:
            self.flush()

    def flush(self) -> None:
        self._last_write = time.monotonic()
        done = min(self.job.done, self.job.total) if self.job.total else self.job.done
        status = Job.objects.filter(pk=self.job.pk).values_list("status", flat=True).first()
        if status == Job.Status.CANCELLED:
            raise JobCancelled
        Job.objects.filter(pk=self.job.pk).update(
            done=done, message=self.job.message, heartbeat_at=timezone.now()
        )


@transaction.atomic
def job_create(
    *, organization, kind: str, title: str, params: dict | None = None, user=None
) -> Job:
    if kind not in HANDLERS:
        raise ValueError(f"No job handler registered for {kind!r}")
    job = Job.objects.create(
        organization=organization, kind=kind, title=title, params=params or {}, created_by=user
    )
    from .tasks import run_job

    enqueue_on_commit(run_job, job.pk)
    return job


def job_cancel(*, job: Job) -> bool:
    return bool(
        Job.objects.filter(pk=job.pk)
        .exclude(status__in=Job.FINISHED)
        .update(status=Job.Status.CANCELLED, finished_at=timezone.now())
    )


def job_run(*, job_id: int) -> str:
    """Run a job once; a second delivery of the same task finds it finished and does nothing."""
    with transaction.atomic():
        claimed = Job.objects.filter(
            pk=job_id, attempts__lt=MAX_ATTEMPTS, status=Job.Status.QUEUED
        ).update(
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
            done=0,
        )
    if not claimed:
        return "skipped"
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    stop = threading.Event()
    beat = _start_heartbeat(job, stop)
    try:
        result = HANDLERS[job.kind](job, progress) or {}
    except JobCancelled:
        return "cancelled"
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    finally:
        stop.set()
        if beat is not None:
            beat.join(timeout=5)
    fields = {"status": Job.Status.SUCCEEDED, "finished_at": timezone.now(), "result": result}
    fields["done"] = job.total if job.total else job.done
    if job.result_file:
        fields["result_file"] = job.result_file.name
    updated = Job.objects.filter(
        pk=job_id, status=Job.Status.RUNNING, attempts=job.attempts
    ).update(**fields)
    return "succeeded" if updated else "cancelled"


def _start_heartbeat(job: Job, stop: threading.Event) -> threading.Thread | None:
    """Keep ``heartbeat_at`` fresh while the handler runs, even through a long silent step,
    so that only a dead worker makes a job look stale."""
    interval = settings.JOB_HEARTBEAT_SECONDS
    if not interval:
        return None

    def beat():
        try:
            while not stop.wait(interval):
                Job.objects.filter(
                    pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts
                ).update(heartbeat_at=timezone.now())
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, daemon=True, name=f"job-{job.pk}-heartbeat")
    thread.start()
    return thread


def job_requeue_stale(*, stale_after_seconds: int = 300) -> int:
    """Put back in the queue the jobs whose worker died (no progress for a while).

    Called periodically by every worker; the conditional update makes it safe when several
    workers do it at once.
    """
    from .tasks import run_job

    cutoff = timezone.now() - timezone.timedelta(seconds=stale_after_seconds)
    stale = list(
        Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).values_list(
            "pk", "attempts"
        )
    )
    requeued = 0
    for pk, attempts in stale:
        with transaction.atomic():
            if attempts >= MAX_ATTEMPTS:
                Job.objects.filter(pk=pk, status=Job.Status.RUNNING).update(
                    status=Job.Status.FAILED,
                    error="The worker stopped while running this job too many times.",
                    finished_at=timezone.now(),
                )
                continue
            if Job.objects.filter(pk=pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).update(
                status=Job.Status.QUEUED
            ):
                enqueue_on_commit(run_job, pk)
                requeued += 1
    return requeued


def job_files_purge(*, older_than_days: int | None = None) -> int:
    """Delete the result files of jobs that ended more than N days ago (they may hold
    personal data); the job rows stay as the record of what was done."""
    days = settings.TURNOUT_PRIVATE_FILE_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timezone.timedelta(days=days)
    purged = 0
    for job in Job.objects.filter(status__in=Job.FINISHED, finished_at__lt=cutoff).exclude(
        result_file=""
    ):
        job.result_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(result_file="")
        purged += 1
    return purged
