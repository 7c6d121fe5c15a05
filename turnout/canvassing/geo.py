"""Geometry helpers of canvassing: GeoJSON areas as shapely shapes, points in areas, a local
metric projection and distances in metres.

Coordinates are WGS84 longitude/latitude in GeoJSON (x = longitude, y = latitude), and
latitude/longitude floats in the database. Areas are Polygons or MultiPolygons. Work on many
points is vectorised over numpy arrays (``shapely.contains_xy``); nothing here touches the
database. Decision 0067.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
GEOJSON_DECIMALS = 7  # about 1 cm: more is noise, less moves doors


class GeometryError(ValueError):
    """An area that cannot be used; the message says why, for the person who gave it."""


# --- GeoJSON <-> shapely ---------------------------------------------------------------------


def area_from_geojson(data) -> Polygon | MultiPolygon:
    """A GeoJSON Polygon or MultiPolygon (a geometry, or a Feature holding one) as a valid
    shapely shape. Raises GeometryError with a readable reason otherwise."""
    geometry = shape_from_geojson(data)
    reason = validity_problem(geometry)
    if reason:
        raise GeometryError(reason)
    return geometry


def shape_from_geojson(data) -> Polygon | MultiPolygon:
    """Like ``area_from_geojson`` without the validity check (for a caller that repairs)."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or not data:
        raise GeometryError(_("There is no area."))
    kind = data.get("type")
    if kind not in ("Polygon", "MultiPolygon"):
        raise GeometryError(
            _("The area must be a polygon; this is a “%(kind)s”.") % {"kind": kind or "?"}
        )
    try:
        geometry = shape(data)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise GeometryError(_("The area's coordinates cannot be read.")) from None
    if geometry.is_empty:
        raise GeometryError(_("The area has no points."))
    check_lon_lat(geometry)
    return geometry


def check_lon_lat(geometry) -> None:
    """Refuse coordinates that are not longitudes and latitudes (a file in a projected system,
    such as Lambert 93, has values in the hundreds of thousands)."""
    coords = shapely.get_coordinates(geometry)
    if not np.isfinite(coords).all():
        raise GeometryError(_("The area's coordinates cannot be read."))
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        raise GeometryError(
            _(
                "The coordinates are not longitudes and latitudes (WGS84): the file is probably "
                "in a projected system such as Lambert 93. Export it in WGS84 (EPSG:4326)."
            )
        )


def validity_problem(geometry) -> str:
    """ "" for a valid polygon, else the reason in words (self-intersection, too few points)."""
    if geometry.is_valid:
        return "" if geometry.area > 0 else _("The area is flat: its points are on one line.")
    if area_repair(geometry) is None:
        return _("The area is flat: its points are on one line.")
    reason = shapely.is_valid_reason(geometry)
    where = ""
    if "[" in reason:
        reason, _sep, rest = reason.partition("[")
        try:
            x, y = (float(v) for v in rest.rstrip("]").split()[:2])
            where = _(" near %(lat)s, %(lon)s") % {"lat": f"{y:.5f}", "lon": f"{x:.5f}"}
        except ValueError:
            where = ""
    reason = reason.strip()
    readable = {
        "Self-intersection": _("The outline crosses itself"),
        "Ring Self-intersection": _("The outline touches itself"),
        "Too few points in geometry component": _("A ring has fewer than 3 distinct points"),
        "Hole lies outside shell": _("A hole lies outside the area"),
        "Nested shells": _("One part of the area lies inside another"),
        "Interior is disconnected": _("A hole cuts the area in two"),
        "Duplicate Rings": _("A ring is repeated"),
        "Invalid Coordinate": _("A point has invalid coordinates"),
    }.get(reason, reason)
    return _("%(reason)s%(where)s: the area is not a valid polygon.") % {
        "reason": readable,
        "where": where,
    }


def area_repair(geometry) -> Polygon | MultiPolygon | None:
    """The polygonal part of ``make_valid`` (a bow-tie becomes two triangles), or None when
    nothing with a surface is left."""
    fixed = shapely.make_valid(geometry)
    polygons = [
        part
        for part in getattr(fixed, "geoms", [fixed])
        if isinstance(part, Polygon | MultiPolygon) and not part.is_empty
    ]
    if not polygons:
        return None
    merged = shapely.union_all(polygons)
    return merged if isinstance(merged, Polygon | MultiPolygon) and merged.area > 0 else None


def areas_merge(geometries: Iterable) -> Polygon | MultiPolygon:
    """Several polygons of one area (a polling station drawn in separate pieces) as one
    shape: touching pieces are joined, the others form a MultiPolygon."""
    merged = shapely.union_all(list(geometries))
    if isinstance(merged, Polygon | MultiPolygon):
        return merged
    polygons = [g for g in getattr(merged, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return MultiPolygon([p for g in polygons for p in getattr(g, "geoms", [g])])


def area_to_geojson(geometry) -> dict:
    """A shape as a GeoJSON geometry dict with lists (JSON-ready), rounded to about 1 cm,
    outer rings counter-clockwise (RFC 7946)."""
    rounded = shapely.set_precision(geometry, 10**-GEOJSON_DECIMALS)
    if rounded.is_empty:
        rounded = geometry
    data = mapping(shapely.orient_polygons(rounded))
    return _lists(data)


def _lists(value):
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(item) for item in value]
    if isinstance(value, float):
        return round(value, GEOJSON_DECIMALS)
    return value


def centroid(geometry) -> tuple[float, float]:
    """(latitude, longitude) of the centre of an area."""
    point = geometry.centroid
    return point.y, point.x


def bounds(geometries: Iterable) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) around all the shapes, or None when there are none."""
    shapes = [g for g in geometries if g is not None and not g.is_empty]
    if not shapes:
        return None
    west, south, east, north = shapely.total_bounds(shapes)
    return float(south), float(west), float(north), float(east)


# --- Points in areas -------------------------------------------------------------------------


def points_inside(geometry, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """A boolean array: which of the points lie inside the area (its boundary excluded)."""
    lats = np.asarray(lats, dtype=float)
    lons = np.asarray(lons, dtype=float)
    inside = np.zeros(lats.shape, dtype=bool)
    if not lats.size:
        return inside
    west, south, east, north = geometry.bounds
    near = (lons >= west) & (lons <= east) & (lats >= south) & (lats <= north)
    if near.any():
        shapely.prepare(geometry)
        inside[near] = shapely.contains_xy(geometry, lons[near], lats[near])
    return inside


class AreaLocator:
    """Which area each point is in, among many areas (polling stations): ``locate`` gives,
    for arrays of points, the key of the first area that contains each point, or ``missing``.
    Areas are tried in the order given; a box check skips the far ones."""

    def __init__(self, areas: Sequence[tuple[int, object]]):
        self.keys: list[int] = []
        self.shapes: list = []
        for key, geometry in areas:
            if geometry is None or geometry.is_empty:
                continue
            shapely.prepare(geometry)
            self.keys.append(key)
            self.shapes.append(geometry)
        self.boxes = (
            np.array([g.bounds for g in self.shapes], dtype=float)
            if self.shapes
            else np.zeros((0, 4))
        )

    def __bool__(self) -> bool:
        return bool(self.shapes)

    def locate(self, lats, lons, *, missing: int = 0) -> np.ndarray:
        lats = np.asarray(lats, dtype=float)
        lons = np.asarray(lons, dtype=float)
        found = np.full(lats.shape, missing, dtype=np.int64)
        todo = np.ones(lats.shape, dtype=bool)
        if not lats.size:
            return found
        west, south = lons.min(), lats.min()
        east, north = lons.max(), lats.max()
        for index, (key, geometry) in enumerate(zip(self.keys, self.shapes, strict=True)):
            b_west, b_south, b_east, b_north = self.boxes[index]
            if b_west > east or b_east < west or b_south > north or b_north < south:
                continue
            candidates = (
                todo & (lons >= b_west) & (lons <= b_east) & (lats >= b_south) & (lats <= b_north)
            )
            if not candidates.any():
                continue
            hit = np.zeros(lats.shape, dtype=bool)
            hit[candidates] = shapely.contains_xy(geometry, lons[candidates], lats[candidates])
            found[hit] = key
            todo &= ~hit
            if not todo.any():
                break
        return found


# --- Local metric projection and distances ---------------------------------------------------


@dataclass(frozen=True)
class LocalProjection:
    """An equirectangular projection around a centre: x metres east, y metres north. Exact
    enough at the scale of a town (under 0.1 % of error within 20 km of the centre) and fast
    on arrays; every metric computation of an area (clustering, routes) works in it."""

    lat0: float
    lon0: float

    @classmethod
    def around(cls, lats, lons) -> LocalProjection:
        """Centred on the middle of the points' bounding box."""
        lats = np.asarray(lats, dtype=float)
        lons = np.asarray(lons, dtype=float)
        if not lats.size:
            raise ValueError("no points to centre a projection on")
        return cls(
            lat0=float((lats.min() + lats.max()) / 2), lon0=float((lons.min() + lons.max()) / 2)
        )

    @classmethod
    def for_area(cls, geometry) -> LocalProjection:
        west, south, east, north = geometry.bounds
        return cls(lat0=(south + north) / 2, lon0=(west + east) / 2)

    @property
    def _kx(self) -> float:
        return EARTH_RADIUS_M * math.radians(1) * math.cos(math.radians(self.lat0))

    @property
    def _ky(self) -> float:
        return EARTH_RADIUS_M * math.radians(1)

    def to_xy(self, lats, lons) -> np.ndarray:
        """An (n, 2) array of metres east and north of the centre."""
        lats = np.asarray(lats, dtype=float)
        lons = np.asarray(lons, dtype=float)
        return np.column_stack(((lons - self.lon0) * self._kx, (lats - self.lat0) * self._ky))

    def to_latlon(self, xy) -> tuple[np.ndarray, np.ndarray]:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return self.lat0 + xy[:, 1] / self._ky, self.lon0 + xy[:, 0] / self._kx

    def project_area(self, geometry):
        """The area in metres (same shape type), for areas in m² or buffers in metres."""
        return shapely.transform(geometry, lambda coords: self.to_xy(coords[:, 1], coords[:, 0]))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def distances_m(xy: np.ndarray, other: np.ndarray | None = None) -> np.ndarray:
    """Euclidean distances in metres between projected points: the (n, n) matrix of ``xy``,
    or the (n, m) matrix between ``xy`` and ``other``."""
    a = np.asarray(xy, dtype=float).reshape(-1, 2)
    b = a if other is None else np.asarray(other, dtype=float).reshape(-1, 2)
    diff = a[:, None, :] - b[None, :, :]
    return np.sqrt((diff**2).sum(axis=-1))


def path_length_m(xy: np.ndarray) -> float:
    """Length in metres of the open path through projected points, in their order."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if len(xy) < 2:
        return 0.0
    return float(np.sqrt((np.diff(xy, axis=0) ** 2).sum(axis=1)).sum())
