"""Large imports read their rows in a forked process (pipeline.ReadingProcess, decision 0105):
the same people, counts and report as reading in a thread; an error or the death of the reading
process fails the job with its reason, and the job resumes (cancelling: test_import_pipeline)."""

import multiprocessing
import os
import signal
import sys
import time

import pytest
from django.db import connection

from turnout.core.jobs import job_run
from turnout.core.models import Job
from turnout.people.imports import pipeline, services
from turnout.people.imports.batch import ImportBatcher
from turnout.people.models import PeopleImport, Person

from .factories import EmailAddressFactory, PersonFactory, PhoneNumberFactory
from .test_import_helpers import (
    counts,
    create_import,
    csv_bytes,
    english,  # noqa: F401  (autouse fixture)
    report_rows,
    run_import,
    start_import,
)
from .test_import_pipeline import snapshot

# Committed for real: on PostgreSQL the reading process looks keys up on its own connection,
# which sees what the job committed, not a test's transaction.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(sys.platform != "linux", reason="the reading process is Linux's"),
]


def phone(i: int) -> str:
    return f"+33 6 12 34 {i // 100:02d} {i % 100:02d}"


def mixed_rows(n: int) -> list[list[str]]:
    """New people, duplicates within the file one to six batches of 10 apart (by email, and by
    phone number alone), rejected rows, blank lines and tags."""
    rows = [["email", "first name", "phone", "tags"]]
    for i in range(n):
        if i % 9 == 4:
            rows.append(["not-an-email", f"Bad{i}", "", ""])
        elif i % 11 == 5:
            rows.append(["", "", "", ""])
        elif i % 7 == 3:
            rows.append([f"p{i - 20}@example.org", f"Again{i}", "", "later"])  # a duplicate
        elif i % 13 == 6:
            distance = 10 * (i % 6 + 1)  # the same phone number, 1 to 6 batches before
            rows.append(["", f"Phone{i}", phone(i - distance), ""])
        else:
            rows.append([f"p{i}@example.org", f"P{i}", phone(i), "a"])
    return rows


@pytest.fixture
def pids_file(tmp_path, monkeypatch):
    """Records the id of the process that reads each batch."""
    path = tmp_path / "pids"
    real_prepare = ImportBatcher.prepare

    def prepare(self, records):
        with path.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return real_prepare(self, records)

    monkeypatch.setattr(ImportBatcher, "prepare", prepare)
    return path


def readers(path) -> set[int]:
    return {int(line) for line in path.read_text().split()}


def import_with(org, user, data, monkeypatch, *, min_rows):
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    monkeypatch.setattr(pipeline, "SQLITE_BATCH_SIZE", 10)
    monkeypatch.setattr(pipeline, "PROCESS_MIN_ROWS", min_rows)
    return run_import(org, user, data, tags=["import"])


def failing_import(org, user, data, monkeypatch, error, match):
    """Run an import whose reading fails (the job runs once the start is committed)."""
    imp = create_import(org, user, data)
    job = start_import(imp, user)
    imp.refresh_from_db()
    job.refresh_from_db()
    assert imp.status == PeopleImport.Status.FAILED
    assert job.status == Job.Status.FAILED
    assert error.__name__ in job.error and match in job.error
    assert not multiprocessing.active_children()
    return imp


def test_a_process_reads_and_imports_what_a_thread_would(
    org_a, org_b, owner_a, owner_b, monkeypatch, pids_file
):
    data = csv_bytes(mixed_rows(160))
    for org in (org_a, org_b):  # already in the base: one by email, one by phone number
        anne = PersonFactory(organization=org, given_name="Anne", family_name="Le Goff")
        EmailAddressFactory(person=anne, address="p10@example.org")
        bernd = PersonFactory(organization=org, given_name="Bernd", family_name="Huber")
        PhoneNumberFactory(person=bernd, number="+33612340033")

    by_thread = import_with(org_a, owner_a, data, monkeypatch, min_rows=10**9)
    assert readers(pids_file) == {os.getpid()}
    pids_file.unlink()
    by_process = import_with(org_b, owner_b, data, monkeypatch, min_rows=0)
    (child,) = readers(pids_file)
    assert child != os.getpid()  # every batch was read in one other process
    assert not multiprocessing.active_children()  # and it is gone

    assert by_process.status == PeopleImport.Status.DONE
    assert counts(by_process) == counts(by_thread)
    assert counts(by_process)["updated"] > 5 and counts(by_process)["rejected"] > 10
    assert report_rows(by_process) == report_rows(by_thread)

    def people(org):  # the snapshot without the ids and times, which differ
        return [p[1:7] + p[8:] for p in snapshot(org)]

    assert people(org_b) == people(org_a)
    assert Person.objects.for_organization(org_b).count() > 80


def test_an_error_in_the_reading_process_fails_the_job_with_its_reason(org_a, owner_a, monkeypatch):
    real_prepare = ImportBatcher.prepare

    def prepare(self, records):
        if records[0].line > 30:
            raise ValueError("the fourth batch could not be read")
        return real_prepare(self, records)

    monkeypatch.setattr(ImportBatcher, "prepare", prepare)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    monkeypatch.setattr(pipeline, "PROCESS_MIN_ROWS", 0)
    data = csv_bytes(mixed_rows(60))
    imp = failing_import(
        org_a, owner_a, data, monkeypatch, ValueError, "the fourth batch could not be read"
    )
    assert imp.rows_done == 30  # the three batches read before the error are saved


def test_a_reading_process_that_dies_fails_the_job_which_then_resumes(
    org_a, org_b, owner_a, owner_b, monkeypatch, tmp_path
):
    committed = tmp_path / "committed"
    real_commit, real_prepare = pipeline._commit_batch, ImportBatcher.prepare
    state = {"die": True}

    def commit(batcher, prepared, start, *more):
        outcome = real_commit(batcher, prepared, start, *more)
        committed.write_text(str(start + prepared.count))
        return outcome

    def prepare(self, records):
        if state["die"] and records[0].line > 20:
            # Once the second batch is saved, the reader is killed (say by the kernel for
            # want of memory) while it reads the third.
            deadline = time.monotonic() + 30
            while not (committed.exists() and committed.read_text() == "20"):
                assert time.monotonic() < deadline
                time.sleep(0.01)
            os._exit(9)
        return real_prepare(self, records)

    monkeypatch.setattr(pipeline, "_commit_batch", commit)
    monkeypatch.setattr(ImportBatcher, "prepare", prepare)
    monkeypatch.setattr(pipeline.ReadingProcess, "POLL", 0.05)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    monkeypatch.setattr(pipeline, "PROCESS_MIN_ROWS", 0)
    data = csv_bytes(mixed_rows(60))
    imp = failing_import(org_a, owner_a, data, monkeypatch, pipeline.ReaderDied, "(exit code 9)")
    assert imp.rows_done == 20

    state["die"] = False
    job_run(job_id=services.import_resume(people_import=imp, user=owner_a).pk)
    imp.refresh_from_db()
    assert imp.status == PeopleImport.Status.DONE
    expected = import_with(org_b, owner_b, data, monkeypatch, min_rows=10**9)
    assert counts(imp) == counts(expected)
    assert not multiprocessing.active_children()


def test_the_reading_process_leaves_the_workers_signals_to_the_worker(
    org_a, org_b, owner_a, owner_b, monkeypatch
):
    """A worker told to stop (SIGTERM, to its whole process group under systemd) decides what
    becomes of its job; the reading process does not die of it and keeps feeding the job."""
    real_prepare = ImportBatcher.prepare

    def prepare(self, records):
        if records[0].line > 20 and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGINT)
        return real_prepare(self, records)

    parent = os.getpid()
    monkeypatch.setattr(ImportBatcher, "prepare", prepare)
    data = csv_bytes(mixed_rows(60))
    imp = import_with(org_a, owner_a, data, monkeypatch, min_rows=0)
    assert imp.status == PeopleImport.Status.DONE
    assert counts(imp) == counts(import_with(org_b, owner_b, data, monkeypatch, min_rows=10**9))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's look-ups only")
def test_the_reading_process_looks_the_keys_up_and_the_job_only_the_recent_ones(
    org_a, owner_a, monkeypatch
):
    """The emails of a batch are looked up by the reading process on its own connection; the
    job looks up again only those of the batches it had not committed yet (decision 0106)."""
    from turnout.people.imports import batch

    looked_up = []
    real_emails_owned = batch.emails_owned

    def emails_owned(organization_id, addresses, using=None):
        looked_up.extend(addresses)
        return real_emails_owned(organization_id, addresses, using)

    monkeypatch.setattr(batch, "emails_owned", emails_owned)
    rows = mixed_rows(160)
    imp = import_with(org_a, owner_a, csv_bytes(rows), monkeypatch, min_rows=0)
    assert imp.status == PeopleImport.Status.DONE
    emails = {row[0] for row in rows[1:] if "@" in row[0]}
    # Only emails seen two batches before (the "Again" rows), and not all of them
    again = {row[0] for row in rows[1:] if row[1].startswith("Again")}
    assert looked_up and set(looked_up) <= again and len(again) < len(emails) / 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's look-ups only")
def test_without_a_second_connection_the_job_looks_the_keys_up_itself(
    org_a, org_b, owner_a, owner_b, monkeypatch
):
    from django.db import OperationalError

    def no_connection(self, organization_id):
        raise OperationalError("sorry, too many clients already")

    monkeypatch.setattr(pipeline.KeyLookups, "__init__", no_connection)
    data = csv_bytes(mixed_rows(160))
    imp = import_with(org_a, owner_a, data, monkeypatch, min_rows=0)
    assert imp.status == PeopleImport.Status.DONE
    assert counts(imp) == counts(import_with(org_b, owner_b, data, monkeypatch, min_rows=10**9))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's look-ups only")
def test_the_reading_process_connects_outside_the_jobs_pool(org_a, monkeypatch):
    """The job's process may keep a pool of connections (DATABASE_POOL), which the fork copies
    with its open sockets: the reading process's connection is its own, never from a pool."""
    options = {**connection.settings_dict.get("OPTIONS", {}), "pool": {"min_size": 1}}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    lookups = pipeline.KeyLookups(org_a.pk)
    try:
        assert lookups.db.pool is None and lookups.db.alias != connection.alias
        assert lookups.db.settings_dict["NAME"] == connection.settings_dict["NAME"]
        assert lookups.db.connection.info.backend_pid != connection.connection.info.backend_pid
    finally:
        lookups.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's look-ups only")
def test_a_reading_process_that_cannot_start_fails_the_job_with_its_reason(
    org_a, owner_a, monkeypatch
):
    def misconfigured(self, organization_id):
        raise ValueError("the reading process's settings are wrong")

    monkeypatch.setattr(pipeline.KeyLookups, "__init__", misconfigured)
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 10)
    monkeypatch.setattr(pipeline, "PROCESS_MIN_ROWS", 0)
    imp = failing_import(
        org_a, owner_a, csv_bytes(mixed_rows(60)), monkeypatch, ValueError, "settings are wrong"
    )
    assert imp.rows_done == 0
