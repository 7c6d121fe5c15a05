"""Polling-station areas from a GeoJSON file (one feature per polygon, WGS84).

At upload, ``geojson_inspect`` reads the file, refuses what is not a usable GeoJSON with the
reason, and lists the features' properties with an example value, so that the person chooses
which property holds the station number, the polling place, the name and the commune code
(suggested from their names: the Brest layer's ``BVOTE``, ``LLIEU``/``LIEUV``, ``TITRE``,
``DEPCO`` are recognized). The job then merges the polygons of one station into one area
(a MultiPolygon when they do not touch), saves the stations (created, or updated by commune
code and number), and gives every address of the organization its station again.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.models import Job
from turnout.people.imports.cells import clean_text, text_of
from turnout.people.imports.mapping import normalize_header

from ..geo import (
    GeometryError,
    area_repair,
    area_to_geojson,
    areas_merge,
    centroid,
    shape_from_geojson,
    validity_problem,
)
from ..models import AddressPoint, PollingStation
from . import report
from .addresses import targeting_lock
from .files import upload_delete, upload_open
from .stations_assign import addresses_assign_stations

MAX_GEOJSON_BYTES = 25 * 1024 * 1024  # parsed whole: a department's stations fit
MAX_FEATURES = 20_000
COMMUNE_CODE = re.compile(r"^[0-9A-Za-z]{1,10}$")
PROPERTY_ROLES = ("number", "place", "name", "commune_code", "commune_name")
SUGGESTIONS = {
    "number": ["bvote", "numero", "num bv", "numero bv", "code bv", "bureau", "num bureau", "bv"],
    "place": ["llieu", "lieuv", "lieu", "lieu de vote", "lieu vote", "adresse", "place"],
    "name": ["titre", "nom", "libelle", "name", "nom bureau", "libelle bureau"],
    "commune_code": ["depco", "code insee", "insee", "insee com", "code commune", "codgeo"],
    "commune_name": ["commune", "nom commune", "libelle commune", "nom com", "ville"],
}


class GeoJSONFileError(ValueError):
    """The upload is not a usable GeoJSON file; the message says why."""


@dataclass
class GeoJSONInfo:
    features: int
    properties: list[str]
    examples: dict[str, str] = field(default_factory=dict)


def _load(handle) -> list[dict]:
    try:
        data = json.load(handle)
    except (ValueError, UnicodeDecodeError):
        raise GeoJSONFileError(
            _("This file is not GeoJSON (it cannot be read as JSON). Export the layer as GeoJSON.")
        ) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        return [data]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise GeoJSONFileError(
            _("This file is JSON but not a GeoJSON collection of features (FeatureCollection).")
        )
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise GeoJSONFileError(_("The file has no features (no polygons)."))
    crs = (((data.get("crs") or {}).get("properties") or {}).get("name") or "").upper()
    if crs and not crs.endswith(("CRS84", "4326")):
        raise GeoJSONFileError(
            _(
                "The file's coordinates are in another system (%(crs)s). Export the layer in "
                "WGS84 (EPSG:4326) longitudes and latitudes."
            )
            % {"crs": crs}
        )
    return [f for f in features if isinstance(f, dict)]


def geojson_inspect(handle) -> GeoJSONInfo:
    features = _load(handle)
    if len(features) > MAX_FEATURES:
        raise GeoJSONFileError(
            _("The file has %(count)s features; an import can read at most %(max)s.")
            % {"count": len(features), "max": MAX_FEATURES}
        )
    polygons = [
        f for f in features if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")
    ]
    if not polygons:
        raise GeoJSONFileError(_("The file has no polygons: polling-station areas are polygons."))
    try:
        shape_from_geojson(polygons[0])
    except GeometryError as exc:
        raise GeoJSONFileError(str(exc)) from None
    properties: list[str] = []
    examples: dict[str, str] = {}
    for feature in features[:1000]:
        for key, value in (feature.get("properties") or {}).items():
            key = str(key)
            if key not in examples:
                properties.append(key)
                examples[key] = ""
            if not examples[key] and value not in (None, ""):
                examples[key] = text_of(value)[:80]
    return GeoJSONInfo(features=len(features), properties=properties, examples=examples)


def suggest_properties(properties: list[str]) -> dict[str, str]:
    """The property proposed for each role ("" when none fits)."""
    by_name = {normalize_header(p): p for p in properties}
    chosen: dict[str, str] = {}
    for role in PROPERTY_ROLES:
        chosen[role] = next(
            (
                by_name[s]
                for s in SUGGESTIONS[role]
                if s in by_name and by_name[s] not in chosen.values()
            ),
            "",
        )
    return chosen


def station_number(value) -> int | None:
    """12, "12", "0012" and "Bureau 12" are station 12; None when there is no number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value > 0 else None
    digits = re.findall(r"\d+", str(value))
    if not digits:
        return None
    number = int(digits[-1])
    return number if 0 < number < 2**31 else None


@dataclass
class _Station:
    shapes: list = field(default_factory=list)
    place: str = ""
    name: str = ""
    commune_name: str = ""


def _text(props: dict, key: str, limit: int) -> str:
    return clean_text(text_of(props.get(key)), limit) if key else ""


def stations_import_run(*, job: Job, progress) -> dict:
    params = job.params
    organization = job.organization
    roles = params["properties"]
    typed_code = params.get("commune_code", "")
    typed_name = params.get("commune_name", "")
    communes = set(params.get("communes") or [])
    with upload_open(params["file"]) as handle:
        features = _load(handle)
    addresses = AddressPoint.objects.for_organization(organization).count()
    progress.set_total(len(features) + addresses)
    groups: dict[tuple[str, int], _Station] = defaultdict(_Station)
    rows, repaired, rejected, skipped = [], 0, 0, 0
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        cells = [json.dumps(props, ensure_ascii=False, default=str)[:2000]]
        number = station_number(props.get(roles["number"])) if roles.get("number") else None
        code = _text(props, roles.get("commune_code", ""), 10) or typed_code
        if communes and code.upper() not in communes:
            skipped += 1
            progress.advance(1)
            continue
        problem = ""
        if number is None:
            problem = _("No station number in the property “%(name)s”.") % {
                "name": roles.get("number", "")
            }
        elif not COMMUNE_CODE.match(code or ""):
            problem = _("No commune code (letters and digits, at most 10).")
        if not problem:
            try:
                shape = shape_from_geojson(feature.get("geometry"))
            except GeometryError as exc:
                problem = str(exc)
        if not problem:
            invalid = validity_problem(shape)
            if invalid:
                shape = area_repair(shape)
                if shape is None:
                    problem = invalid
                else:
                    repaired += 1
                    rows.append(
                        report.report_row(
                            index,
                            _("Saved with a repaired outline. %(reason)s") % {"reason": invalid},
                            cells,
                        )
                    )
        if problem:
            rejected += 1
            rows.append(report.report_row(index, problem, cells))
            progress.advance(1)
            continue
        station = groups[(code, number)]
        station.shapes.append(shape)
        station.place = station.place or _text(props, roles.get("place", ""), 300)
        station.name = station.name or _text(props, roles.get("name", ""), 200)
        station.commune_name = (
            station.commune_name or _text(props, roles.get("commune_name", ""), 200) or typed_name
        )
        progress.advance(1)
    created, updated = _save_stations(organization, groups)
    audit_record(
        organization=organization,
        actor=job.created_by,
        action="canvassing.stations.imported",
        target=job,
        data={"created": created, "updated": updated, "rejected": rejected},
    )
    assigned = addresses_assign_stations(organization=organization, progress=progress)
    job.result_file.name = (
        report.report_save(job, headers=[_("properties")], rows=rows) or job.result_file.name
    )
    upload_delete(params["file"])
    return {
        "features": len(features),
        "stations": len(groups),
        "created": created,
        "updated": updated,
        "merged": sum(1 for s in groups.values() if len(s.shapes) > 1),
        "repaired": repaired,
        "rejected": rejected,
        "skipped": skipped,
        "addresses_moved": assigned,
        "name": params.get("name", ""),
    }


@transaction.atomic
def _save_stations(organization, groups: dict[tuple[str, int], _Station]) -> tuple[int, int]:
    targeting_lock(organization)
    existing = {
        (s.commune_code, s.number): s
        for s in PollingStation.objects.for_organization(organization).filter(
            commune_code__in={code for code, _n in groups}
        )
    }
    new, changed = [], []
    now = timezone.now()
    for (code, number), found in groups.items():
        area = areas_merge(found.shapes)
        lat, lon = centroid(area)
        station = existing.get((code, number)) or PollingStation(
            organization=organization, commune_code=code, number=number
        )
        station.area = area_to_geojson(area)
        station.latitude, station.longitude = lat, lon
        station.place = found.place or station.place
        station.name = found.name or station.name
        station.commune_name = found.commune_name or station.commune_name
        station.updated_at = now
        (changed if station.pk else new).append(station)
    PollingStation.objects.bulk_create(new)
    PollingStation.objects.bulk_update(
        changed, ["area", "latitude", "longitude", "place", "name", "commune_name", "updated_at"]
    )
    return len(new), len(changed)
