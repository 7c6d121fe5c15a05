"""The intake spool (docs/decisions/0101-intake-spool.md): where a web process puts the
signatures of the public forms, on its own disk, before they reach the intake queue.

Without it, each signature is one insert into the queue table and the request waits for
PostgreSQL's commit. With a spool directory set (``TURNOUT_INTAKE_SPOOL_DIR``), the request
appends one line to its process's file and flushes it to disk (``fdatasync``), then thanks
the person; a thread of the same process moves the new lines into the queue table every
``MOVE_SECONDS``, many rows in one transaction, and wakes the fold. A signature is thanked only
once it is on disk, so a crash of the process or of the machine loses nothing that was
thanked.

Files and locks. Each process writes its own file, ``<host>-<pid>-<random>.spool``, created
under a hidden name, locked (``flock``) and only then renamed, so that no other process ever
sees it unlocked while its writer lives. A writer never reopens a file: it starts a new one
when its file is full (``FILE_BYTES``), after a failed write, or in a forked child. A file
whose lock can be taken has no writer any more; whoever takes the lock (another web process
of the machine, a worker's fold, ``manage.py intake_spool_move``) moves what is left and
deletes it.

Lines. ``<crc32 of the rest, 8 hex digits>\\t<fields split by tabs>\\n`` (``encode``). A
line without its newline is the end of a write that never finished (its request was not
thanked): skipped. A line whose checksum fails is set aside in ``damaged/`` with an error in
the log, never moved.

Exactly once. ``IntakeSpoolFile`` records, per file, the bytes moved; it is updated in the
transaction that inserts their rows. A file is deleted after the last of it was moved, and its
record only after the file: a crash in between leaves a record of a missing file, nothing
moved twice.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import logging
import os
import secrets
import socket
import threading
import zlib
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

logger = logging.getLogger("turnout.actions")

SUFFIX = ".spool"
FILE_BYTES = 4 * 1024 * 1024  # each spool file, filled with zeros when created
MOVE_SECONDS = 0.5
MOVE_BYTES = 4 * 1024 * 1024  # read and moved in one transaction at most
REF_BITS = 62


def spool_dir() -> Path | None:
    """The spool directory, or None when signatures go straight to the queue table."""
    value = getattr(settings, "TURNOUT_INTAKE_SPOOL_DIR", None)
    return Path(value) if value else None


def new_ref() -> int:
    """The random number that names a spooled signature until it has an id."""
    return secrets.randbits(REF_BITS) or 1


def encode(record: dict) -> bytes:
    """One line: the checksum, then the organization, the action, the reference, the time,
    the contact key and the payload, split by tabs (JSON never holds a raw tab or newline)."""
    body = "\t".join(
        [
            str(int(record["o"])),
            str(int(record["a"])),
            str(int(record["r"])),
            record["t"],
            json.dumps(record["k"], ensure_ascii=False),
            json.dumps(record["p"], separators=(",", ":"), ensure_ascii=False),
        ]
    ).encode()
    return b"%08x\t%s\n" % (zlib.crc32(body), body)


def decode(line: bytes) -> dict | None:
    """The record of a complete line (without its newline), or None when it is damaged. The
    payload stays JSON text (``pj``): it goes to the database as it is."""
    head, sep, body = line.partition(b"\t")
    if not sep or len(head) != 8:
        return None
    try:
        if int(head, 16) != zlib.crc32(body):
            return None
        organization, action, ref, at, key, payload = body.decode().split("\t")
        return {
            "o": int(organization),
            "a": int(action),
            "r": int(ref),
            "t": at,
            "k": json.loads(key),
            "pj": payload,
        }
    except ValueError:
        return None


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- Writing (the web process) --------------------------------------------------------------


class _Writer:
    """This process's file, written under a lock (gthread workers), reopened after a fork.

    A file is filled with zeros when it is created (``FILE_BYTES``, flushed once), and lines
    are then written over the zeros: flushing a line (``fdatasync``) then writes its data
    block only, not the file's size in the file system's journal (half the wait on a disk
    measured here). Readers stop at the first zero byte."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = 0
        self.fd: int | None = None
        self.path: Path | None = None
        self.size = 0
        self.mover: threading.Thread | None = None
        self.stop = threading.Event()

    def current(self) -> Path | None:
        return self.path if self.pid == os.getpid() else None

    def _open(self, directory: Path) -> None:
        self._close()
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
        hidden = directory / f".{name}.tmp"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        fd = os.open(hidden, flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            zeros = bytes(1024 * 1024)
            for _ in range(FILE_BYTES // len(zeros)):
                os.write(fd, zeros)
            os.fsync(fd)
            path = directory / f"{name}{SUFFIX}"
            os.rename(hidden, path)
            _fsync_dir(directory)  # the file's name survives a crash of the machine
        except OSError:
            os.close(fd)
            hidden.unlink(missing_ok=True)
            raise
        self.fd, self.path, self.size = fd, path, 0

    def _close(self) -> None:
        if self.fd is not None and self.pid == os.getpid():
            with contextlib.suppress(OSError):
                os.close(self.fd)  # releases the lock: the file may be moved and deleted
        self.fd, self.path, self.size = None, None, 0

    def append(self, directory: Path, line: bytes) -> None:
        if len(line) > FILE_BYTES // 4 or b"\0" in line:
            raise OSError("a line too long for the intake spool")
        with self.lock:
            if self.pid != os.getpid():  # a forked child: the parent's file is not its own
                self.fd, self.path, self.size, self.mover = None, None, 0, None
                self.pid = os.getpid()
            if (
                self.fd is None
                or self.size + len(line) > FILE_BYTES
                or self.path.parent != directory
            ):
                self._open(directory)
            try:
                written = os.pwrite(self.fd, line, self.size)
                if written != len(line):
                    raise OSError(f"short write to the intake spool ({written} of {len(line)})")
                os.fdatasync(self.fd)
            except OSError:
                self._close()  # never write after a failed write: the next line starts anew
                raise
            self.size += len(line)
            if self.mover is None and getattr(settings, "TURNOUT_INTAKE_SPOOL_MOVER", True):
                self.stop = threading.Event()
                self.mover = threading.Thread(
                    target=_mover_loop,
                    args=(directory, self.stop),
                    name="intake-spool",
                    daemon=True,
                )
                self.mover.start()

    def close(self) -> Path | None:
        """Close this process's file and stop its mover thread (at exit, in tests); returns
        the file (still to be moved: its lock is released)."""
        with self.lock:
            path = self.current()
            self._close()
            mover = self.mover if self.pid == os.getpid() else None
            self.mover = None
        if mover is not None:
            self.stop.set()
            if mover is not threading.current_thread():
                mover.join(timeout=5)  # its last move done, its connection closed
        return path


_writer = _Writer()
_move_lock = threading.Lock()  # one mover at a time in a process
_moved: dict[str, int] = {}  # bytes known moved, per file of this process: no query when none


def spool_append(directory: Path, record: dict) -> None:
    """Append one record to this process's spool file and flush it to disk. Raises OSError
    when the disk refuses (the caller then writes to the queue table)."""
    _writer.append(directory, encode(record))


def _mover_loop(directory: Path, stop: threading.Event) -> None:
    from .intake import intake_wake

    while not stop.wait(MOVE_SECONDS):
        try:
            if spool_move(directory):
                intake_wake()
        except Exception:
            logger.exception("the intake spool could not be moved; trying again")
        finally:
            close_old_connections()
            if not settings.DATABASES["default"].get("CONN_MAX_AGE"):
                connection.close()
    connection.close()


@atexit.register
def _at_exit() -> None:
    """A process that stops moves what its file still holds (a crash leaves it for others)."""
    directory = spool_dir() if settings.configured else None
    if directory is None or _writer.close() is None:
        return
    try:
        spool_move(directory)
    except Exception:
        logger.exception("the intake spool was left for another process to move")


# --- Moving into the queue table ------------------------------------------------------------


def spool_move(directory: Path | None = None) -> int:
    """Move the new lines of this process's file and everything of the files nobody writes
    any more into the intake queue; returns the rows inserted."""
    directory = directory or spool_dir()
    if directory is None or not directory.is_dir():
        return 0
    moved = 0
    with _move_lock:
        with _writer.lock:  # this process's file, and how much of it was written and flushed
            own, written = _writer.current(), _writer.size
        for path in sorted(directory.glob(f"*{SUFFIX}")):
            if path == own:
                moved += _move_file(path, limit=written)
                continue
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except FileNotFoundError:
                continue  # moved and deleted by another process meanwhile
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its writer lives and moves it
                if path.exists():
                    moved += _move_file(path, limit=None)
            finally:
                os.close(fd)
    return moved


def spool_pending(directory: Path | None = None) -> int:
    """Bytes written to the spool and not moved yet (0 when the spool is off): for the
    benchmark and ``manage.py intake_spool_move``."""
    from .models import IntakeSpoolFile

    directory = directory or spool_dir()
    if directory is None or not directory.is_dir():
        return 0
    paths = {p.name: p for p in directory.glob(f"*{SUFFIX}")}
    done = dict(IntakeSpoolFile.objects.filter(name__in=paths).values_list("name", "offset"))
    pending = 0
    for name, path in paths.items():
        offset = done.get(name, 0)
        with contextlib.suppress(FileNotFoundError):
            pending += _written_end(path, offset) - offset
    return pending


def _written_end(path: Path, start: int) -> int:
    """Where the written part of a spool file ends (its first zero byte at or after
    ``start``)."""
    with path.open("rb") as handle:
        handle.seek(start)
        end = start
        while chunk := handle.read(64 * 1024):
            zero = chunk.find(b"\0")
            if zero >= 0:
                return end + zero
            end += len(chunk)
        return end


def _move_file(path: Path, *, limit: int | None) -> int:
    """Move what ``path`` holds past its recorded offset: this process's own file up to
    ``limit``, the end of the lines whose write has returned (a line being written is never
    seen half done); a file nobody writes (``limit`` None) up to its first zero byte, then
    delete it."""
    from .models import IntakeSpoolFile

    name = path.name
    finished = limit is None
    if limit is not None and _moved.get(name, -1) >= limit:
        return 0  # nothing written since the last move
    moved = 0
    while True:
        with transaction.atomic():
            spool, _created = IntakeSpoolFile.objects.select_for_update().get_or_create(name=name)
            size = MOVE_BYTES if limit is None else min(MOVE_BYTES, limit - spool.offset)
            with path.open("rb") as handle:
                handle.seek(spool.offset)
                data = handle.read(max(0, size))
            written = data.find(b"\0")
            more = written < 0 and len(data) == MOVE_BYTES
            data = data if written < 0 else data[:written]
            end = data.rfind(b"\n") + 1  # complete lines only
            if end:
                moved += _insert(path, data[:end], spool.offset)
                spool.offset += end
                spool.save(update_fields=["offset", "updated_at"])
        transaction.on_commit(lambda offset=spool.offset: _moved.__setitem__(name, offset))
        if not (end and more):
            break
    if finished:
        if len(data) > end:
            logger.warning(
                "intake spool %s: an unfinished last line (%d bytes) dropped", name, len(data) - end
            )
        # Once the move is committed (a caller's transaction, an erasure, may still roll it
        # back): the file first, then its record.
        transaction.on_commit(lambda: _delete(path))
    return moved


def _delete(path: Path) -> None:
    from .models import IntakeSpoolFile

    path.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    IntakeSpoolFile.objects.filter(name=path.name).delete()
    _moved.pop(path.name, None)


def _insert(path: Path, data: bytes, offset: int) -> int:
    """Insert the rows of these complete lines (in the caller's transaction)."""
    from .models import Action, SubmissionIntake

    records = []
    for line in data[:-1].split(b"\n"):
        record = decode(line)
        if record is None:
            _set_aside(path, line, offset)
        else:
            records.append(record)
        offset += len(line) + 1
    # A record of an action deleted meanwhile goes with the action's other signatures.
    existing = set(
        Action.objects.filter(pk__in={r["a"] for r in records}).values_list("pk", flat=True)
    )
    records = [r for r in records if r["a"] in existing]
    if not records:
        return 0
    now = timezone.now()
    table = connection.ops.quote_name(SubmissionIntake._meta.db_table)
    if connection.vendor == "postgresql":
        # COPY: the rows go in one stream, the payloads as the JSON text they were written as.
        columns = "organization_id, action_id, ref, created_at, contact_key, payload"
        columns += ", updated_at, processed_at, outcome, error, attempts"
        waiting = SubmissionIntake.Outcome.WAITING.value
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for r in records:
                copy.write_row(
                    (r["o"], r["a"], r["r"], r["t"], r["k"], r["pj"], now, None, waiting, "", 0)
                )
    else:
        SubmissionIntake.objects.bulk_create(
            SubmissionIntake(
                organization_id=r["o"],
                action_id=r["a"],
                payload=json.loads(r["pj"]),
                contact_key=r["k"],
                created_at=datetime.fromisoformat(r["t"]),
                ref=r["r"],
            )
            for r in records
        )
    return len(records)


def _set_aside(path: Path, line: bytes, offset: int) -> None:
    damaged = path.parent / "damaged"
    damaged.mkdir(exist_ok=True)
    with (damaged / path.name).open("ab") as out:
        out.write(line + b"\n")
    logger.error(
        "intake spool %s: damaged line at byte %d set aside in %s", path.name, offset, damaged
    )
