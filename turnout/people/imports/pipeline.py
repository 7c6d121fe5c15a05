"""The import job: rows are read, checked and written in batches.

Each batch is one transaction that also advances ``PeopleImport.rows_done`` and the counts, so a
worker that dies resumes after the last committed batch and never imports a row twice (see
batch.py for what one batch does). The next batches are read and checked while the current one
is written: in a forked process for a large file (ReadingProcess, decision 0105), in a thread
otherwise; cancelling the job stops between batches and undoes what was committed.

How rows are counted: every record after the header row is either blank (skipped, counted as
``rows_done - total_rows``) or a data row, and every data row is exactly one of
``created`` (a new person), ``updated`` (it matched someone already in the base, or an earlier
row of the same file), ``rejected`` (listed in the report with its reason) or ``suppressed``
(the person asked to be erased: skipped, not recreated). So
``total_rows == created + updated + rejected + suppressed``.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import gc
import itertools
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import traceback

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django.db.utils import load_backend
from django.utils import translation
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.exceptions import JobCancelled

from ..models import PeopleImport
from . import reader
from .batch import ImportBatcher, Lookups, Outcome, Prepared
from .report import assemble_report, delete_chunks, write_chunk
from .rows import HandedRow, ParsedRow
from .writer import (
    Statistics,
    can_skip_fk_triggers,
    emails_owned,
    is_postgresql,
    overlapped_copies,
    phones_owned,
)

# Each batch costs ~40 round trips to the database besides its rows (look-ups, one COPY per
# table, the job's own row), and at each one the writing thread waits for the reading thread
# to hand the GIL back; 10,000 rows halves those per row against 5,000 (decision 0104).
BATCH_SIZE = 10_000
# SQLite has no round trips to save, and its general write path holds more per row in flight.
SQLITE_BATCH_SIZE = 5_000
PREFETCH = True  # read the next batches ahead (off: everything in line, for profiling)
# From this many rows, the next batches are read in a forked process rather than a thread: the
# two then never wait for each other's GIL (decision 0105). Below it, forking is not worth it.
PROCESS_MIN_ROWS = 50_000


class ImportTakenOver(Exception):
    """Another worker committed a batch this one was about to write (a requeued job)."""


def file_info(people_import: PeopleImport) -> reader.FileInfo:
    return reader.FileInfo(
        file_format=people_import.file_format,
        headers=list(people_import.headers),
        encoding=people_import.encoding,
        delimiter=people_import.delimiter,
        header_line=int((people_import.mapping or {}).get("header_line", 1)),
    )


# --- The job --------------------------------------------------------------------------------


def _commit_batch(
    batcher: ImportBatcher, prepared: Prepared, start: int, meanwhile=None
) -> Outcome:
    """``meanwhile``: called while the server inserts the batch's last rows."""
    imp = batcher.imp

    def save(outcome: Outcome) -> None:
        locked = (
            PeopleImport.objects.select_for_update()
            .filter(pk=imp.pk)
            .values_list("rows_done", flat=True)
            .first()
        )
        if locked != start:
            raise ImportTakenOver
        PeopleImport.objects.filter(pk=imp.pk).update(
            rows_done=start + prepared.count,
            created_count=F("created_count") + outcome.created,
            updated_count=F("updated_count") + outcome.updated,
            rejected_count=F("rejected_count") + outcome.rejected,
            suppressed_count=F("suppressed_count") + outcome.suppressed,
        )
        write_chunk(imp, start, outcome.report)

    try:
        with transaction.atomic():
            relax_durability(skip_fk_triggers=batcher.check_keys)
            with overlapped_copies():
                outcome = batcher.write(prepared)
                if meanwhile is not None:
                    meanwhile()
                save(outcome)
    except IntegrityError:
        # Someone saved the same email at the same moment (a signup form): take the rows one
        # by one, each matched again against what is now in the database.
        with transaction.atomic():
            relax_durability()  # and the foreign-key triggers on: each row checked
            outcome = Outcome()
            outcome.add(prepared.out)  # the blank lines and the rows rejected by reading
            for row in prepared.rows:
                outcome.add(_commit_one(batcher, row))
            outcome.report.sort(key=lambda line: line[0])  # in the order of the file
            save(outcome)
    batcher.tag_cache.update(outcome.tag_ids)
    return outcome


def relax_durability(*, skip_fk_triggers: bool = False) -> None:
    """On PostgreSQL, do not wait for the disk at each batch's commit: a batch lost in a crash
    loses its ``rows_done`` with it (same transaction) and is imported again on resume. With
    ``skip_fk_triggers``, the batch's transaction also runs without the foreign-key triggers
    (see writer.py: the batch takes their locks itself)."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        settings = {"synchronous_commit": "off", **LOOKUP_PLANNING}
        if skip_fk_triggers:
            settings["session_replication_role"] = "replica"
        with connection.cursor() as cursor:
            sql = ", ".join(f"set_config('{name}', %s, true)" for name in settings)
            cursor.execute(f"SELECT {sql}", list(settings.values()))


# The look-ups probe unique indexes with thousands of keys: planned with the cost of a random
# read on SSD, without parallel workers (which a batch this size does not repay) and without
# sequential scans (every query of a batch is by key; the planner scanned whole tables for
# 10,000 emails: writer.py), they stay index probes as the tables grow. Set for a batch's
# transaction (relax_durability) and for the reading process's connection (KeyLookups).
LOOKUP_PLANNING = {
    "random_page_cost": "1.1",
    "max_parallel_workers_per_gather": "0",
    "enable_seqscan": "off",
}


def _commit_one(batcher: ImportBatcher, row: ParsedRow) -> Outcome:
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return batcher.write(Prepared(count=1, rows=[row], out=Outcome()))
        except IntegrityError:
            continue
    outcome = Outcome(rejected=1)
    outcome.report.append(
        batcher.report_row(
            row,
            _("rejected"),
            [_("Could not be saved: the same email was being saved elsewhere at that moment.")],
        )
    )
    return outcome


NOTHING = object()


class Prefetcher:
    """Reads and checks the next batches in a thread while the current one is written: the
    database works (and releases the GIL) while Python reads. At most two batches ahead; the
    batches are still committed one by one, in order, by the caller."""

    def __init__(self, batcher: ImportBatcher, records, batch_size: int):
        self.batcher, self.records, self.batch_size = batcher, records, batch_size
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.stop = threading.Event()
        self.language = translation.get_language()
        self.thread = threading.Thread(target=self._run, name="import-reader", daemon=True)
        self.taken = NOTHING  # the next item, taken by ``ahead``

    def _stopped(self) -> bool:
        return self.stop.is_set()

    def _prepare(self, batch: list) -> Prepared:
        return self.batcher.prepare(batch)

    def _put(self, item) -> bool:
        while not self._stopped():
            try:
                self.queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            with translation.override(self.language):
                for number in itertools.count(1):
                    if self._stopped():
                        break
                    batch = list(itertools.islice(self.records, self.batch_size))
                    if not batch:
                        break
                    if not self._put(self._prepare(batch)):
                        return
                    collect_garbage(number)
        except BaseException as exc:  # handed to the writing thread
            self._put(exc)
            return
        self._put(None)

    def __enter__(self):
        self.thread.start()
        return self

    def _next(self):
        return self.queue.get()

    def _next_if_ready(self):
        return self.queue.get_nowait()

    def ahead(self) -> None:
        """Take the next batch now if it is ready: the job calls this while the server inserts
        the current batch's last rows (``_commit_batch``)."""
        if self.taken is NOTHING:
            with contextlib.suppress(queue.Empty):
                self.taken = self._next_if_ready()

    def __iter__(self):
        while True:
            item, self.taken = self.taken, NOTHING
            if item is NOTHING:
                item = self._next()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join()
        return False


def collect_garbage(batches: int) -> None:
    """The young generations, every 50 batches (see young_gc_only): a safety net, in the
    reading thread. Reading and checking rows leaves no reference cycles (an invalid email's
    ValidationError did, and held its whole batch until a collection: normalize._passes), and
    each collection walks every object alive, a tenth of a second with the batches in flight."""
    if batches % 50 == 0:
        gc.collect(1)


@contextlib.contextmanager
def young_gc_only():
    """No automatic garbage collection while the import runs; the reading side collects the
    young generations now and then (collect_garbage). An import
    allocates millions of short-lived objects, and the automatic collector kept scanning the
    long-lived ones (the caches, Django) in full collections: a fifth of the reading time."""
    enabled = gc.isenabled()
    gc.disable()
    gc.freeze()  # what exists now (Django, the caches) is never scanned meanwhile
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


class ReaderDied(RuntimeError):
    """The reading process ended without handing over all the batches (killed, out of memory)."""


class ReadingProcess(Prefetcher):
    """Reads and checks the next batches in a forked process while this one writes (decision
    0105): reading and checking is pure Python, so in a thread it shares the GIL with the writing
    thread, which after each of a batch's round trips waited up to the switch interval to get it
    back while the database sat idle. The child inherits the batcher and the open file and never
    uses the connections it inherited (``ImportBatcher.prepare`` needs none; on PostgreSQL it
    opens one of its own to look the keys up: KeyLookups, decision 0106); it pickles each batch
    itself (a pickling error is then its own, reported, not lost in a feeder thread) and ends
    with ``os._exit``, so the inherited connections are never closed from its side."""

    POLL = 1.0  # seconds between checks that the child is still alive while waiting for it

    def __init__(self, batcher: ImportBatcher, records, batch_size: int):
        super().__init__(batcher, records, batch_size)
        context = multiprocessing.get_context("fork")
        self.queue = context.Queue(maxsize=2)
        self.stop = context.Event()
        self.thread = context.Process(target=self._child, name="import-reader", daemon=True)

    def _child(self) -> None:
        # The worker's signals are the worker's: stopped (SIGTERM) or interrupted (Ctrl-C, sent
        # to the whole process group), it decides what becomes of the job, and the child goes
        # with it (_stopped). Killed by the kernel, the child is noticed by the job (_next).
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.parent = os.getppid()
        self.lookups = None
        try:
            if is_postgresql():
                # No connection to be had (max_connections reached): the job looks keys up.
                with contextlib.suppress(DatabaseError):
                    self.lookups = KeyLookups(self.batcher.org.pk)
        except Exception as exc:  # handed to the job, as _run does
            self._put(exc)
            return
        try:
            self._run()
        finally:
            if self.lookups is not None:
                self.lookups.close()
        if self._stopped():
            self.queue.cancel_join_thread()  # the parent reads no more: exit without flushing

    def _prepare(self, batch: list) -> Prepared:
        prepared = self.batcher.prepare(batch)
        if self.lookups is not None:
            prepared.lookups = self.lookups(prepared.rows)
        return prepared

    def _stopped(self) -> bool:
        # Also when the job's process is gone (killed): the child was handed to another parent.
        return self.stop.is_set() or os.getppid() != self.parent

    def _put(self, item) -> bool:
        if isinstance(item, Prepared):  # the rows as plain tuples (rows.HandedRow)
            item = (item.count, [HandedRow.of(row) for row in item.rows], item.out, item.lookups)
        try:
            data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            if not isinstance(item, BaseException):
                raise  # handed over by _run as an exception
            data = pickle.dumps(RuntimeError(traceback.format_exc()))
        return super()._put(data)

    def _next(self):
        while True:
            try:
                data = self.queue.get(timeout=self.POLL)
            except queue.Empty:
                if self.thread.is_alive():
                    continue
                try:  # what it sent just before it ended
                    data = self.queue.get(timeout=self.POLL)
                except queue.Empty:
                    raise ReaderDied(
                        f"the import's reading process ended (exit code {self.thread.exitcode})"
                    ) from None
            return self._loaded(data)

    def _next_if_ready(self):
        return self._loaded(self.queue.get_nowait())

    @staticmethod
    def _loaded(data: bytes):
        item = pickle.loads(data)  # noqa: S301  (our own child's bytes, over a pipe)
        if item.__class__ is tuple:
            count, values, out, lookups = item
            rows = list(map(HandedRow._make, values))
            return Prepared(count=count, rows=rows, out=out, lookups=lookups)
        return item

    def __exit__(self, *exc_info):
        self.stop.set()
        self.thread.join(timeout=10)
        if self.thread.is_alive():
            self.thread.kill()
            self.thread.join()
        self.queue.close()
        return False


class KeyLookups:
    """In the reading process (PostgreSQL): who already has each email and phone number of a
    batch, looked up on the process's own connection while the job writes the batches before
    it (decision 0106). What the look-up could not see (the batches not yet committed) the job
    looks up again (``RecentKeys``)."""

    def __init__(self, organization_id: int):
        self.organization_id = organization_id
        self.db = own_connection()
        with self.db.cursor() as cursor:  # for the session, as a batch does for its transaction
            sql = ", ".join(f"set_config('{name}', %s, false)" for name in LOOKUP_PLANNING)
            cursor.execute(f"SELECT {sql}", list(LOOKUP_PLANNING.values()))

    def __call__(self, rows: list[ParsedRow]) -> Lookups:
        emails = {r.email for r in rows if r.email}
        found_emails = {
            address: (person_id, erased)
            for address, person_id, erased in emails_owned(self.organization_id, emails, self.db)
        }
        phones = looked_up_phones(rows, found_emails)
        found_phones = {}
        for number, person_id in phones_owned(self.organization_id, phones, self.db):
            found_phones[number] = person_id  # the lowest id wins, as in the job
        return Lookups(emails=found_emails, phones=found_phones)

    def close(self) -> None:
        self.db.close()


def looked_up_phones(rows, found_emails: dict) -> set[str]:
    """The phone numbers KeyLookups looks up: those of the rows whose email nobody living has."""
    live = {address for address, (_id, erased) in found_emails.items() if not erased}
    return {r.phone for r in rows if r.phone and r.email not in live}


class RecentKeys:
    """In the job: which keys of a batch to look up again, because the reading process looked
    them up before the batches that hold them too were committed. When the keys of batch k are
    looked up, the job has taken batch k-3 from the queue of two, and it takes a batch while it
    writes the one before (``Prefetcher.ahead``), so it has committed every batch up to k-5: the
    keys found in the last ``IN_FLIGHT`` batches are looked up again. The job keeps them itself
    (the batches went through it), rather than the reading process sending them with each batch:
    tens of thousands of strings to pickle and load each time. A row that the look-ups missed
    for another reason (a signup saving the same email meanwhile) fails the batch on the unique
    index, which is then taken row by row, as before."""

    IN_FLIGHT = 5  # four batches can be uncommitted (see above), and one more for margin

    def __init__(self):
        self.recent: collections.deque = collections.deque(maxlen=self.IN_FLIGHT)

    def complete(self, prepared: Prepared) -> None:
        """Every batch, in the order of the file: sets what its look-ups checked and what to
        look up again."""
        rows, lookups = prepared.rows, prepared.lookups
        emails = {r.email for r in rows if r.email}
        keys = emails | {r.phone for r in rows if r.phone}
        if lookups is not None:
            lookups.checked = emails | looked_up_phones(rows, lookups.emails)
            recent = self.recent
            lookups.again = {k for k in keys if any(k in batch for batch in recent)}
        self.recent.append(keys)


def own_connection():
    """A new connection to the default database, outside any pool: the job's connection and
    its process's pool (``DATABASES`` ``OPTIONS["pool"]``, kept in a class attribute by alias)
    came with the fork, and their sockets are the job's."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict["OPTIONS"] = {
        k: v for k, v in settings_dict.get("OPTIONS", {}).items() if k != "pool"
    }
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias="import-reader")


def batch_source(remaining_rows: int):
    """How the next batches are read: in line, in a thread, or in a forked process."""
    if not PREFETCH:
        return InlineBatches
    # fork on Linux only: on macOS, a forked child may crash in the system's libraries
    if remaining_rows >= PROCESS_MIN_ROWS and sys.platform == "linux":
        return ReadingProcess
    return Prefetcher


class InlineBatches(Prefetcher):
    """The batches read and checked when they are needed, in the calling thread."""

    def __enter__(self):
        return self

    def ahead(self) -> None:
        """Nothing is read ahead in line."""

    def __iter__(self):
        for number in itertools.count(1):
            batch = list(itertools.islice(self.records, self.batch_size))
            if not batch:
                return
            yield self.batcher.prepare(batch)
            collect_garbage(number)

    def __exit__(self, *exc_info):
        return False


def import_run(*, people_import: PeopleImport, progress, batch_size: int | None = None) -> dict:
    """Run (or resume) an import. Cancelling the job undoes the committed batches."""
    batch_size = batch_size or BATCH_SIZE
    if not is_postgresql():
        batch_size = min(batch_size, SQLITE_BATCH_SIZE)
    imp = PeopleImport.objects.select_related("organization").get(pk=people_import.pk)
    if imp.status in (PeopleImport.Status.DONE, PeopleImport.Status.UNDONE):
        return import_summary(imp)
    PeopleImport.objects.filter(pk=imp.pk).update(status=PeopleImport.Status.RUNNING)
    info = file_info(imp)
    batcher = ImportBatcher(imp)
    batcher.check_keys = can_skip_fk_triggers()
    try:
        with imp.file.open("rb") as handle:
            total = reader.estimate_records(handle, info)
            progress.set_total(max(total, imp.rows_done))
            if imp.rows_done:
                progress.advance(imp.rows_done)
            position = imp.rows_done
            records = itertools.islice(reader.iter_records(handle, info), position, None)
            prefetcher = batch_source(total - position)
            statistics = Statistics()
            with young_gc_only(), prefetcher(batcher, records, batch_size) as batches:
                recent = RecentKeys()
                for prepared in batches:
                    recent.complete(prepared)
                    outcome = _commit_batch(batcher, prepared, position, batches.ahead)
                    statistics.after_batch(outcome.created)
                    position += prepared.count
                    imp.rows_done = position
                    progress.advance(
                        prepared.count,
                        message=_("%(count)s rows read") % {"count": f"{position:,}"},
                    )
                    progress.flush()  # raises JobCancelled when someone cancelled the job
    except JobCancelled:
        from .undo import import_undo_run

        import_undo_run(people_import=imp, progress=None)
        raise
    except ImportTakenOver:
        return {"note": "another worker took this import over"}
    except Exception:
        PeopleImport.objects.filter(pk=imp.pk).update(status=PeopleImport.Status.FAILED)
        raise
    return import_finish(people_import=imp)


def import_finish(*, people_import: PeopleImport) -> dict:
    imp = people_import
    report_name = assemble_report(imp)
    with transaction.atomic():
        imp = PeopleImport.objects.select_for_update().get(pk=imp.pk)
        imp.total_rows = (
            imp.created_count + imp.updated_count + imp.rejected_count + imp.suppressed_count
        )
        imp.status = PeopleImport.Status.DONE
        if report_name:
            imp.rejects_file.name = report_name
        imp.save(update_fields=["total_rows", "status", "rejects_file", "updated_at"])
        audit_record(
            organization=imp.organization,
            actor=imp.created_by,
            action="people.import.finished",
            target=imp,
            data=import_summary(imp),
        )
    delete_chunks(imp)
    return import_summary(imp)


def import_summary(imp: PeopleImport) -> dict:
    return {
        "import": imp.pk,
        "rows": imp.total_rows,
        "created": imp.created_count,
        "updated": imp.updated_count,
        "rejected": imp.rejected_count,
        "suppressed": imp.suppressed_count,
        "blank_lines": max(0, imp.rows_done - imp.total_rows) if imp.total_rows else 0,
    }
