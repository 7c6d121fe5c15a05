"""Each address gets the polling station whose area contains it: at import time for the
addresses of the batch, and for all the organization's addresses when areas are imported
(or re-imported) later. Addresses outside every known area have no station."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from django.db import transaction

from ..geo import AreaLocator, GeometryError, area_from_geojson
from ..models import AddressPoint, PollingStation

ASSIGN_BATCH = 5000


def station_locator(*, organization) -> AreaLocator:
    areas = []
    for pk, area in (
        PollingStation.objects.for_organization(organization)
        .exclude(area={})
        .order_by("commune_code", "number")
        .values_list("pk", "area")
    ):
        try:
            areas.append((pk, area_from_geojson(area)))
        except GeometryError:
            continue  # stored areas were checked at import; a hand-edited one is skipped
    return AreaLocator(areas)


def addresses_assign_stations(*, organization, progress=None) -> int:
    """Recompute the station of every address of the organization, by batches (keyset on
    the id, so memory stays bounded); return how many addresses changed station. The caller
    counts the addresses in ``progress``'s total."""
    locator = station_locator(organization=organization)
    addresses = AddressPoint.objects.for_organization(organization)
    changed, last = 0, 0
    while rows := list(
        addresses.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", "latitude", "longitude", "station_id")[:ASSIGN_BATCH]
    ):
        data = np.array([(r[1], r[2]) for r in rows], dtype=float)
        found = locator.locate(data[:, 0], data[:, 1]) if locator else np.zeros(len(rows), int)
        moves: dict[int | None, list[int]] = defaultdict(list)
        for (pk, _lat, _lon, current), station in zip(rows, found.tolist(), strict=True):
            station = station or None
            if station != current:
                moves[station].append(pk)
        with transaction.atomic():
            for station, ids in moves.items():
                AddressPoint.objects.filter(pk__in=ids).update(station_id=station)
        changed += sum(len(ids) for ids in moves.values())
        last = rows[-1][0]
        if progress is not None:
            progress.advance(len(rows))
    return changed
