"""Demo data of turfs: Voix Citoyennes' effort "Porte-à-porte centre-ville" over the middle of
the demo city, cut into turfs of about 60 doors; a few are assigned to the organization's
volunteers, two are under way with their first visits. Runs after the demo city (order 160)
and does nothing when the city has no addresses; idempotent."""

from __future__ import annotations

import math
import uuid
from datetime import timedelta

import numpy as np
from django.utils import timezone

from turnout.core.demo import demo_seeder
from turnout.organizations.choices import Role
from turnout.organizations.models import Membership, Organization

from .geo import LocalProjection
from .models import AddressPoint, Effort, Turf, TurfStop, Visit
from .services.turfs import EffortData, effort_create, turf_assign
from .services.turfs_cut import turfs_cut

ORGANIZATION = "voix-citoyennes"
EFFORT_NAME = "Porte-à-porte centre-ville"
DOORS_PER_TURF = 60
WANTED_DOORS = 1500  # about 25 turfs
VISIT_NAMESPACE = uuid.UUID("5f1d0c4e-4f0e-4b8a-9a57-3c1d7e0b2a61")


@demo_seeder(165)
def seed_turfs(stdout=None) -> None:
    org = Organization.objects.filter(slug=ORGANIZATION).first()
    if org is None or Effort.objects.filter(organization=org, name=EFFORT_NAME).exists():
        return
    points = np.array(
        AddressPoint.objects.for_organization(org).values_list("latitude", "longitude", "doors"),
        dtype=np.float64,
    ).reshape(-1, 3)
    if not points.size:
        return
    members = list(
        Membership.objects.filter(organization=org).select_related("user").order_by("pk")
    )
    organizer = next((m.user for m in members if m.role == Role.ORGANIZER), members[0].user)
    effort = effort_create(
        organization=org,
        actor=organizer,
        data=EffortData(
            name=EFFORT_NAME,
            description="Les rues du centre, avant le premier tour : on frappe, on écoute, "
            "on rappelle la date et le bureau de vote.",
            area=_centre_area(points),
            doors_per_turf=DOORS_PER_TURF,
            status=Effort.Status.ACTIVE,
            starts_on=timezone.localdate() - timedelta(days=3),
            ends_on=timezone.localdate() + timedelta(days=25),
        ),
    )
    Effort.objects.filter(pk=effort.pk).update(created_at=timezone.now() - timedelta(days=6))
    turfs_cut(effort=effort, doors_per_turf=DOORS_PER_TURF, actor=organizer)
    turfs = list(Turf.objects.filter(effort=effort).order_by("number"))
    volunteers = [m.user for m in members if m.role == Role.VOLUNTEER]
    canvassers = volunteers + [m.user for m in members if m.role == Role.ORGANIZER]
    for turf, user in zip(turfs[:4], canvassers * 4, strict=False):
        turf_assign(turf=turf, user=user, actor=organizer)
    for turf, share in zip(turfs[:2], (0.4, 0.15), strict=False):
        _first_visits(turf, share)
    if stdout:
        stdout.write(f"  effort {EFFORT_NAME}: {len(turfs)} turfs")


def _centre_area(points: np.ndarray) -> dict:
    """A hexagon around the middle of the city holding about WANTED_DOORS doors."""
    lat, lon = float(np.median(points[:, 0])), float(np.median(points[:, 1]))
    projection = LocalProjection(lat0=lat, lon0=lon)
    xy = projection.to_xy(points[:, 0], points[:, 1])
    distance = np.hypot(xy[:, 0], xy[:, 1])
    order = np.argsort(distance)
    reach = np.searchsorted(np.cumsum(points[order, 2]), WANTED_DOORS)
    radius = float(distance[order[min(reach, order.size - 1)]]) * 1.2 + 30
    corners = np.array(
        [(radius * math.cos(math.pi / 3 * i), radius * math.sin(math.pi / 3 * i)) for i in range(7)]
    )
    lats, lons = projection.to_latlon(corners)
    ring = [[round(x, 6), round(y, 6)] for x, y in zip(lons, lats, strict=True)]
    ring[-1] = ring[0]
    return {"type": "Polygon", "coordinates": [ring]}


def _first_visits(turf: Turf, share: float) -> None:
    """The first stops of a turf knocked at (visits with their phone's ids): under way."""
    stops = list(TurfStop.objects.filter(turf=turf).select_related("address").order_by("position"))
    done = stops[: max(1, round(len(stops) * share))]
    outcomes = list(Visit.Outcome)
    start = timezone.now() - timedelta(days=1, hours=2)
    for i, stop in enumerate(done):
        Visit.objects.get_or_create(
            client_id=uuid.uuid5(VISIT_NAMESPACE, f"{turf.uuid}-{stop.address_id}"),
            defaults={
                "organization_id": turf.organization_id,
                "effort_id": turf.effort_id,
                "turf": turf,
                "address": stop.address,
                "canvasser": turf.assigned_to,
                "outcome": outcomes[(i * 7) % len(outcomes)],
                "visited_at": start + timedelta(minutes=4 * i),
                "latitude": stop.address.latitude,
                "longitude": stop.address.longitude,
            },
        )
    Turf.objects.filter(pk=turf.pk).update(status=Turf.Status.STARTED)
