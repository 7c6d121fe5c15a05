from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from turnout.core import jobs
from turnout.core.models import AuditEvent, Job

from .factories import AuditEventFactory, JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counting_handler():
    calls = []

    @jobs.job_handler("count_to")
    def count_to(job, progress):
        calls.append(job.pk)
        progress.set_total(job.params["n"])
        for _ in range(job.params["n"]):
            progress.advance(1, message="counting")
        return {"counted": job.params["n"]}

    yield calls
    jobs.HANDLERS.pop("count_to")


def test_a_job_runs_once_after_commit_and_reports_progress(
    org_a, owner_a, counting_handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.job_create(
            organization=org_a, kind="count_to", title="Count", params={"n": 5}, user=owner_a
        )
    assert counting_handler == []  # nothing runs before the transaction commits
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.result == {"counted": 5}
    # A duplicate delivery of the task is a no-op.
    assert jobs.job_run(job_id=job.pk) == "skipped"
    assert counting_handler == [job.pk]


def test_a_failing_job_records_its_error(org_a):
    @jobs.job_handler("boom")
    def boom(job, progress):
        raise ValueError("the file has no header row")

    try:
        job = JobFactory(organization=org_a, kind="boom")
        with pytest.raises(ValueError):
            jobs.job_run(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == Job.Status.FAILED
        assert "no header row" in job.error
    finally:
        jobs.HANDLERS.pop("boom")


def test_cancelling_stops_a_running_job(org_a):
    seen = []

    @jobs.job_handler("long")
    def long(job, progress):
        progress.set_total(100)
        for i in range(100):
            if i == 10:
                jobs.job_cancel(job=job)
            progress.interval = 0
            progress.advance(1)
            seen.append(i)

    try:
        job = JobFactory(organization=org_a, kind="long")
        assert jobs.job_run(job_id=job.pk) == "cancelled"
        job.refresh_from_db()
        assert job.status == Job.Status.CANCELLED
        assert len(seen) == 10
    finally:
        jobs.HANDLERS.pop("long")


def test_a_job_whose_worker_died_is_queued_again_then_given_up(
    org_a, counting_handler, django_capture_on_commit_callbacks
):
    old = timezone.now() - timedelta(minutes=10)
    job = JobFactory(
        organization=org_a,
        kind="count_to",
        params={"n": 3},
        status=Job.Status.RUNNING,
        heartbeat_at=old,
        attempts=1,
    )
    fresh = JobFactory(
        organization=org_a,
        kind="count_to",
        params={"n": 3},
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now(),
        attempts=1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.job_requeue_stale() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED  # re-run by the (immediate) task backend
    assert fresh.status == Job.Status.RUNNING
    dead = JobFactory(
        organization=org_a,
        kind="count_to",
        status=Job.Status.RUNNING,
        heartbeat_at=old,
        attempts=jobs.MAX_ATTEMPTS,
    )
    jobs.job_requeue_stale()
    dead.refresh_from_db()
    assert dead.status == Job.Status.FAILED
    assert "too many times" in dead.error


def test_audit_export_writes_every_event(org_a, org_b, owner_a):
    AuditEventFactory.create_batch(4500, organization=org_a)
    AuditEventFactory(organization=org_b, target_repr="SECRET-OF-B")
    job = JobFactory(organization=org_a, kind="audit_export", created_by=owner_a)
    jobs.job_run(job_id=job.pk)
    job.refresh_from_db()
    content = job.result_file.read().decode("utf-8-sig")
    assert content.count("\n") == 4501
    assert "SECRET-OF-B" not in content
    assert (job.done, job.total) == (4500, 4500)


def test_job_progress_command_draws_a_bar(org_a):
    job = JobFactory(organization=org_a, status=Job.Status.SUCCEEDED, total=40, done=40)
    out = StringIO()
    import sys

    real = sys.stdout
    sys.stdout = out
    try:
        call_command("job_progress", str(job.uuid), interval=0)
    finally:
        sys.stdout = real
    assert "[########################################] 100% 40/40" in out.getvalue()
    with pytest.raises(CommandError, match="No job"):
        call_command("job_progress", "00000000-0000-0000-0000-000000000000")


def test_job_pages_show_progress_and_download_is_logged(client_a, org_a, owner_a):
    job = JobFactory(organization=org_a, kind="audit_export", created_by=owner_a)
    jobs.job_run(job_id=job.pk)
    base = f"/en/o/{org_a.slug}/jobs/{job.uuid}/"
    assert 'data-job-status-url="' in client_a.get(base).content.decode()
    status = client_a.get(base + "status/").json()
    assert status["status"] == "succeeded" and status["percent"] == 100 and status["has_file"]
    response = client_a.get(base + "download/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="job.file_downloaded", actor=owner_a).exists()


def test_audit_page_starts_an_export_job(client_a, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"/en/o/{org_a.slug}/audit/")
    job = Job.objects.get(organization=org_a)
    assert response["Location"] == f"/en/o/{org_a.slug}/jobs/{job.uuid}/"
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED


def test_a_run_that_lost_its_job_to_a_newer_run_stops_and_writes_nothing(org_a):
    @jobs.job_handler("superseded")
    def superseded(job, progress):
        progress.set_total(10)
        # Meanwhile the job was thought dead, re-queued and claimed by another worker.
        Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)
        progress.interval = 0
        progress.advance(1)
        return {"written": True}

    try:
        job = JobFactory(organization=org_a, kind="superseded")
        assert jobs.job_run(job_id=job.pk) == "cancelled"
        job.refresh_from_db()
        assert job.status == Job.Status.RUNNING and job.result == {}
    finally:
        jobs.HANDLERS.pop("superseded")


def test_a_running_job_is_not_started_again_by_a_duplicate_delivery(org_a, counting_handler):
    job = JobFactory(
        organization=org_a, kind="count_to", params={"n": 2}, status=Job.Status.RUNNING, attempts=1
    )
    assert jobs.job_run(job_id=job.pk) == "skipped"
    assert counting_handler == []


def test_old_job_files_are_deleted_but_the_job_record_stays(org_a, owner_a):
    from django.core.files.base import ContentFile

    old = JobFactory(
        organization=org_a,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=31),
    )
    old.result_file.save("old.csv", ContentFile(b"name\nAnne\n"))
    recent = JobFactory(
        organization=org_a,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=2),
    )
    recent.result_file.save("recent.csv", ContentFile(b"name\nBruno\n"))
    path = old.result_file.path
    assert jobs.job_files_purge() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_file and not __import__("os").path.exists(path)
    assert recent.result_file
