"""Moving background work from the database queue to Redis/RQ is a settings change.

Runs the real site code in subprocesses with only TASKS_BACKEND and REDIS_URL changed: a job
created in the web process is enqueued to Redis on commit and run by an RQ worker.
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


SCRIPT = """
import django, sys
django.setup()
from django.db import transaction
from turnout.core.jobs import job_create
from turnout.core.models import Job
from turnout.organizations.models import Organization
if sys.argv[1] == "create":
    org = Organization.objects.create(name="RQ", slug="rq", kind="ngo")
    with transaction.atomic():
        job = job_create(organization=org, kind="audit_export", title="Export")
    print(job.uuid)
else:
    job = Job.objects.get(uuid=sys.argv[2])
    print(job.status, job.done, bool(job.result_file))
"""


@pytest.mark.redis
def test_jobs_run_through_redis_and_rq_with_a_settings_change(tmp_path):
    if not redis_answers():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="turnout.settings.base",
        DEBUG="1",
        SECRET_KEY="rq-test",
        TURNOUT_VAR_DIR=str(tmp_path),
        TASKS_BACKEND="django_tasks_rq.RQBackend",
        REDIS_URL=REDIS_URL,
        LOG_LEVEL="WARNING",
    )

    def run(*args, timeout=120):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            timeout=timeout,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    run("manage.py", "migrate", "-v0")
    job_uuid = run("-c", SCRIPT, "create").splitlines()[-1]
    assert run("-c", SCRIPT, "status", job_uuid).startswith("queued")
    run("manage.py", "worker", "--batch")  # the same command as with the database queue
    assert run("-c", SCRIPT, "status", job_uuid).splitlines()[-1] == "succeeded 0 True"
