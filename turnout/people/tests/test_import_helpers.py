"""Helpers shared by the import tests (this module holds no tests)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from turnout.core.jobs import job_run
from turnout.people.imports import reader, services
from turnout.people.imports.mapping import suggest, targets_for
from turnout.people.models import CustomField, PeopleImport


@pytest.fixture(autouse=True, scope="module")
def english():
    """Messages and URLs in English, whatever the default language (import it, autouse)."""
    with translation.override("en"):
        yield


BASIS = "Sign-up sheets of the town meeting of 12 May; people agreed to hear from the campaign."


def csv_bytes(rows, *, delimiter=",", encoding="utf-8", lineterminator="\r\n") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "people.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def create_import(org, user, data: bytes, name: str = "people.csv") -> PeopleImport:
    file = upload(data, name)
    info = reader.inspect(file, name)
    return services.import_create(organization=org, user=user, upload=file, info=info)


def suggested_columns(imp: PeopleImport) -> list[str]:
    fields = list(CustomField.objects.for_organization(imp.organization))
    available = {v for v, _label in targets_for(custom_fields=fields, include_sensitive=True)}
    return suggest(imp.headers, available, fields)


def start_import(imp, user, *, columns=None, tags=(), on_match="update", basis=BASIS):
    return services.import_start(
        people_import=imp,
        user=user,
        columns=columns or suggested_columns(imp),
        tag_names=list(tags),
        consent_basis=basis,
        on_match=on_match,
    )


def run_import(org, user, data: bytes, *, name="people.csv", **options) -> PeopleImport:
    """Upload, map (suggested columns unless given), and run the job in this process."""
    imp = create_import(org, user, data, name)
    job = start_import(imp, user, **options)
    job_run(job_id=job.pk)
    imp.refresh_from_db()
    return imp


def undo_import(imp, user) -> PeopleImport:
    job = services.import_undo_start(people_import=imp, user=user)
    job_run(job_id=job.pk)
    imp.refresh_from_db()
    return imp


def report_rows(imp: PeopleImport) -> list[list[str]]:
    if not imp.rejects_file:
        return []
    with imp.rejects_file.open("rb") as handle:
        text = handle.read().decode("utf-8-sig")
    delimiter = ";" if imp.delimiter == ";" else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[1:]


def counts(imp: PeopleImport) -> dict:
    return {
        "created": imp.created_count,
        "updated": imp.updated_count,
        "rejected": imp.rejected_count,
        "suppressed": imp.suppressed_count,
    }
