"""Election results per polling station, from the Ministry of the Interior's CSV (one row per
polling station: ``Code commune``, ``Code BV``, ``Inscrits``, ``Votants``, ``Abstentions``,
``Exprimés``, ``Blancs``, ``Nuls``, then the candidates, which are not read).

- Columns are found by their names (older files' ``Code du département`` + ``Code de la
  commune`` and ``Code du b.vote`` too); "1" and "0001" are the same station.
- A row is rejected, with its reason in the report, when a count cannot be read or when
  ``Inscrits`` is not ``Votants + Abstentions``: the map never shows a figure that
  contradicts itself.
- A station the organization does not have yet is created without an area (reported).
- An election is its day and round: importing it again replaces all its figures.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import transaction
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.models import Job
from turnout.people.imports import reader
from turnout.people.imports.cells import clean_text, text_of
from turnout.people.imports.mapping import normalize_header

from ..models import ElectionResult, PollingStation
from . import report
from .addresses import file_info, targeting_lock
from .files import upload_delete, upload_open
from .stations import station_number

COLUMNS = {
    "department": ["code departement", "code du departement", "departement code"],
    "commune": [
        "code commune",
        "code de la commune",
        "code insee",
        "commune code",
        "code insee commune",
    ],
    "commune_name": ["libelle commune", "libelle de la commune", "nom commune", "commune"],
    "station": [
        "code bv",
        "code du b vote",
        "code b vote",
        "code bureau",
        "code bureau de vote",
        "bureau de vote",
        "numero bureau",
        "bv",
    ],
    "registered": ["inscrits", "registered"],
    "voters": ["votants", "voters"],
    "abstentions": ["abstentions", "abstention"],
    "expressed": ["exprimes", "valid votes"],
    "blank": ["blancs", "blank"],
    "null": ["nuls", "void", "null"],
}
REQUIRED = ("commune", "station", "registered", "voters", "abstentions")
COUNTS = ("registered", "voters", "abstentions", "expressed", "blank", "null")
BATCH = 5000


class ResultsFileError(ValueError):
    """The columns of a results file are not there; the message names the missing ones."""


def _labels() -> dict[str, str]:
    return {
        "commune": _("Code commune"),
        "station": _("Code BV (polling station number)"),
        "registered": _("Inscrits (registered voters)"),
        "voters": _("Votants (voters)"),
        "abstentions": _("Abstentions"),
        "expressed": _("Exprimés"),
        "blank": _("Blancs"),
        "null": _("Nuls"),
    }


def columns_of(headers: list[str]) -> dict[str, int]:
    """Where each field is (the first column with one of its names); raises ResultsFileError
    naming the required columns that are missing."""
    positions: dict[str, int] = {}
    names = [normalize_header(h) for h in headers]
    for key, synonyms in COLUMNS.items():
        for index, name in enumerate(names):
            if name in synonyms:
                positions[key] = index
                break
    missing = [_labels()[k] for k in REQUIRED if k not in positions]
    if missing:
        raise ResultsFileError(
            _(
                "This file does not have the columns of results per polling station. Missing: "
                "%(names)s."
            )
            % {"names": ", ".join(missing)}
        )
    return positions


def _count(value, label: str) -> int | None:
    text = "".join(text_of(value).split()).replace("\u202f", "")
    if not text:
        return None
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise ValueError(
            _("%(column)s “%(value)s” is not a whole number.")
            % {"column": label, "value": text_of(value)}
        )
    return int(text)


def _commune_code(cells: list, positions: dict[str, int]) -> str:
    code = text_of(cells[positions["commune"]]) if positions["commune"] < len(cells) else ""
    if "department" in positions and 0 < len(code) <= 3 and code.isdigit():
        department = text_of(cells[positions["department"]]).zfill(2)
        code = department + code.zfill(3)  # old files: department 29 + commune 019
    return code


def read_row(cells: list, positions: dict[str, int]) -> tuple[dict | None, str]:
    """(values, "") for a good row, (None, reason) for a rejected one."""
    labels = _labels()

    def cell(key):
        index = positions.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    code = _commune_code(cells, positions)
    if not code or len(code) > 10:
        return None, _("No commune code.")
    number = station_number(text_of(cell("station")))
    if number is None:
        return None, _("%(column)s “%(value)s” is not a polling station number.") % {
            "column": labels["station"],
            "value": text_of(cell("station")),
        }
    values = {"commune": code, "number": number}
    values["commune_name"] = clean_text(text_of(cell("commune_name")), 200)
    try:
        for key in COUNTS:
            values[key] = _count(cell(key), labels[key]) if key in positions else None
    except ValueError as exc:
        return None, str(exc)
    for key in ("registered", "voters", "abstentions"):
        if values[key] is None:
            return None, _("%(column)s is empty.") % {"column": labels[key]}
    registered, voters, abstentions = values["registered"], values["voters"], values["abstentions"]
    if registered != voters + abstentions:
        return None, _(
            "Inscrits %(registered)s is not Votants %(voters)s + Abstentions %(abstentions)s "
            "(%(sum)s): check the figures of this polling station."
        ) % {
            "registered": registered,
            "voters": voters,
            "abstentions": abstentions,
            "sum": voters + abstentions,
        }
    return values, ""


def results_import_run(*, job: Job, progress) -> dict:
    params = job.params
    organization = job.organization
    info = file_info(params)
    positions = columns_of(info.headers)
    communes = set(params.get("communes") or [])
    day = dt.date.fromisoformat(params["election_date"])
    round_ = int(params["round"])
    rows: dict[tuple[str, int], dict] = {}
    lines: dict[tuple[str, int], int] = {}
    problems: list[list] = []
    rejected = skipped = read = 0
    with upload_open(params["file"]) as handle:
        progress.set_total(reader.estimate_records(handle, info))
        records = reader.iter_records(handle, info)
        while batch := list(itertools.islice(records, BATCH)):
            for record in batch:
                if record.blank:
                    continue
                read += 1
                cells = [text_of(c) for c in record.cells]
                values, reason = (
                    (None, record.error) if record.error else read_row(cells, positions)
                )
                if values is not None and communes and values["commune"].upper() not in communes:
                    skipped += 1
                    continue
                key = values and (values["commune"], values["number"])
                if values is not None and key in rows:
                    values, reason = (
                        None,
                        _("This polling station is already on line %(line)s of the file.")
                        % {"line": lines[key]},
                    )
                if values is None:
                    rejected += 1
                    problems.append(report.report_row(record.line, reason, cells))
                    continue
                rows[key] = values
                lines[key] = record.line
            progress.advance(len(batch))
    created_stations, replaced = _save_results(
        organization=organization,
        rows=rows,
        lines=lines,
        election=params["election"],
        day=day,
        round_=round_,
        problems=problems,
    )
    problems.sort(key=lambda r: r[0])
    delimiter = ";" if info.delimiter == ";" else ","
    job.result_file.name = (
        report.report_save(job, headers=info.headers, rows=problems, delimiter=delimiter)
        or job.result_file.name
    )
    upload_delete(params["file"])
    summary = {
        "rows": read,
        "stations": len(rows),
        "registered": sum(v["registered"] for v in rows.values()),
        "abstentions": sum(v["abstentions"] for v in rows.values()),
        "created_stations": created_stations,
        "replaced": replaced,
        "rejected": rejected,
        "skipped": skipped,
        "election": params["election"],
        "election_date": params["election_date"],
        "round": round_,
        "name": params.get("name", ""),
    }
    audit_record(
        organization=organization,
        actor=job.created_by,
        action="canvassing.results.imported",
        target=job,
        data={k: summary[k] for k in ("election", "round", "stations", "rejected", "replaced")},
    )
    return summary


@transaction.atomic
def _save_results(*, organization, rows, lines, election, day, round_, problems) -> tuple[int, int]:
    """Replace the figures of the election (day and round) with the file's; create the
    stations not known yet (without area, reported). Returns (stations created, results
    replaced)."""
    targeting_lock(organization)
    stations = {
        (s.commune_code, s.number): s
        for s in PollingStation.objects.for_organization(organization).filter(
            commune_code__in={code for code, _n in rows}
        )
    }
    new = []
    for key, values in rows.items():
        if key not in stations:
            station = PollingStation(
                organization=organization,
                commune_code=key[0],
                number=key[1],
                commune_name=values["commune_name"],
            )
            stations[key] = station
            new.append(station)
            problems.append(
                report.report_row(
                    lines[key],
                    _(
                        "Polling station %(number)s of %(commune)s was not known: created "
                        "without area."
                    )
                    % {"number": key[1], "commune": values["commune_name"] or key[0]},
                    [],
                )
            )
    PollingStation.objects.bulk_create(new)
    replaced, _detail = ElectionResult.objects.filter(
        organization=organization, election_date=day, round=round_
    ).delete()
    ElectionResult.objects.bulk_create(
        [
            ElectionResult(
                organization=organization,
                station=stations[key],
                election=election,
                election_date=day,
                round=round_,
                **{k: values[k] for k in COUNTS},
            )
            for key, values in rows.items()
        ],
        batch_size=2000,
    )
    return len(new), replaced
