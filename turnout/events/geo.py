"""Distances for the event search, without a spatial database.

A search "within R km of a point" first keeps the events inside the latitude/longitude box
around the point (indexed comparisons that any database does), then measures the
great-circle distance of each with the haversine formula and keeps those within R. At the
scale of an organization's events (hundreds to a few thousands) this is exact and fast.

A postal code becomes a point from what is already known, best first: the address points
imported for canvassing (official addresses), the places of published public events, then
people's postal addresses that have coordinates, only when at least ``PEOPLE_MINIMUM``
addresses share the code, and rounded to about a kilometre, so the point says nothing about
anyone's home.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import Avg, Count

from turnout.canvassing.geo import EARTH_RADIUS_M, distance_m

EARTH_RADIUS_KM = EARTH_RADIUS_M / 1000
RADII_KM = (5, 10, 25, 50)
PEOPLE_MINIMUM = 5
PEOPLE_DECIMALS = 2  # ~1.1 km of latitude


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    source: str = ""  # "addresses", "events", "people" or "browser"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the canvassing geometry's formula)."""
    return distance_m(lat1, lon1, lat2, lon2) / 1000


def bounding_box(point: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) containing every point
    within ``radius_km`` of ``point`` (a little more near the poles: the exact distance
    decides afterwards)."""
    d_lat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(point.latitude))
    d_lon = 180.0 if cos_lat < 1e-6 else min(180.0, d_lat / cos_lat)
    return (
        max(-90.0, point.latitude - d_lat),
        min(90.0, point.latitude + d_lat),
        point.longitude - d_lon,
        point.longitude + d_lon,
    )


def within(queryset, point: Point, radius_km: float) -> list[tuple[object, float]]:
    """(row, distance in km) of the rows of ``queryset`` (with ``latitude`` and
    ``longitude``) within ``radius_km`` of ``point``, nearest first."""
    south, north, west, east = bounding_box(point, radius_km)
    rows = queryset.filter(latitude__gte=south, latitude__lte=north)
    if west >= -180 and east <= 180:
        rows = rows.filter(longitude__gte=west, longitude__lte=east)
    found = []
    for row in rows:
        distance = haversine_km(point.latitude, point.longitude, row.latitude, row.longitude)
        if distance <= radius_km:
            found.append((row, distance))
    found.sort(key=lambda pair: (pair[1], getattr(pair[0], "starts_at", None) or 0))
    return found


def normalize_postal_code(value: str) -> str:
    return "".join(str(value or "").split()).upper()[:16]


def postal_code_point(code: str) -> Point | None:
    """The middle of a postal code from what we know (see the module's docstring), or None
    when nothing is known about it."""
    from turnout.canvassing.models import AddressPoint
    from turnout.people.models import PostalAddress

    from .models import Event

    code = normalize_postal_code(code)
    if not code:
        return None
    found = AddressPoint.objects.filter(postal_code=code).aggregate(
        lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id")
    )
    if found["n"]:
        return Point(found["lat"], found["lon"], "addresses")
    found = (
        Event.objects.public()
        .filter(postal_code=code, latitude__isnull=False, longitude__isnull=False)
        .aggregate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id"))
    )
    if found["n"]:
        return Point(found["lat"], found["lon"], "events")
    found = PostalAddress.objects.filter(
        postal_code=code,
        latitude__isnull=False,
        longitude__isnull=False,
        person__erased_at__isnull=True,
    ).aggregate(lat=Avg("latitude"), lon=Avg("longitude"), n=Count("id"))
    if found["n"] >= PEOPLE_MINIMUM:
        return Point(
            round(found["lat"], PEOPLE_DECIMALS), round(found["lon"], PEOPLE_DECIMALS), "people"
        )
    return None
