"""The report of an import: one line per row that was rejected (or saved with a remark), with
its line number in the uploaded file, the reason, and the row's original values, so that it
can be fixed in a spreadsheet and imported again.

Rows of one batch go to a chunk file named after the batch's first line, written before the
batch commits: a batch run again after a worker restart overwrites its chunk instead of adding
its rows twice. At the end the chunks are joined into the job's result file (private storage,
deleted with the other job files after TURNOUT_PRIVATE_FILE_DAYS).
"""

from __future__ import annotations

import csv
import io
import tempfile

from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from turnout.core.models import Job
from turnout.core.storage import private_storage

REPORT_DIR = "canvassing/reports"


def _dir(job: Job) -> str:
    return f"{REPORT_DIR}/{job.uuid}"


def _text(rows: list[list], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def report_row(line: int | str, reason: str, cells: list) -> list:
    return [line, reason, *("" if cell is None else cell for cell in cells)]


def chunk_write(job: Job, start: int, rows: list[list], *, delimiter: str = ";") -> None:
    storage = private_storage()
    name = f"{_dir(job)}/{start:012d}.csv"
    if storage.exists(name):
        storage.delete(name)
    if rows:
        storage.save(name, ContentFile(_text(rows, delimiter).encode()))


def report_assemble(job: Job, *, headers: list[str], delimiter: str = ";") -> str:
    """Join the chunks into one CSV (UTF-8 with BOM, for spreadsheet programs) saved as the
    job's result file; return its name, or "" when no row was reported."""
    storage = private_storage()
    directory = _dir(job)
    try:
        chunks = sorted(n for n in storage.listdir(directory)[1] if n.endswith(".csv"))
    except FileNotFoundError:
        chunks = []
    if not chunks:
        return ""
    with tempfile.TemporaryFile() as out:
        out.write(b"\xef\xbb\xbf")
        out.write(_text([[_("line"), _("reason"), *headers]], delimiter).encode())
        for chunk in chunks:
            with storage.open(f"{directory}/{chunk}", "rb") as handle:
                while block := handle.read(1 << 20):
                    out.write(block)
        out.seek(0)
        job.result_file.save(f"report-{job.uuid.hex[:12]}.csv", File(out), save=False)
    for chunk in chunks:
        storage.delete(f"{directory}/{chunk}")
    return job.result_file.name


def report_save(job: Job, *, headers: list[str], rows: list[list], delimiter: str = ";") -> str:
    """A small report written at once (stations, results): same format as the chunked one."""
    chunk_write(job, 0, rows, delimiter=delimiter)
    return report_assemble(job, headers=headers, delimiter=delimiter)
