"""Task helpers and the generic job runner.

Tasks take ids, refetch, and are safe to run twice. ``enqueue_on_commit`` is the only way code
enqueues: a task never starts before the transaction that asked for it has committed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task


def enqueue_on_commit(task_obj, *args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: task_obj.enqueue(*args, **kwargs))


@task(queue_name="jobs")
def run_job(job_id: int) -> str:
    from .jobs import job_run

    return job_run(job_id=job_id)
