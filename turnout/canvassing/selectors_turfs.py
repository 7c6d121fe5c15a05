"""Reads of the turfs area: efforts, their turfs with progress, a turf's stops, the map data.
Every lookup from a request takes the organization (an id of another one is a 404)."""

from __future__ import annotations

import math
from collections import defaultdict

from django.db.models import Avg, Count, Exists, OuterRef, Q, Sum
from django.shortcuts import get_object_or_404

from turnout.organizations.models import Membership

from .models import Effort, PollingStation, Team, Turf, TurfAssignment, TurfStop, Visit

# Turf colours on the maps (Okabe-Ito and friends: told apart by most colour-blind readers),
# by turf number.
PALETTE = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#7a5195",
    "#8c6d31",
    "#b2182b",
    "#1b7837",
)


def turf_colour(number: int) -> str:
    return PALETTE[number % len(PALETTE)]


def efforts_for(*, organization):
    return Effort.objects.for_organization(organization).annotate(
        turf_count=Count("turfs", distinct=True),
        door_count=Sum("turfs__doors"),
        assigned_count=Count(
            "turfs",
            filter=Q(turfs__assigned_to__isnull=False) | Q(turfs__assigned_team__isnull=False),
            distinct=True,
        ),
    )


def effort_get(*, organization, effort_id: int) -> Effort:
    return get_object_or_404(Effort.objects.for_organization(organization), pk=effort_id)


def turf_get(*, organization, effort: Effort, turf_id: int) -> Turf:
    return get_object_or_404(
        Turf.objects.for_organization(organization)
        .filter(effort=effort)
        .select_related("effort", "assigned_to", "assigned_team"),
        pk=turf_id,
    )


def stations_for(*, organization):
    return PollingStation.objects.for_organization(organization).only(
        "pk", "commune_code", "commune_name", "number", "name", "place"
    )


def _visited_addresses(effort: Effort, turf_ids=None) -> dict[int, int]:
    """{turf id: addresses of the turf with at least one visit in this effort}."""
    visited = Visit.objects.filter(effort=effort).values("address_id")
    stops = TurfStop.objects.filter(effort=effort, address_id__in=visited)
    if turf_ids is not None:
        stops = stops.filter(turf_id__in=turf_ids)
    return dict(stops.values("turf_id").annotate(n=Count("pk")).values_list("turf_id", "n"))


def effort_turfs(*, effort: Effort) -> list[dict]:
    """The rows of the effort's table of turfs: the turf, its stops, its progress (share of
    its addresses visited at least once) and its colour."""
    turfs = list(
        Turf.objects.filter(effort=effort)
        .select_related("assigned_to", "assigned_team")
        .annotate(stop_count=Count("stops"))
        .order_by("number")
    )
    visited = _visited_addresses(effort)
    return [
        {
            "turf": turf,
            "stops": turf.stop_count,
            "km": turf.route_m / 1000,
            "progress": round(100 * visited.get(turf.pk, 0) / turf.stop_count)
            if turf.stop_count
            else 0,
            "colour": turf_colour(turf.number),
        }
        for turf in turfs
    ]


def effort_totals(rows: list[dict]) -> dict:
    return {
        "turfs": len(rows),
        "doors": sum(row["turf"].doors for row in rows),
        "assigned": sum(
            1 for row in rows if row["turf"].assigned_to_id or row["turf"].assigned_team_id
        ),
        "km": sum(row["turf"].route_m for row in rows) / 1000,
    }


def turf_stops(*, turf: Turf) -> list[dict]:
    """The turf's addresses in walking order, each with whether it was visited."""
    stops = list(
        TurfStop.objects.filter(turf=turf).select_related("address").order_by("position", "pk")
    )
    visited = set(
        Visit.objects.filter(effort_id=turf.effort_id, address_id__in=[s.address_id for s in stops])
        .values_list("address_id", flat=True)
        .distinct()
    )
    return [
        {"position": i, "address": stop.address, "visited": stop.address_id in visited}
        for i, stop in enumerate(stops, start=1)
    ]


def turf_route_geojson(*, turf: Turf, stops: list[dict]) -> dict:
    """The turf's outline, route and numbered stops, for its map."""
    points = [[round(s["address"].longitude, 6), round(s["address"].latitude, 6)] for s in stops]
    features = [_feature(turf.hull, kind="outline", number=turf.number)]
    if len(points) > 1:
        route = {"type": "LineString", "coordinates": points}
        features.append(_feature(route, kind="route", number=turf.number))
    for stop, point in zip(stops, points, strict=True):
        features.append(
            _feature(
                {"type": "Point", "coordinates": point},
                kind="stop",
                position=stop["position"],
                address=stop["address"].pk,
                label=str(stop["address"]),
                doors=stop["address"].doors,
            )
        )
    return {"type": "FeatureCollection", "features": features, "colour": turf_colour(turf.number)}


def effort_map_geojson(*, effort: Effort, turf_url) -> dict:
    """Every turf of the effort for its map: outline, route line and first stop, coloured by
    number. ``turf_url(turf)`` gives the link of each turf's page."""
    coordinates: dict[int, list] = defaultdict(list)
    rows = (
        TurfStop.objects.filter(effort=effort)
        .order_by("turf_id", "position", "pk")
        .values_list("turf_id", "address__longitude", "address__latitude")
    )
    for turf_id, lon, lat in rows.iterator(chunk_size=5000):
        coordinates[turf_id].append([round(lon, 5), round(lat, 5)])
    features = [_feature(effort.area, kind="area")] if effort.area else []
    turfs = Turf.objects.filter(effort=effort).select_related("assigned_to", "assigned_team")
    for turf in turfs.order_by("number"):
        properties = {
            "number": turf.number,
            "colour": turf_colour(turf.number),
            "doors": turf.doors,
            "status": str(turf.get_status_display()),
            "canvasser": holder_name(turf, short=True),
            "url": turf_url(turf),
        }
        features.append(_feature(turf.hull, kind="outline", **properties))
        points = coordinates.get(turf.pk, [])
        if len(points) > 1:
            line = {"type": "LineString", "coordinates": points}
            features.append(_feature(line, kind="route", **properties))
        if points:
            first = {"type": "Point", "coordinates": points[0]}
            features.append(_feature(first, kind="start", **properties))
    return {"type": "FeatureCollection", "features": features}


def _feature(geometry: dict, **properties) -> dict:
    return {"type": "Feature", "geometry": geometry or None, "properties": properties}


def neighbour_turfs(*, turf: Turf) -> list[Turf]:
    """The other turfs of the effort, nearest first (by the centre of their addresses)."""
    centres = {
        row["turf_id"]: (row["lat"], row["lon"])
        for row in TurfStop.objects.filter(effort_id=turf.effort_id)
        .values("turf_id")
        .annotate(lat=Avg("address__latitude"), lon=Avg("address__longitude"))
    }
    here = centres.get(turf.pk)
    others = list(
        Turf.objects.filter(effort_id=turf.effort_id)
        .exclude(pk=turf.pk)
        .select_related("assigned_to")
        .order_by("number")
    )
    if here is None:
        return others
    shrink = math.cos(math.radians(here[0]))  # a degree of longitude is shorter

    def distance(other: Turf) -> float:
        there = centres.get(other.pk)
        if there is None:
            return float("inf")
        return (there[0] - here[0]) ** 2 + ((there[1] - here[1]) * shrink) ** 2

    return sorted(others, key=distance)


def canvassers_for(*, organization):
    """Members who can be given a turf, by name."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def turf_assignments(*, turf: Turf):
    return turf.assignments.select_related("user", "assigned_by", "team").order_by(
        "-assigned_at", "-pk"
    )


def holder_name(turf: Turf, *, short: bool = False) -> str:
    """Who holds the turf, as shown to organizers: the team's name or the canvasser's."""
    if turf.assigned_team_id:
        return turf.assigned_team.name
    if turf.assigned_to_id:
        return turf.assigned_to.get_short_name() if short else turf.assigned_to.get_full_name()
    return ""


# --- Who holds a turf now (alone, or as a member of the team it was given to) -----------------


def held_now_q(user) -> Q:
    """Turfs ``user`` holds now: given to them, or to a team when they were in it (their own
    assignment through that team is still open)."""
    through_team = TurfAssignment.objects.filter(
        turf=OuterRef("pk"), user=user, team=OuterRef("assigned_team"), ended_at__isnull=True
    )
    return Q(assigned_to=user) | Q(Exists(through_team))


def turf_held_now(turf: Turf, user) -> bool:
    if turf.assigned_to_id == user.pk:
        return True
    return bool(turf.assigned_team_id) and (
        TurfAssignment.objects.filter(
            turf=turf, user=user, team_id=turf.assigned_team_id, ended_at__isnull=True
        ).exists()
    )


# --- Teams -----------------------------------------------------------------------------------


def teams_for(*, organization):
    """The organization's teams with their members and how many turfs each holds."""
    return (
        Team.objects.for_organization(organization)
        .annotate(turf_count=Count("turfs", distinct=True))
        .prefetch_related("members")
        .order_by("name", "pk")
    )


def team_get(*, organization, team_id: int) -> Team:
    return get_object_or_404(Team.objects.for_organization(organization), pk=team_id)
