"""Turf cutting of a city's addresses into walking routes (``make bench NAME=turfs``).

Data: BENCH_TURF_ADDRESSES entrances (100,000 unless told otherwise) generated with a fixed
seed along generated streets inside Brest's 104 real polling-station areas (the shared open
data folder ``../shared/data/brest/``; when it is absent, inside a generated city of 100
square areas around Brest's centre, and the run says so). Doors per entrance: 70 % houses, 20 %
small buildings (2-6), 10 % blocks of flats (7-40), one in a thousand a tower (100-250).

Figures, all measured in this run:
- ``seconds``: the engine alone (projection, cutting into turfs of about 100 doors, a walking
  route for each turf: nearest neighbour improved by 2-opt and Or-opt), no database;
- ``service_seconds``: the whole cut as organizers run it, through the real job (selecting
  the addresses of the effort's polling stations from the database, the engine, the turfs'
  outlines, writing turfs and stops), on the database in use;
- ``peak_mb``: the Python heap's peak during the engine run (tracemalloc, a second run);
- ``route_m`` and ``nn_route_m``: the total length of the routes, ours and the same turfs
  ordered by nearest neighbour alone; ``shorter_than_nn`` = 1 - route_m / nn_route_m;
- the same with one door per entrance (``*_100_stops``: about 1,000 turfs of 100 stops, the
  hardest case for the routes).
Baseline: ``nn_seconds``, the time of the plain nearest-neighbour ordering of the same turfs.
Goal (issue 9): at least 10 % shorter than nearest neighbour, under 30 s.
"""

from __future__ import annotations

import os
import tracemalloc

import numpy as np

from benchmarks.common import stopwatch

SEED = 29_019
DOORS_PER_TURF = 100


def _areas(ctx):
    from turnout.canvassing.tests.brest import station_areas

    areas = station_areas()
    if areas is not None:
        ctx.say(f"areas: Brest's {len(areas)} real polling-station areas")
        return areas, True
    import shapely

    from turnout.canvassing.geo import LocalProjection

    ctx.say("areas: the shared Brest data is absent: a generated city of 100 square areas")
    projection = LocalProjection(48.3904, -4.4861)
    areas = {}
    for n in range(100):
        x, y = (n % 10 - 5) * 600.0, (n // 10 - 5) * 600.0
        square = shapely.box(x, y, x + 600, y + 600)

        def to_lon_lat(coords):
            lat, lon = projection.to_latlon(coords)
            return np.column_stack((lon, lat))

        areas[n + 1] = shapely.transform(square, to_lon_lat)
    return areas, False


def engine(addresses):
    """Cut and route, as the service does, without the database."""
    from turnout.canvassing import cutting, routing
    from turnout.canvassing.geo import LocalProjection

    projection = LocalProjection.around(addresses.latitude, addresses.longitude)
    xy = projection.to_xy(addresses.latitude, addresses.longitude)
    entry = xy.mean(axis=0)
    groups = cutting.cut(xy, addresses.doors, target=DOORS_PER_TURF)
    total = 0.0
    for group in groups:
        total += routing.route_length(xy[group], routing.walking_route(xy[group], entry))
    return xy, entry, groups, total


def nearest_neighbour_only(xy, entry, groups) -> float:
    from turnout.canvassing import routing

    return sum(
        routing.route_length(xy[g], routing.nearest_neighbour_route(xy[g], entry)) for g in groups
    )


def measure(ctx, addresses, label: str) -> dict:
    with stopwatch() as timed:
        xy, entry, groups, route_m = engine(addresses)
    with stopwatch() as nn_timed:
        nn_route_m = nearest_neighbour_only(xy, entry, groups)
    stops = np.array([g.size for g in groups])
    shorter = 1 - route_m / nn_route_m
    ctx.say(
        f"{label}: {len(addresses):,} addresses, {int(addresses.doors.sum()):,} doors -> "
        f"{len(groups):,} turfs ({stops.mean():.0f} stops on average, at most {stops.max()}) "
        f"in {timed['seconds']:.2f} s; routes {route_m / 1000:,.1f} km, nearest neighbour "
        f"{nn_route_m / 1000:,.1f} km ({nn_timed['seconds']:.2f} s): {shorter:.1%} shorter"
    )
    return {
        "seconds": timed["seconds"],
        "nn_seconds": nn_timed["seconds"],
        "route_m": route_m,
        "nn_route_m": nn_route_m,
        "shorter": shorter,
        "turfs": len(groups),
    }


def service(ctx, areas, addresses) -> float:
    """The real job on the database: polling stations, addresses, an effort over all the
    stations, then ``turfs_cut_start`` (the test settings run the job at once)."""
    from django.db import connection

    from turnout.canvassing.geo import area_to_geojson
    from turnout.canvassing.models import AddressPoint, PollingStation, Turf, TurfStop
    from turnout.canvassing.services.turfs import EffortData, effort_create
    from turnout.canvassing.services.turfs_cut import turfs_cut_start
    from turnout.core.models import Job
    from turnout.organizations.choices import Role
    from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory

    org = OrganizationFactory(name="Bench", slug="bench-turfs")
    user = MembershipFactory(organization=org, role=Role.ORGANIZER).user
    stations = {
        number: PollingStation.objects.create(
            organization=org, commune_code="29019", number=number, area=area_to_geojson(area)
        )
        for number, area in areas.items()
    }
    AddressPoint.objects.bulk_create(
        (
            AddressPoint(
                organization=org,
                street="Rue de Siam",
                number=str(i % 200 + 1),
                latitude=float(addresses.latitude[i]),
                longitude=float(addresses.longitude[i]),
                doors=int(addresses.doors[i]),
                station_id=stations[int(addresses.station[i])].pk,
            )
            for i in range(len(addresses))
        ),
        batch_size=5000,
    )
    effort = effort_create(
        organization=org,
        actor=user,
        data=EffortData(name="Toute la ville", station_ids=[s.pk for s in stations.values()]),
    )
    with stopwatch() as timed:
        job = turfs_cut_start(effort=effort, actor=user, doors_per_turf=DOORS_PER_TURF)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, (job.status, job.error)
    turfs = Turf.objects.filter(effort=effort).count()
    stops = TurfStop.objects.filter(effort=effort).count()
    ctx.say(
        f"service on {connection.vendor}: {stops:,} stops in {turfs:,} turfs written "
        f"in {timed['seconds']:.2f} s (job {job.status})"
    )
    return timed["seconds"]


def run(ctx):
    from turnout.canvassing.tests.brest import generate_addresses

    count = int(os.environ.get("BENCH_TURF_ADDRESSES", "100000"))
    areas, real = _areas(ctx)
    addresses = generate_addresses(areas, count, seed=SEED)
    main = measure(ctx, addresses, "doors of a city")
    tracemalloc.start()
    engine(addresses)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_mb = peak / 1e6
    ctx.say(f"engine, traced: Python heap peak {peak_mb:.1f} MB")
    single = generate_addresses(areas, count, seed=SEED, single_doors=True)
    hundred = measure(ctx, single, "one door per address")
    service_seconds = service(ctx, areas, addresses)
    goal = main["shorter"] >= 0.10 and main["seconds"] < 30
    ctx.say(f"goal (>= 10 % shorter, < 30 s): {'met' if goal else 'NOT met'}")
    return {
        "figures": {
            "seconds": round(main["seconds"], 2),
            "service_seconds": round(service_seconds, 2),
            "peak_mb": round(peak_mb, 1),
            "route_m": round(main["route_m"]),
            "nn_route_m": round(main["nn_route_m"]),
            "shorter_than_nn": round(main["shorter"], 4),
            "turfs": main["turfs"],
            "addresses": len(addresses),
            "seconds_100_stops": round(hundred["seconds"], 2),
            "shorter_than_nn_100_stops": round(hundred["shorter"], 4),
            "turfs_100_stops": hundred["turfs"],
            "brest_areas": int(real),
        },
        "baseline": {
            "nn_seconds": round(main["nn_seconds"], 2),
            "nn_seconds_100_stops": round(hundred["nn_seconds"], 2),
        },
        "ratios": {
            "seconds_to_nn": round(main["seconds"] / main["nn_seconds"], 2),
            "route_to_nn": round(main["route_m"] / main["nn_route_m"], 4),
        },
    }
