"""Turfs over Brest's real polling-station areas, with generated addresses (fixed seed).
Skipped when the shared open-data folder is absent (a user's machine)."""

import numpy as np
import pytest
import shapely

from turnout.canvassing import cutting, routing
from turnout.canvassing.geo import LocalProjection, area_from_geojson, area_to_geojson
from turnout.canvassing.models import AddressPoint, PollingStation, Turf, TurfStop
from turnout.canvassing.services.turfs import EffortData, effort_create
from turnout.canvassing.services.turfs_cut import turfs_cut
from turnout.canvassing.tests.brest import generate_addresses, station_areas

AREAS = station_areas()
pytestmark = pytest.mark.skipif(
    AREAS is None, reason="Brest's polling-station areas (../shared/data/brest/) are absent"
)


def test_twenty_thousand_addresses_make_even_turfs_with_short_routes():
    addresses = generate_addresses(AREAS, 20_000, seed=7)
    projection = LocalProjection.around(addresses.latitude, addresses.longitude)
    xy = projection.to_xy(addresses.latitude, addresses.longitude)
    groups = cutting.cut(xy, addresses.doors, target=100)
    assert sorted(np.concatenate(groups).tolist()) == list(range(len(addresses)))
    small = [g for g in groups if not (g.size == 1 and addresses.doors[g[0]] >= 100)]
    doors = np.array([addresses.doors[g].sum() for g in small])
    assert 85 <= doors.mean() <= 115
    assert doors.min() >= 100 - 40 and doors.max() <= 100 + 40  # the largest block: 40 doors
    entry = xy.mean(axis=0)
    ours = plain = 0.0
    for group in groups:
        ours += routing.route_length(xy[group], routing.walking_route(xy[group], entry))
        plain += routing.route_length(xy[group], routing.nearest_neighbour_route(xy[group], entry))
    assert ours <= 0.9 * plain


@pytest.mark.django_db
def test_cutting_three_polling_stations_of_brest(org_a, owner_a):
    numbers = [1, 2, 3]
    areas = {n: AREAS[n] for n in numbers}
    stations = {
        n: PollingStation.objects.create(
            organization=org_a, commune_code="29019", number=n, area=area_to_geojson(areas[n])
        )
        for n in numbers
    }
    generated = generate_addresses(areas, 1500, seed=3)
    AddressPoint.objects.bulk_create(
        AddressPoint(
            organization=org_a,
            street="Rue de Siam",
            number=str(i),
            latitude=float(generated.latitude[i]),
            longitude=float(generated.longitude[i]),
            doors=int(generated.doors[i]),
            station=stations[int(generated.station[i])],
        )
        for i in range(len(generated))
    )
    effort = effort_create(
        organization=org_a,
        actor=owner_a,
        data=EffortData(name="Bureaux 1 à 3", station_ids=[s.pk for s in stations.values()]),
    )
    result = turfs_cut(effort=effort, doors_per_turf=80, actor=owner_a)
    assert result.addresses == 1500
    assert TurfStop.objects.filter(effort=effort).count() == 1500
    for turf in Turf.objects.filter(effort=effort):
        outline = area_from_geojson(turf.hull)
        stops = TurfStop.objects.filter(turf=turf).values_list(
            "address__longitude", "address__latitude"
        )
        lon, lat = np.array(list(stops)).T
        assert shapely.contains_xy(outline, lon, lat).all()
