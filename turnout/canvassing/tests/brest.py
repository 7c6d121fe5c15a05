"""Generated addresses inside Brest's real polling-station areas, for turf tests and the
``turfs`` benchmark.

The areas come from the shared open-data folder (``../shared/data/brest/``, next to the
project; absent on a user's machine: ``station_areas`` then returns None and tests skip). No
real address file is available, so addresses are generated with a fixed seed: in each area a
grid of streets at a random angle, entrances every few metres along both sides, and a mix of
houses (one door) and blocks of flats (up to a few hundred doors).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from turnout.canvassing.geo import LocalProjection, area_from_geojson, areas_merge

CONTOURS = "brest/brest_bureaux_vote_contours.geojson"


BREST = "29019"  # INSEE code of the commune


def shared_data_dir() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def station_areas() -> dict[int, object] | None:
    """{station number: shapely area (WGS84)} of Brest's 104 polling stations, or None when
    the shared data folder is absent."""
    path = shared_data_dir() / CONTOURS
    if not path.exists():
        return None
    pieces: dict[int, list] = {}
    for feature in json.loads(path.read_text())["features"]:
        if str(feature["properties"].get("DEPCO", BREST)) != BREST:
            continue  # the file also holds 18 areas of two neighbouring communes
        number = int(feature["properties"]["BVOTE"])
        pieces.setdefault(number, []).append(area_from_geojson(feature["geometry"]))
    return {number: areas_merge(parts) for number, parts in sorted(pieces.items())}


@dataclass
class Addresses:
    latitude: np.ndarray
    longitude: np.ndarray
    doors: np.ndarray
    station: np.ndarray  # the number of the area each address is in

    def __len__(self) -> int:
        return int(self.doors.size)


def generate_doors(rng: np.random.Generator, count: int) -> np.ndarray:
    """Doors behind each entrance: 70 % houses, 20 % small buildings (2-6 doors), 10 % blocks
    of flats (7-40), and one in a thousand a tower of 100-250 doors."""
    roll = rng.random(count)
    doors = np.ones(count, dtype=np.int64)
    small = (roll >= 0.70) & (roll < 0.90)
    blocks = (roll >= 0.90) & (roll < 0.999)
    towers = roll >= 0.999
    doors[small] = rng.integers(2, 7, small.sum())
    doors[blocks] = rng.integers(7, 41, blocks.sum())
    doors[towers] = rng.integers(100, 251, towers.sum())
    return doors


def generate_addresses(
    areas: dict[int, object], count: int, *, seed: int = 29019, single_doors: bool = False
) -> Addresses:
    """``count`` entrances spread over the areas in proportion to their surface, along
    generated streets. ``single_doors``: every entrance has one door."""
    rng = np.random.default_rng(seed)
    projections = {n: LocalProjection.for_area(a) for n, a in areas.items()}
    metric = {n: projections[n].project_area(a) for n, a in areas.items()}
    surface = sum(shape.area for shape in metric.values())
    density = 1.3 * count / surface  # candidates per m², a third more than needed
    lats, lons, stations = [], [], []
    for number, shape in metric.items():
        xy = _street_grid(rng, shape, density)
        lat, lon = projections[number].to_latlon(xy)
        lats.append(lat)
        lons.append(lon)
        stations.append(np.full(lat.size, number, dtype=np.int64))
    lat, lon, station = np.concatenate(lats), np.concatenate(lons), np.concatenate(stations)
    chosen = np.sort(rng.choice(lat.size, size=min(count, lat.size), replace=False))
    doors = (
        np.ones(chosen.size, dtype=np.int64) if single_doors else generate_doors(rng, chosen.size)
    )
    return Addresses(lat[chosen], lon[chosen], doors, station[chosen])


def _street_grid(rng: np.random.Generator, shape, density: float) -> np.ndarray:
    """Entrances (x, y metres) along a grid of streets inside ``shape``: streets every 70-130
    m in both directions at a random angle, entrances on both sides, 7 m from the middle."""
    import shapely

    spacing = rng.uniform(70, 130)
    # Two directions x two sides of each street: 4 rows of entrances per spacing.
    step = max(4.0 / (spacing * density), 3.0)
    angle = rng.uniform(0, math.pi)
    west, south, east, north = shape.bounds
    cx, cy = (west + east) / 2, (south + north) / 2
    half = math.hypot(east - west, north - south) / 2 + spacing
    lines = np.arange(-half, half, spacing) + rng.uniform(0, spacing)
    along = np.arange(-half, half, step)
    points = []
    for offset in (-7.0, 7.0):
        u, v = np.meshgrid(along, lines + offset)
        u = u + rng.normal(0, step / 5, u.shape)
        points.append(np.column_stack((u.ravel(), v.ravel())))  # east-west streets
        points.append(np.column_stack((v.ravel(), u.ravel())))  # north-south streets
    uv = np.concatenate(points)
    cos, sin = math.cos(angle), math.sin(angle)
    xy = np.column_stack(
        (cx + uv[:, 0] * cos - uv[:, 1] * sin, cy + uv[:, 0] * sin + uv[:, 1] * cos)
    )
    shapely.prepare(shape)
    return xy[shapely.contains_xy(shape, xy[:, 0], xy[:, 1])]
