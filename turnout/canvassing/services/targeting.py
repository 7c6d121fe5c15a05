"""Writes of the targeting area: start an import (addresses, polling stations, results) as a
background job, and undo an address import. The job is the record of an import: its
parameters, its progress, its counts and its report of rejected rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.jobs import job_create
from turnout.core.models import Job
from turnout.people.normalize import clean_name

from ..imports.address_rows import format_of, mapping_errors
from ..imports.files import DraftExpired, draft_load, draft_sign, upload_store
from ..imports.stations import COMMUNE_CODE, PROPERTY_ROLES

ADDRESSES_JOB = "canvassing_addresses"
ADDRESSES_UNDO_JOB = "canvassing_addresses_undo"
STATIONS_JOB = "canvassing_stations"
RESULTS_JOB = "canvassing_results"
IMPORT_KINDS = (ADDRESSES_JOB, STATIONS_JOB, RESULTS_JOB)
ALL_KINDS = (*IMPORT_KINDS, ADDRESSES_UNDO_JOB)


class ImportRefused(ValueError):
    """The import cannot start (or be undone) as asked; the message says why."""


def _original_name(upload) -> str:
    return clean_name(getattr(upload, "name", ""), 200) or "import"


def import_draft_create(
    *, organization, kind: str, upload, extension: str, **data
) -> tuple[str, dict]:
    """Store an upload that passed its checks for an import of ``kind``; return the signed
    draft that the options step sends back (it expires after a day) and its content."""
    draft = {"kind": kind, "file": upload_store(upload, extension=extension)}
    draft.update(name=_original_name(upload), **data)
    return draft_sign(organization=organization, data=draft), draft


def import_draft_get(*, organization, kind: str, token: str) -> dict:
    try:
        draft = draft_load(organization=organization, token=token)
    except DraftExpired:
        draft = None
    if draft is None or draft.get("kind") != kind:
        raise ImportRefused(_("This upload has expired or cannot be found. Choose the file again."))
    return draft


def _start(*, organization, user, kind: str, title: str, params: dict, action: str) -> Job:
    job = job_create(organization=organization, kind=kind, title=title, params=params, user=user)
    audit_record(
        organization=organization,
        actor=user,
        action=action,
        target=job,
        data={"file": params.get("name", "")},
    )
    return job


@transaction.atomic
def address_import_start(*, organization, user, draft: dict, columns: list[str] | None) -> Job:
    """Start an address import. ``columns`` (one target per column of the file) may be None
    for a file in a recognized format, whose columns are known."""
    headers = draft["info"]["headers"]
    known = format_of(headers)
    if columns is None:
        if known is None:
            raise ImportRefused(_("Say what each column of the file holds."))
        columns, file_format = known.mapping(headers), known.key
    else:
        file_format = known.key if known and columns == known.mapping(headers) else ""
    if len(columns) != len(headers):
        raise ImportRefused(_("Say what each column of the file holds."))
    errors = mapping_errors(columns)
    if errors:
        raise ImportRefused(" ".join(errors))
    return _start(
        organization=organization,
        user=user,
        kind=ADDRESSES_JOB,
        title=_("Import of addresses: %(name)s") % {"name": draft["name"]},
        params={**draft, "columns": columns, "format": file_format},
        action="canvassing.addresses.import_started",
    )


@transaction.atomic
def stations_import_start(
    *,
    organization,
    user,
    draft: dict,
    properties: dict[str, str],
    commune_code: str = "",
    commune_name: str = "",
    communes: list[str] | None = None,
) -> Job:
    """Start an import of polling-station areas with the properties chosen for each role
    (number, place, name, commune code, commune name); a commune code typed by the user
    applies to the features that have none. With ``communes``, features of other communes
    are skipped (a metropolitan layer imported for one town)."""
    known = set(draft["properties"])
    chosen = {role: properties.get(role, "") for role in PROPERTY_ROLES}
    if any(value and value not in known for value in chosen.values()):
        raise ImportRefused(_("Choose properties that the file has."))
    if not chosen["number"]:
        raise ImportRefused(_("Choose the property that holds the polling station number."))
    commune_code = commune_code.strip()
    if not chosen["commune_code"] and not COMMUNE_CODE.match(commune_code):
        raise ImportRefused(
            _("Choose the property that holds the commune code, or type the commune code.")
        )
    return _start(
        organization=organization,
        user=user,
        kind=STATIONS_JOB,
        title=_("Import of polling stations: %(name)s") % {"name": draft["name"]},
        params={
            **draft,
            "properties": chosen,
            "commune_code": commune_code,
            "commune_name": clean_name(commune_name, 200),
            "communes": communes or [],
        },
        action="canvassing.stations.import_started",
    )


@transaction.atomic
def results_import_start(
    *,
    organization,
    user,
    draft: dict,
    election: str,
    election_date: dt.date,
    round_: int,
    communes: list[str] | None = None,
) -> Job:
    election = clean_name(election, 200)
    if not election:
        raise ImportRefused(_("Name the election, for example “Législatives 2024, 1er tour”."))
    if election_date > timezone.localdate():
        raise ImportRefused(_("The election day is in the future: results come after the vote."))
    if round_ not in (1, 2):
        raise ImportRefused(_("The round is 1 or 2."))
    return _start(
        organization=organization,
        user=user,
        kind=RESULTS_JOB,
        title=_("Import of results: %(election)s") % {"election": election},
        params={
            **draft,
            "election": election,
            "election_date": election_date.isoformat(),
            "round": round_,
            "communes": communes or [],
        },
        action="canvassing.results.import_started",
    )


def address_import_can_undo(job: Job) -> bool:
    """A finished address import not undone yet (an undo that failed may be tried again)."""
    result = job.result or {}
    if job.kind != ADDRESSES_JOB or not job.is_finished or result.get("undone_at"):
        return False
    if job.status == Job.Status.CANCELLED:
        return False  # a cancelled import removed what it had created
    if result.get("undo_job"):
        undo = Job.objects.filter(organization_id=job.organization_id, uuid=result["undo_job"])
        return undo.filter(status__in=[Job.Status.FAILED, Job.Status.CANCELLED]).exists()
    return True


@transaction.atomic
def address_import_undo_start(*, job: Job, user) -> Job:
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if not address_import_can_undo(locked):
        raise ImportRefused(_("This import cannot be undone now."))
    undo = job_create(
        organization=locked.organization,
        kind=ADDRESSES_UNDO_JOB,
        title=_("Undo of the import of addresses: %(name)s")
        % {"name": locked.params.get("name", "")},
        params={"import_job": locked.pk},
        user=user,
    )
    Job.objects.filter(pk=locked.pk).update(
        result={**(locked.result or {}), "undo_job": str(undo.uuid)}
    )
    audit_record(
        organization=locked.organization,
        actor=user,
        action="canvassing.addresses.undo_started",
        target=locked,
    )
    return undo


def address_import_mark_undone(*, job: Job, actor, counts: dict) -> None:
    """Called by the undo job once the addresses are deleted."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        result = {
            **(locked.result or {}),
            "undone_at": timezone.now().isoformat(),
            **{f"undo_{key}": value for key, value in counts.items()},
        }
        Job.objects.filter(pk=locked.pk).update(result=result)
        audit_record(
            organization=locked.organization,
            actor=actor,
            action="canvassing.addresses.import_undone",
            target=locked,
            data=counts,
        )
