"""Demo city of Voix Citoyennes: a generated neighbourhood over Brest's centre.

- Streets with plausible French names on a slightly turned grid, with a few diagonal
  avenues; entrances along both sides (odd numbers on the left, even on the right), 1 to 12
  doors each (flats in the denser blocks). About 6,000 entrances at full scale
  (``TURNOUT_DEMO_SCALE``), imported through the real address import (a file in the national
  address base format, with four entrances without position: the report lists them).
- 12 polling stations whose areas tile the neighbourhood (Voronoi cells around the polling
  places), with two elections of generated results: abstention from 20 to 55 %, higher in the
  north-east blocks, so that the map tells where to go first.

Generated, not real data: the shared Brest files' licence does not allow shipping them.
Idempotent: nothing is added when the demo stations exist.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict

import numpy as np
import shapely
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models

from turnout.core.demo import demo_seeder
from turnout.core.jobs import job_run
from turnout.organizations.models import Organization
from turnout.people.imports import reader

from .geo import LocalProjection, area_to_geojson, centroid
from .models import ElectionResult, PollingStation
from .services.targeting import ADDRESSES_JOB, address_import_start, import_draft_create

SLUG = "voix-citoyennes"
ORGANIZER = "ines.garnier@voix-citoyennes.fr"
CENTRE = (48.3904, -4.4861)  # latitude, longitude of Brest's centre
COMMUNE = ("29019", "Brest", "29200")
SEED = 2026
FULL_SCALE = 6000
WIDTH_M, HEIGHT_M = 2400.0, 1800.0
STREET_NAMES = [
    "Rue Jean Jaurès", "Rue de Siam", "Rue Saint-Marc", "Rue de Lyon", "Rue Louis Pasteur",
    "Rue Victor Hugo", "Rue Émile Zola", "Rue de la République", "Rue Danton", "Rue Algésiras",
    "Rue Voltaire", "Rue Traverse", "Rue de Paris", "Rue Bugeaud", "Rue Massillon",
    "Rue Colbert", "Rue Duquesne", "Rue Navarin", "Rue Kerfautras", "Rue Anatole France",
    "Rue Jules Ferry", "Rue Camille Desmoulins", "Rue Yves Collet", "Rue de Gasté",
    "Rue Branda", "Rue de Glasgow", "Rue Frédéric Le Guyader", "Rue Auguste Kervern",
    "Rue Robespierre", "Rue de Verdun", "Rue Paul Dukas", "Rue Brizeux", "Rue Lamotte-Picquet",
    "Rue Jean Macé", "Rue de Maissin",
]  # fmt: skip
DIAGONALS = ["Avenue Clemenceau", "Avenue Foch", "Boulevard Gambetta"]
PLACES = [
    "École Jean Macé", "Groupe scolaire Kerichen", "École Paul Dukas", "Maison de quartier de "
    "Saint-Marc", "École Jean Jaurès", "Gymnase de Kerfautras", "École de la Pointe",
    "Salle Saint-Martin", "École Vauban", "Patronage laïque Sanquer", "École Quizac",
    "Mairie de quartier Centre",
]  # fmt: skip
ELECTIONS = [
    ("Européennes 2024", dt.date(2024, 6, 9), 1, 0.14),
    ("Législatives 2024, 1er tour", dt.date(2024, 6, 30), 1, 0.0),
]


def _streets() -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, start, end) of each street in metres around the centre."""
    streets = []
    names = iter(STREET_NAMES)
    for x in np.arange(-WIDTH_M / 2 + 80, WIDTH_M / 2, 150.0):  # north-south
        streets.append((next(names), np.array([x, -HEIGHT_M / 2]), np.array([x, HEIGHT_M / 2])))
    for y in np.arange(-HEIGHT_M / 2 + 60, HEIGHT_M / 2, 130.0):  # east-west
        streets.append((next(names), np.array([-WIDTH_M / 2, y]), np.array([WIDTH_M / 2, y])))
    for name, (a, b) in zip(
        DIAGONALS,
        [((-1100, -850), (900, 850)), ((-1150, 700), (600, -850)), ((-300, -880), (1150, 300))],
        strict=True,
    ):
        streets.append((name, np.array(a, float), np.array(b, float)))
    return streets


def _entrances(rng) -> list[dict]:
    """Every entrance of the neighbourhood, in metres, with its street, number and doors."""
    angle = math.radians(8)  # the grid is slightly turned, like real streets
    turn = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    entrances = []
    for index, (name, start, end) in enumerate(_streets()):
        length = float(np.linalg.norm(end - start))
        direction = (end - start) / length
        normal = np.array([-direction[1], direction[0]])
        for side, first in ((1, 1), (-1, 2)):  # odd numbers on the left, even on the right
            position, number = 8.0 + rng.uniform(0, 6), first
            while position < length - 8:
                point = start + direction * position + normal * side * 9.0
                dense = (abs(point[0]) < 500 and abs(point[1]) < 400) or point[1] > 450
                doors = (
                    int(rng.integers(4, 13))
                    if dense and rng.random() < 0.55
                    else (
                        int(rng.integers(1, 3)) if rng.random() < 0.85 else int(rng.integers(3, 7))
                    )
                )
                entrances.append(
                    {
                        "street": index,
                        "name": name,
                        "number": number,
                        "rep": "bis" if rng.random() < 0.02 else "",
                        "xy": turn @ point,
                        "doors": doors,
                    }
                )
                position += float(rng.uniform(14, 30)) if doors < 4 else float(rng.uniform(22, 40))
                number += 2
    return entrances


def _stations(rng, projection: LocalProjection) -> list[tuple[int, str, object]]:
    """12 station areas tiling the neighbourhood: Voronoi cells around jittered places."""
    xs = np.linspace(-WIDTH_M / 2 + 300, WIDTH_M / 2 - 300, 4)
    ys = np.linspace(-HEIGHT_M / 2 + 300, HEIGHT_M / 2 - 300, 3)
    places = [(x + rng.uniform(-120, 120), y + rng.uniform(-100, 100)) for y in ys for x in xs]
    margin = 60
    frame = shapely.box(
        -WIDTH_M / 2 - margin - 200, -HEIGHT_M / 2 - margin - 200,
        WIDTH_M / 2 + margin + 200, HEIGHT_M / 2 + margin + 200,
    )  # fmt: skip
    cells = shapely.voronoi_polygons(shapely.MultiPoint(places), extend_to=frame)
    stations = []
    for number, place in enumerate(places, start=1):
        cell = next(c for c in cells.geoms if c.contains(shapely.Point(place)))
        cell = cell.intersection(frame)
        area = shapely.transform(cell, lambda xy: np.column_stack(projection.to_latlon(xy)[::-1]))
        stations.append((number, PLACES[number - 1], area))
    return stations


DEMO_HEADER = [
    "id",
    "numero",
    "suffixe",
    "voie",
    "code_postal",
    "commune",
    "lat",
    "lon",
    "logements",
]
DEMO_COLUMNS = [
    "external_id", "number", "suffix", "street", "postal_code", "city", "latitude", "longitude",
    "doors",
]  # fmt: skip


def _address_csv(entrances: list[dict], projection: LocalProjection) -> bytes:
    """The entrances as a spreadsheet export would give them (";", decimal points); the
    ones marked ``no_position`` have empty coordinates, like in real files."""
    code, city, postal = COMMUNE
    lats, lons = projection.to_latlon(np.array([e["xy"] for e in entrances]))
    lines = [";".join(DEMO_HEADER)]
    for e, lat, lon in zip(entrances, lats, lons, strict=True):
        ident = f"{code}_{9000 + e['street']:04d}_{e['number']:05d}{e['rep']}"
        lat_text, lon_text = ("", "") if e.get("no_position") else (f"{lat:.6f}", f"{lon:.6f}")
        cells = [ident, str(e["number"]), e["rep"], e["name"], postal, city, lat_text, lon_text]
        lines.append(";".join([*cells, str(e["doors"])]))
    return ("\n".join(lines) + "\n").encode()


def _results(rng, stations: list[PollingStation], doors: dict[int, int]) -> list[ElectionResult]:
    """Two elections; abstention grows towards the north-east of the neighbourhood (and is
    higher at the European election), from 20 to 55 %."""
    lats = np.array([s.latitude for s in stations])
    lons = np.array([s.longitude for s in stations])
    north = (lats - lats.min()) / max(np.ptp(lats), 1e-9)
    east = (lons - lons.min()) / max(np.ptp(lons), 1e-9)
    results = []
    for station, n, e in zip(stations, north, east, strict=True):
        registered = int(900 + doors.get(station.pk, 0) / 6 + rng.integers(0, 350))
        base = 0.21 + 0.2 * (0.6 * n + 0.4 * e) + rng.uniform(-0.025, 0.025)
        for name, day, round_, extra in ELECTIONS:
            rate = float(np.clip(base + extra + rng.uniform(-0.02, 0.02), 0.2, 0.55))
            abstentions = round(registered * rate)
            voters = registered - abstentions
            blank, null = (
                int(voters * rng.uniform(0.01, 0.03)),
                int(voters * rng.uniform(0.005, 0.012)),
            )
            results.append(
                ElectionResult(
                    organization_id=station.organization_id,
                    station=station,
                    election=name,
                    election_date=day,
                    round=round_,
                    registered=registered,
                    voters=voters,
                    abstentions=abstentions,
                    expressed=voters - blank - null,
                    blank=blank,
                    null=null,
                )
            )
    return results


@demo_seeder(160)
def seed_demo_city(stdout=None) -> None:
    org = Organization.objects.filter(slug=SLUG).first()
    if org is None or PollingStation.objects.filter(organization=org).exists():
        return
    organizer = get_user_model().objects.filter(email=ORGANIZER).first()
    rng = np.random.default_rng(SEED)
    projection = LocalProjection(*CENTRE)
    code, city, _postal = COMMUNE
    stations = [
        PollingStation(
            organization=org,
            commune_code=code,
            commune_name=city,
            number=number,
            name=f"Bureau {number}",
            place=place,
            area=area_to_geojson(area),
            latitude=centroid(area)[0],
            longitude=centroid(area)[1],
        )
        for number, place, area in _stations(rng, projection)
    ]
    PollingStation.objects.bulk_create(stations)

    entrances = _entrances(rng)
    wanted = max(40, int(FULL_SCALE * settings.TURNOUT_DEMO_SCALE))
    if wanted < len(entrances):
        keep = np.sort(rng.choice(len(entrances), size=wanted, replace=False))
        entrances = [entrances[i] for i in keep]
    for index in rng.choice(len(entrances), size=4, replace=False):
        entrances[index]["no_position"] = True  # the import's report will list them
    upload = ContentFile(_address_csv(entrances, projection), name="adresses-centre-ville.csv")
    info = reader.inspect(upload, upload.name)
    _token, draft = import_draft_create(
        organization=org, kind=ADDRESSES_JOB, upload=upload, extension="csv", info=asdict(info)
    )
    job = address_import_start(organization=org, user=organizer, draft=draft, columns=DEMO_COLUMNS)
    job_run(job_id=job.pk)  # done now (a worker finds it finished)

    doors = dict(
        PollingStation.objects.filter(organization=org)
        .annotate(total=models.Sum("addresses__doors"))
        .values_list("pk", "total")
    )
    ElectionResult.objects.bulk_create(
        _results(rng, stations, {k: v or 0 for k, v in doors.items()})
    )
    if stdout:
        stdout.write(f"  demo city: {len(entrances)} entrances, {len(stations)} polling stations")
