"""The intake spool (docs/decisions/0101): with a spool directory, the sign page writes the
signature to its process's file on disk and thanks the person; the process's mover thread (or
any process, once the writer is gone) moves the lines into the intake queue, each line once,
whatever the crashes; a disk that refuses sends the signature to the queue table instead."""

import json
import os
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from turnout.actions import intake as intake_module
from turnout.actions import spool, tasks
from turnout.actions.intake import intake_fold
from turnout.actions.models import Action, IntakeSpoolFile, Submission, SubmissionIntake
from turnout.actions.referral import referral_target, spool_referral_code
from turnout.actions.tests.factories import ActionFactory
from turnout.people.models import Person
from turnout.people.rights.services import person_erase

pytestmark = pytest.mark.django_db

DATABASE_TASKS = "django_tasks_db.DatabaseBackend"
QUEUED = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "jobs", "messages"],
    }
}


@pytest.fixture
def spooled(settings, tmp_path, monkeypatch):
    """A spool directory, a queue no worker reads, no mover thread: the test moves."""
    settings.TASKS = QUEUED
    settings.TURNOUT_INTAKE_SPOOL_DIR = str(tmp_path / "spool")
    settings.TURNOUT_INTAKE_SPOOL_MOVER = False
    cache.clear()
    monkeypatch.setattr(intake_module, "_next_wake", 0.0)
    yield tmp_path / "spool"
    spool._writer.close()
    spool._moved.clear()
    cache.clear()


def page(action, name="action"):
    return reverse(f"actions_public:{name}", kwargs={"slug": action.slug})


def sign(client, action, email="anne@example.org", **extra):
    data = {"given_name": "Anne", "family_name": "Le Goff", "email": email, "consent": "on"}
    response = client.post(page(action), {**data, **extra})
    assert response.status_code == 302
    return parse_qs(urlsplit(response["Location"]).query)["code"][0]


def files(directory):
    return sorted(p.name for p in directory.glob("*.spool"))


def dead_writer_file(directory, records, *, tail=b""):
    """A spool file as a process that died left it: lines, then maybe a half-written one."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "elsewhere-4242-deadbeef.spool"
    path.write_bytes(b"".join(spool.encode(r) for r in records) + tail + bytes(4096))
    return path


def record(action, email, ref=None):
    return {
        "o": action.organization_id,
        "a": action.pk,
        "r": ref or spool.new_ref(),
        "t": timezone.now().isoformat(),
        "k": f"email:{email}",
        "p": {
            "v": 1,
            "person": {"given_name": "Dana", "email": email, "family_name": "", "phone": ""},
            "consent": True,
            "consent_text": "Yes, keep me informed.",
            "language": "fr",
        },
    }


def test_the_signature_is_on_disk_when_thanked_and_reaches_the_crm_once(client, org_a, spooled):
    action = ActionFactory(organization=org_a)
    code = sign(client, action, source="TOOT")
    assert code.startswith("s") and referral_target(code)[0] == "spool"
    # Thanked, and not a single write to the database yet: the line is in the spool.
    assert not SubmissionIntake.objects.exists()
    (name,) = files(spooled)
    assert b"anne@example.org" in (spooled / name).read_bytes()

    assert spool.spool_move() == 1
    assert spool.spool_move() == 0  # each line once
    row = SubmissionIntake.objects.get()
    assert row.ref == referral_target(code)[1] and row.outcome == SubmissionIntake.Outcome.WAITING
    assert IntakeSpoolFile.objects.get(name=name).offset > 0
    assert files(spooled) == [name]  # its writer lives: the file stays

    assert intake_fold().recorded == 1
    submission = Submission.objects.get(action=action)
    assert submission.source_code == "TOOT" and submission.status == Submission.Status.CONFIRMED
    action.refresh_from_db()
    assert action.signature_count == 1


def test_a_share_code_handed_out_from_the_spool_refers(client, org_a, spooled):
    action = ActionFactory(organization=org_a)
    code = sign(client, action)
    sign(client, action, email="bob@example.org", given_name="Bob", ref=code)
    spool.spool_move()
    intake_fold()  # Anne and Bob in one batch
    anne = Person.objects.get(emails__address="anne@example.org")
    assert Submission.objects.get(person__emails__address="bob@example.org").referrer == anne
    sign(client, action, email="carl@example.org", given_name="Carl", ref=code)
    spool.spool_move()
    intake_fold()  # a later batch: found through the row's reference
    assert Submission.objects.get(person__emails__address="carl@example.org").referrer == anne
    assert referral_target(spool_referral_code(12345)) == ("spool", 12345)
    assert referral_target(spool_referral_code(12345)[:-1] + "0") is None


def test_a_file_whose_writer_died_is_moved_by_the_fold_then_deleted(
    org_a, spooled, django_capture_on_commit_callbacks
):
    action = ActionFactory(organization=org_a)
    records = [record(action, f"dana{n}@example.org") for n in range(3)]
    # The process died in the middle of a fourth line: that request was never thanked.
    path = dead_writer_file(spooled, records, tail=spool.encode(records[0])[:25])

    with django_capture_on_commit_callbacks(execute=True):
        stats = intake_fold()  # the worker's fold adopts the file

    assert stats.recorded == 3
    assert sorted(SubmissionIntake.objects.values_list("ref", flat=True)) == sorted(
        r["r"] for r in records
    )
    assert not path.exists() and not IntakeSpoolFile.objects.exists()
    assert Submission.objects.filter(action=action).count() == 3


def test_a_damaged_line_is_set_aside_and_the_others_go_through(org_a, spooled):
    action = ActionFactory(organization=org_a)
    good = [record(action, "one@example.org"), record(action, "two@example.org")]
    bad = spool.encode(record(action, "three@example.org")).replace(b"three", b"thref")
    path = dead_writer_file(spooled, [], tail=spool.encode(good[0]) + bad + spool.encode(good[1]))

    assert spool.spool_move() == 2

    assert set(SubmissionIntake.objects.values_list("contact_key", flat=True)) == {
        "email:one@example.org",
        "email:two@example.org",
    }
    assert (spooled / "damaged" / path.name).read_bytes() == bad  # kept for the operator


def test_a_move_rolled_back_leaves_the_file_and_is_done_once_later(
    org_a, spooled, django_capture_on_commit_callbacks
):
    action = ActionFactory(organization=org_a)
    path = dead_writer_file(spooled, [record(action, "dana@example.org")])

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assert spool.spool_move() == 1
        raise RuntimeError("the caller's transaction fails after the move")

    assert path.exists() and not SubmissionIntake.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert spool.spool_move() == 1
    assert spool.spool_move() == 0
    assert SubmissionIntake.objects.count() == 1 and not path.exists()


def test_a_record_of_a_missing_file_moves_nothing_twice(
    org_a, spooled, django_capture_on_commit_callbacks
):
    """A crash after the file was deleted and before its record was: harmless."""
    action = ActionFactory(organization=org_a)
    path = dead_writer_file(spooled, [record(action, "dana@example.org")])
    with django_capture_on_commit_callbacks(execute=True):
        spool.spool_move()
    assert not path.exists()
    IntakeSpoolFile.objects.create(name=path.name, offset=123)
    assert spool.spool_move() == 0
    assert SubmissionIntake.objects.count() == 1


def test_a_signature_of_an_action_deleted_meanwhile_goes_with_it(org_a, spooled):
    kept, deleted = ActionFactory(organization=org_a), ActionFactory(organization=org_a)
    dead_writer_file(spooled, [record(kept, "a@example.org"), record(deleted, "b@example.org")])
    deleted.delete()
    assert spool.spool_move() == 1
    assert SubmissionIntake.objects.get().action == kept


def test_a_disk_that_refuses_sends_the_signature_to_the_queue_table(
    client, org_a, spooled, monkeypatch
):
    action = ActionFactory(organization=org_a)
    real = os.fdatasync

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(spool.os, "fdatasync", full_disk)
    code = sign(client, action)
    assert code.startswith("i")  # a row of the queue table, with its id
    row = SubmissionIntake.objects.get()
    assert row.ref is None and row.contact_key == "email:anne@example.org"

    monkeypatch.setattr(spool.os, "fdatasync", real)
    sign(client, action, email="bob@example.org")  # a new file: never after a failed write
    assert len(files(spooled)) == 2
    spool.spool_move()
    # The line of the failed write (never thanked from the spool) is moved as well: its
    # signature is then recorded once, as a resubmission would be.
    intake_fold()
    assert Submission.objects.filter(action=action).count() == 2


def test_a_full_file_is_followed_by_a_new_one_and_moved_once_closed(
    client, org_a, spooled, monkeypatch, django_capture_on_commit_callbacks
):
    action = ActionFactory(organization=org_a)
    monkeypatch.setattr(spool, "FILE_BYTES", 4096)
    for n in range(12):
        sign(client, action, email=f"p{n}@example.org")
    assert len(files(spooled)) >= 2  # about 500 bytes a line
    with django_capture_on_commit_callbacks(execute=True):
        assert spool.spool_move() == 12
    assert len(files(spooled)) == 1  # the full ones, closed, were deleted; the current stays
    assert intake_fold().recorded == 12


def test_an_erasure_also_forgets_what_waits_in_the_spool(client, org_a, owner_a, spooled):
    action = ActionFactory(organization=org_a)
    sign(client, action)
    spool.spool_move()
    intake_fold()
    sign(client, action, given_name="Anne again")  # still in the spool
    person_erase(
        person=Person.objects.get(emails__address="anne@example.org"), actor=owner_a, reason="x"
    )
    assert not SubmissionIntake.objects.filter(processed_at__isnull=True).exists()
    assert spool.spool_move() == 0 and intake_fold().rows == 0


def test_without_a_worker_the_spool_is_not_used(client, org_a, settings, tmp_path):
    """Tasks run in the request (no worker): the signature is recorded at once."""
    settings.TURNOUT_INTAKE_SPOOL_DIR = str(tmp_path / "spool")
    action = ActionFactory(organization=org_a)
    sign(client, action)
    assert SubmissionIntake.objects.get().outcome == SubmissionIntake.Outcome.RECORDED
    assert not (tmp_path / "spool").exists()


@pytest.mark.django_db(transaction=True)
def test_the_mover_thread_moves_and_wakes_the_fold(client, org_a, spooled, settings):
    """As deployed: the database task queue, the process's own mover thread."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {**QUEUED, "default": {**QUEUED["default"], "BACKEND": DATABASE_TASKS}}
    settings.TURNOUT_INTAKE_SPOOL_MOVER = True
    action = ActionFactory(organization=org_a)
    sign(client, action)
    woken = DBTaskResult.objects.filter(task_path="turnout.actions.tasks.intake_fold_task")
    # The thread commits the rows, then enqueues the fold: wait for both.
    deadline = time.monotonic() + 10
    while not woken.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert SubmissionIntake.objects.count() == 1
    assert woken.count() == 1
    # A worker runs the task: the signature reaches the CRM.
    assert intake_fold().recorded == 1
    assert Submission.objects.filter(action=action).count() == 1


def test_the_minute_task_moves_what_a_stopped_process_left_and_wakes_a_fold(org_a, spooled):
    from django_tasks import default_task_backend

    action = ActionFactory(organization=org_a)
    dead_writer_file(spooled, [record(action, "dana@example.org")])
    assert tasks.intake_safety_net() == {"woken": True}
    assert [r.task.name for r in default_task_backend.results] == ["intake_fold_task"]
    assert SubmissionIntake.objects.count() == 1


@given(
    text=st.text(),
    key=st.text(max_size=50),
    numbers=st.tuples(*[st.integers(1, 2**62 - 1)] * 3),
)
def test_any_text_makes_one_line_that_reads_back_the_same(text, key, numbers):
    """Whatever was typed (tabs, newlines, NUL, any script) stays inside its line."""
    organization, action, ref = numbers
    payload = {"person": {"given_name": text}, "answers": {"q": [text, 1.5, None]}}
    line = spool.encode(
        {
            "o": organization,
            "a": action,
            "r": ref,
            "t": "2026-11-24T10:00:00+00:00",
            "k": key,
            "p": payload,
        }
    )
    assert line.endswith(b"\n") and line.count(b"\n") == 1 and b"\0" not in line
    back = spool.decode(line[:-1])
    assert (back["o"], back["a"], back["r"], back["k"]) == (organization, action, ref, key)
    assert json.loads(back["pj"]) == payload
    assert spool.decode(line[:-2]) is None  # cut short: refused by its checksum


def test_a_signature_spooled_after_another_process_closed_the_action_waits_for_organizers(
    client, org_a, spooled
):
    action = ActionFactory(organization=org_a)
    sign(client, action, email="early@example.org")  # this process now caches the action
    # Closed by another process: this one's copy of the action is up to two seconds old.
    Action.objects.filter(pk=action.pk).update(
        status=Action.Status.CLOSED, closed_at=timezone.now()
    )
    sign(client, action, email="late@example.org")
    spool.spool_move()

    stats = intake_fold()

    assert (stats.recorded, stats.refused) == (1, 1)  # the early one was accepted while open
    late = SubmissionIntake.objects.get(contact_key="email:late@example.org")
    assert late.outcome == SubmissionIntake.Outcome.REFUSED and "closed" in late.error
    assert late.payload["person"]["email"] == "late@example.org"  # kept for the organizers
