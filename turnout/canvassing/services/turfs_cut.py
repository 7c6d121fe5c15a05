"""Cutting an effort's area into turfs with walking routes: the addresses of the area, the
cutting engine (``cutting.py``, ``routing.py``), then the turfs and their stops written in one
transaction. Runs as a background job (``jobs_turfs.py``) with a progress bar.

Re-cutting an effort keeps the turfs where canvassing began (a visit recorded, or the status
"in progress"/"done") exactly as they are, and cuts every other address of the area again
(decision 0073).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.jobs import job_create
from turnout.core.models import Job

from .. import cutting, routing
from ..geo import LocalProjection, area_from_geojson
from ..models import AddressPoint, Effort, Turf, TurfStop, Visit
from .turfs import STOP_BATCH, TurfRefused, doors_per_turf_check, turf_outline

CUT_JOB = "canvassing_turfs_cut"
CUT_ATTEMPTS = 3


def effort_addresses(*, effort: Effort) -> dict[str, np.ndarray]:
    """The address points of the effort's area: in its polling stations, or inside its drawn
    area. Arrays ``id``, ``latitude``, ``longitude``, ``doors``, sorted by id."""
    points = AddressPoint.objects.for_organization(effort.organization)
    columns = ("pk", "latitude", "longitude", "doors")
    rows: dict[int, tuple] = {}
    station_ids = list(effort.stations.values_list("pk", flat=True))
    if station_ids:
        for row in points.filter(station_id__in=station_ids).values_list(*columns):
            rows[row[0]] = row
    if effort.area:
        shape = area_from_geojson(effort.area)
        west, south, east, north = shape.bounds
        box = points.filter(
            latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east
        ).values_list(*columns)
        candidates = np.array(list(box), dtype=np.float64).reshape(-1, 4)
        if candidates.size:
            shapely.prepare(shape)
            inside = shapely.contains_xy(shape, candidates[:, 2], candidates[:, 1])
            for row in candidates[inside]:
                rows.setdefault(int(row[0]), tuple(row))
    ordered = [rows[key] for key in sorted(rows)]
    table = np.array(ordered, dtype=np.float64).reshape(-1, 4)
    return {
        "id": table[:, 0].astype(np.int64),
        "latitude": table[:, 1],
        "longitude": table[:, 2],
        "doors": table[:, 3].astype(np.int64),
    }


def kept_turf_ids(*, effort: Effort) -> set[int]:
    """Turfs a re-cut keeps as they are: canvassing began there (a visit, or the status)."""
    visited = Visit.objects.filter(effort=effort, turf__isnull=False).values("turf_id")
    begun = (Turf.Status.STARTED, Turf.Status.DONE)
    return set(
        Turf.objects.filter(effort=effort)
        .filter(Q(pk__in=visited) | Q(status__in=begun))
        .values_list("pk", flat=True)
    )


def _kept_state(effort: Effort) -> tuple[set[int], set[int]]:
    """The kept turfs and their addresses (which a cut leaves alone)."""
    kept = kept_turf_ids(effort=effort)
    taken = set(TurfStop.objects.filter(turf_id__in=kept).values_list("address_id", flat=True))
    return kept, taken


@dataclass
class CutPlan:
    kept: set[int]
    taken: set[int]  # the addresses of the kept turfs
    address_ids: np.ndarray
    doors: np.ndarray
    groups: list[np.ndarray]  # indexes into address_ids, each in walking order
    route_m: list[int]
    outlines: list[dict]


@dataclass
class CutResult:
    created: int
    kept: int
    addresses: int
    doors: int


def turfs_cut_start(*, effort: Effort, actor, doors_per_turf: int) -> Job:
    """Start cutting the effort's area into turfs of about ``doors_per_turf`` doors, in the
    background; refused while a cut of the same effort is under way."""
    doors_per_turf = doors_per_turf_check(doors_per_turf)
    with transaction.atomic():
        effort = Effort.objects.select_for_update().get(pk=effort.pk)
        if effort_cut_job(effort=effort) is not None:
            raise TurfRefused(_("Turfs are already being cut for this effort: wait for the end."))
        Effort.objects.filter(pk=effort.pk).update(doors_per_turf=doors_per_turf)
        job = job_create(
            organization=effort.organization,
            kind=CUT_JOB,
            title=_("Cutting turfs: %(effort)s") % {"effort": effort.name},
            params={"effort_id": effort.pk, "doors_per_turf": doors_per_turf},
            user=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            organization=effort.organization,
            actor=actor,
            action="canvassing.turfs_cut_started",
            target=effort,
            data={"doors_per_turf": doors_per_turf, "job": str(job.uuid)},
        )
    return job


def effort_cut_job(*, effort: Effort) -> Job | None:
    """The unfinished cut of this effort, if any."""
    return (
        Job.objects.for_organization(effort.organization)
        .filter(kind=CUT_JOB, params__effort_id=effort.pk)
        .exclude(status__in=Job.FINISHED)
        .first()
    )


class _KeptTurfsChanged(Exception):
    """A visit reached a turf the cut was about to replace: plan again."""


def turfs_cut(*, effort: Effort, doors_per_turf: int, actor=None, progress=None) -> CutResult:
    """Cut the effort's addresses (except those of kept turfs) into turfs with walking routes,
    and replace the other turfs by them in one transaction. ``progress``: a job's Progress."""
    doors_per_turf = doors_per_turf_check(doors_per_turf)
    for _attempt in range(CUT_ATTEMPTS):
        plan = turfs_cut_plan(effort=effort, doors_per_turf=doors_per_turf, progress=progress)
        if progress is not None:
            progress.advance(0, _("Saving the turfs"))
            progress.flush()  # the write below is one transaction: nothing shows until its end
        try:
            result = _cut_write(effort, plan, actor=actor)
        except _KeptTurfsChanged:
            continue
        if progress is not None:
            progress.advance(result.addresses, _("The turfs are ready"))
        return result
    raise TurfRefused(_("Visits kept arriving while cutting: try again in a moment."))


def turfs_cut_plan(*, effort: Effort, doors_per_turf: int, progress=None) -> CutPlan:
    """The cut, computed without writing: which addresses go in which turf, in which order."""
    kept, taken = _kept_state(effort)
    selected = effort_addresses(effort=effort)
    free = ~np.isin(selected["id"], np.fromiter(taken, dtype=np.int64, count=len(taken)))
    ids, lats = selected["id"][free], selected["latitude"][free]
    lons, doors = selected["longitude"][free], selected["doors"][free]
    if ids.size == 0 and not kept:
        raise TurfRefused(
            _("There is no address in this area: import addresses, or choose a larger area.")
        )
    if progress is not None:
        progress.set_total(2 * int(ids.size) or 1)
        progress.advance(0, _("Cutting %(count)s addresses") % {"count": ids.size})
    groups: list[np.ndarray] = []
    route_m: list[int] = []
    outlines: list[dict] = []
    if ids.size:
        projection = LocalProjection.around(selected["latitude"], selected["longitude"])
        xy = projection.to_xy(lats, lons)
        entry = projection.to_xy(selected["latitude"], selected["longitude"]).mean(axis=0)
        for group in cutting.cut(xy, doors, target=doors_per_turf):
            order = group[routing.walking_route(xy[group], entry)]
            groups.append(order)
            route_m.append(round(routing.route_length(xy, order)))
            outlines.append(turf_outline(projection, xy[order]))
            if progress is not None:
                progress.advance(int(order.size), _("Ordering the walking routes"))
    return CutPlan(kept, taken, ids, doors, groups, route_m, outlines)


def _cut_write(effort: Effort, plan: CutPlan, *, actor) -> CutResult:
    with transaction.atomic():
        effort = Effort.objects.select_for_update().get(pk=effort.pk)
        turfs = list(Turf.objects.select_for_update().filter(effort=effort).order_by("pk"))
        if _kept_state(effort) != (plan.kept, plan.taken):
            raise _KeptTurfsChanged
        replaced = [t.pk for t in turfs if t.pk not in plan.kept]
        Turf.objects.filter(effort=effort).exclude(pk__in=plan.kept).delete()
        number = max((t.number for t in turfs if t.pk in plan.kept), default=0)
        new_turfs = Turf.objects.bulk_create(
            Turf(
                organization=effort.organization,
                effort=effort,
                number=number + i,
                doors=int(plan.doors[group].sum()),
                route_m=length,
                hull=outline,
            )
            for i, (group, length, outline) in enumerate(
                zip(plan.groups, plan.route_m, plan.outlines, strict=True), start=1
            )
        )
        batch: list[TurfStop] = []
        for turf, group in zip(new_turfs, plan.groups, strict=True):
            batch.extend(
                TurfStop(turf=turf, effort=effort, address_id=int(address), position=position)
                for position, address in enumerate(plan.address_ids[group])
            )
            if len(batch) >= STOP_BATCH:
                TurfStop.objects.bulk_create(batch)
                batch = []
        TurfStop.objects.bulk_create(batch)
        result = CutResult(
            created=len(new_turfs),
            kept=len(plan.kept),
            addresses=int(plan.address_ids.size),
            doors=int(plan.doors.sum()),
        )
        audit_record(
            organization=effort.organization,
            actor=actor,
            action="canvassing.turfs_cut",
            target=effort,
            data={**result.__dict__, "replaced": len(replaced)},
        )
    return result
