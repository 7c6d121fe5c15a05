"""The report of an import: each rejected row (and each row saved with a warning, or skipped
because the person was erased) with its line number, the reason, and the original values.

Rows of one batch are written to a chunk file of their own, named after the batch's first
record, before the batch commits: a batch run again after a crash overwrites its chunk instead
of appending twice. At the end the chunks are joined into one CSV that can be fixed and
imported again (its first three columns are ignored by the column suggestions).
"""

from __future__ import annotations

import csv
import io
import tempfile

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ..models import PeopleImport


def _report_dir(people_import: PeopleImport) -> str:
    token = salted_hmac("turnout.imports.report", str(people_import.pk)).hexdigest()[:24]
    return f"imports/reports/{people_import.pk}-{token}"


def report_delimiter(people_import: PeopleImport) -> str:
    return ";" if people_import.delimiter == ";" else ","


def _report_rows_to_text(people_import: PeopleImport, rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=report_delimiter(people_import), lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def write_chunk(people_import: PeopleImport, start: int, rows: list[list]) -> None:
    name = f"{_report_dir(people_import)}/{start:012d}.csv"
    if default_storage.exists(name):
        default_storage.delete(name)
    if rows:
        default_storage.save(name, ContentFile(_report_rows_to_text(people_import, rows).encode()))


def assemble_report(people_import: PeopleImport) -> str:
    """Join the chunks into one CSV (UTF-8 with BOM for spreadsheet programs); return its
    storage name, or "" when no row was rejected or saved with a warning."""
    directory = _report_dir(people_import)
    try:
        chunks = sorted(n for n in default_storage.listdir(directory)[1] if n.endswith(".csv"))
    except FileNotFoundError:
        chunks = []
    if not chunks:
        return ""
    header = [_("line"), _("outcome"), _("reason"), *people_import.headers]
    with tempfile.TemporaryFile() as out:
        out.write(b"\xef\xbb\xbf")
        out.write(_report_rows_to_text(people_import, [header]).encode())
        for chunk in chunks:
            with default_storage.open(f"{directory}/{chunk}", "rb") as handle:
                while block := handle.read(1 << 20):
                    out.write(block)
        out.seek(0)
        field_file = people_import.rejects_file
        field_file.save(f"report-{directory.rsplit('-', 1)[-1]}.csv", File(out), save=False)
    return field_file.name


def delete_chunks(people_import: PeopleImport) -> None:
    directory = _report_dir(people_import)
    try:
        for name in default_storage.listdir(directory)[1]:
            default_storage.delete(f"{directory}/{name}")
    except FileNotFoundError:
        pass
