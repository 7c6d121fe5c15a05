"""Reads of the targeting pages. Every id from a request is resolved within the organization
(404 otherwise)."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass

import shapely
from django.db.models import Count, Max, Min, Q, Sum
from django.shortcuts import get_object_or_404

from turnout.core.models import Job

from .geo import GeometryError, area_from_geojson, area_to_geojson
from .models import AddressPoint, Effort, ElectionResult, PollingStation, Turf
from .services.targeting import IMPORT_KINDS

MAP_TOLERANCE = 0.00001  # degrees (about 1 m): the map's outlines are simplified this much
CLASSES = 5


@dataclass(frozen=True)
class Election:
    election_date: dt.date
    round: int
    name: str
    stations: int = 0
    registered: int = 0
    abstentions: int = 0

    @property
    def key(self) -> str:
        return f"{self.election_date.isoformat()}_{self.round}"

    @property
    def abstention_rate(self) -> float:
        return self.abstentions / self.registered if self.registered else 0.0

    @property
    def abstention_percent(self) -> float:
        return self.abstention_rate * 100


def elections_for(*, organization) -> list[Election]:
    """The elections with results, newest first, with their totals."""
    rows = (
        ElectionResult.objects.for_organization(organization)
        .values("election_date", "round")
        .annotate(
            stations=Count("id"),
            registered=Sum("registered"),
            abstentions=Sum("abstentions"),
            name=Max("election"),
        )
        .order_by("-election_date", "-round")
    )
    return [Election(**row) for row in rows]


def election_find(elections: list[Election], key: str | None) -> Election | None:
    """The election of the key ("2024-06-30_1"), else the newest one."""
    for election in elections:
        if election.key == key:
            return election
    return elections[0] if elections else None


# --- Counts of the home page -------------------------------------------------------------------


def targeting_counts(*, organization) -> dict:
    addresses = AddressPoint.objects.for_organization(organization).aggregate(
        addresses=Count("id"),
        doors=Sum("doors"),
        without_station=Count("id", filter=Q(station__isnull=True)),
    )
    stations = PollingStation.objects.for_organization(organization).aggregate(
        stations=Count("id"), with_area=Count("id", filter=~Q(area={}))
    )
    return {
        **addresses,
        "doors": addresses["doors"] or 0,
        **stations,
        "efforts": Effort.objects.for_organization(organization).count(),
        "turfs": Turf.objects.for_organization(organization).count(),
    }


def imports_for(*, organization):
    return (
        Job.objects.for_organization(organization)
        .filter(kind__in=IMPORT_KINDS)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def import_get(*, organization, job_uuid) -> Job:
    return get_object_or_404(imports_for(organization=organization), uuid=job_uuid)


# --- Addresses and stations ------------------------------------------------------------------


def addresses_for(*, organization, query: str = "", station_id: int | None = None):
    addresses = AddressPoint.objects.for_organization(organization).select_related("station")
    if station_id == 0:
        addresses = addresses.filter(station__isnull=True)
    elif station_id:
        addresses = addresses.filter(station_id=station_id)
    for word in query.split()[:5]:
        addresses = addresses.filter(
            Q(street__icontains=word)
            | Q(number__iexact=word)
            | Q(city__icontains=word)
            | Q(postal_code__startswith=word)
            | Q(external_id__iexact=word)
        )
    return addresses


def station_choices(*, organization) -> list[PollingStation]:
    return list(
        PollingStation.objects.for_organization(organization).only(
            "pk", "commune_code", "commune_name", "number", "place"
        )
    )


def stations_for(*, organization):
    return (
        PollingStation.objects.for_organization(organization)
        .annotate(addresses_n=Count("addresses"), doors_n=Sum("addresses__doors"))
        .order_by("commune_code", "number")
    )


def station_get(*, organization, station_id: int) -> PollingStation:
    return get_object_or_404(stations_for(organization=organization), pk=station_id)


def station_results(*, station: PollingStation) -> list[dict]:
    """The station's results, newest first, with their abstention and turnout in percent."""
    return [
        {
            "result": r,
            "abstention": r.abstention_rate * 100,
            "turnout": (r.voters / r.registered * 100) if r.registered else 0.0,
        }
        for r in station.results.order_by("-election_date", "-round")
    ]


# --- The map ---------------------------------------------------------------------------------


def abstention_breaks(rates: list[float], classes: int = CLASSES) -> list[float]:
    """Upper bounds of the colour classes: quantiles of the rates, so that each colour covers
    about as many stations (decision 0071); the last bound is the highest rate. Fewer
    classes when rates repeat."""
    values = sorted(rates)
    breaks: list[float] = []
    for step in range(1, classes + 1):
        if not values:
            break
        value = values[min(len(values) - 1, math.ceil(step * len(values) / classes) - 1)]
        if not breaks or value > breaks[-1]:
            breaks.append(value)
    return breaks


def class_of(rate: float, breaks: list[float]) -> int:
    return min(bisect.bisect_left(breaks, rate), len(breaks) - 1) if breaks else 0


@dataclass
class MapRow:
    station: PollingStation
    result: ElectionResult | None
    addresses: int
    doors: int
    level: int | None  # colour class (0 = lowest abstention), None without result

    @property
    def rate(self) -> float | None:
        return self.result.abstention_rate if self.result else None

    @property
    def percent(self) -> float | None:
        return self.result.abstention_rate * 100 if self.result else None


def map_rows(*, organization, election: Election | None) -> list[MapRow]:
    """Every station with its result in the election, sorted by abstention rate (highest
    first; stations without a result last)."""
    results = {}
    if election is not None:
        results = {
            r.station_id: r
            for r in ElectionResult.objects.for_organization(organization).filter(
                election_date=election.election_date, round=election.round
            )
        }
    stations = list(stations_for(organization=organization))
    breaks = abstention_breaks([r.abstention_rate for r in results.values()])
    rows = []
    for station in stations:
        result = results.get(station.pk)
        rows.append(
            MapRow(
                station=station,
                result=result,
                addresses=station.addresses_n,
                doors=station.doors_n or 0,
                level=class_of(result.abstention_rate, breaks) if result else None,
            )
        )
    rows.sort(key=lambda r: (r.result is None, -(r.rate or 0), r.station.number))
    return rows


def legend(rows: list[MapRow]) -> list[dict]:
    """One entry per colour class: the range of rates and the number of stations."""
    classes: dict[int, list[float]] = {}
    for row in rows:
        if row.level is not None:
            classes.setdefault(row.level, []).append(row.rate)
    return [
        {"level": level, "low": min(rates) * 100, "high": max(rates) * 100, "stations": len(rates)}
        for level, rates in sorted(classes.items())
    ]


def map_features(rows: list[MapRow]) -> dict:
    """The GeoJSON of the stations that have an area, with the figures of their popup."""
    features = []
    for row in rows:
        if not row.station.area:
            continue
        try:
            area = area_from_geojson(row.station.area)
        except GeometryError:
            continue
        simple = shapely.simplify(area, MAP_TOLERANCE, preserve_topology=True)
        result = row.result
        features.append(
            {
                "type": "Feature",
                "geometry": area_to_geojson(simple),
                "properties": {
                    "id": row.station.pk,
                    "name": str(row.station),
                    "place": row.station.place,
                    "level": row.level,
                    "registered": result.registered if result else None,
                    "abstentions": result.abstentions if result else None,
                    "rate": round(result.abstention_rate * 100, 1) if result else None,
                    "addresses": row.addresses,
                    "doors": row.doors,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def where_first(rows: list[MapRow], count: int = 5) -> list[MapRow]:
    """The stations with the most people who did not vote (abstentions, not the rate)."""
    with_result = [r for r in rows if r.result is not None]
    return sorted(with_result, key=lambda r: -r.result.abstentions)[:count]


def stations_in(*, organization, ids: list[int]) -> list[PollingStation]:
    return list(PollingStation.objects.for_organization(organization).filter(pk__in=ids))


def map_bounds(*, organization) -> tuple[float, float, float, float] | None:
    """The box around the organization's addresses (when no station has an area)."""
    box = AddressPoint.objects.for_organization(organization).aggregate(
        south=Min("latitude"),
        west=Min("longitude"),
        north=Max("latitude"),
        east=Max("longitude"),
    )
    if box["south"] is None:
        return None
    return box["south"], box["west"], box["north"], box["east"]
