"""Services of canvassing efforts and their turfs: create and edit an effort, adjust its turfs
by hand (move addresses, split, merge) and assign them to canvassers. Cutting the area into
turfs is in ``turfs_cut.py``. Every write is audited; every change of a turf's stops or
canvasser adds one to its ``version``, which the offline app compares to know that its copy
is stale.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db import transaction
from django.db.models import Avg, F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.core.tasks import enqueue_on_commit
from turnout.organizations.models import Membership

from .. import cutting, routing
from ..geo import GeometryError, LocalProjection, area_from_geojson, area_to_geojson
from ..models import Effort, PollingStation, Turf, TurfAssignment, TurfStop, Visit

MIN_DOORS_PER_TURF = 10
MAX_DOORS_PER_TURF = 500
# The outline drawn around a turf's entrances, in metres (a turf of one building still shows).
OUTLINE_MARGIN_M = 6.0
STOP_BATCH = 5000


class TurfRefused(Exception):
    """A change of an effort or turf that cannot be made, with the message to show."""

    def __init__(self, message: str, *, field_name: str | None = None):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


@dataclass
class EffortData:
    name: str
    description: str = ""
    area: dict = field(default_factory=dict)  # a drawn GeoJSON polygon, or {}
    station_ids: list[int] = field(default_factory=list)
    doors_per_turf: int = 100
    status: str = Effort.Status.DRAFT
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


# --- Efforts ---------------------------------------------------------------------------------


def area_clean(area) -> dict:
    """The drawn area as clean GeoJSON ({} when none), or TurfRefused saying what is wrong
    with it (a self-intersecting outline, too few points...)."""
    if not area:
        return {}
    try:
        return area_to_geojson(area_from_geojson(area))
    except GeometryError as exc:
        raise TurfRefused(str(exc), field_name="area") from None


def doors_per_turf_check(doors: int) -> int:
    if not isinstance(doors, int) or not MIN_DOORS_PER_TURF <= doors <= MAX_DOORS_PER_TURF:
        raise TurfRefused(
            _("Choose between %(low)s and %(high)s doors per turf.")
            % {"low": MIN_DOORS_PER_TURF, "high": MAX_DOORS_PER_TURF},
            field_name="doors_per_turf",
        )
    return doors


def _effort_values(organization, data: EffortData) -> tuple[dict, list[PollingStation]]:
    name = data.name.strip()
    if not name:
        raise TurfRefused(_("Give the effort a name."), field_name="name")
    area = area_clean(data.area)
    wanted = set(data.station_ids)
    stations = list(PollingStation.objects.for_organization(organization).filter(pk__in=wanted))
    if len(stations) != len(wanted):
        raise TurfRefused(
            _("Some of the polling stations chosen do not exist (any more)."),
            field_name="stations",
        )
    if not area and not stations:
        raise TurfRefused(
            _("Choose where to canvass: draw an area on the map, or pick polling stations."),
            field_name="area",
        )
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise TurfRefused(_("The effort cannot end before it starts."), field_name="ends_on")
    values = {
        "name": name[:200],
        "description": data.description.strip(),
        "area": area,
        "doors_per_turf": doors_per_turf_check(data.doors_per_turf),
        "status": data.status if data.status in Effort.Status.values else Effort.Status.DRAFT,
        "starts_on": data.starts_on,
        "ends_on": data.ends_on,
    }
    return values, stations


@transaction.atomic
def effort_create(*, organization, actor, data: EffortData) -> Effort:
    values, stations = _effort_values(organization, data)
    effort = Effort.objects.create(
        organization=organization,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **values,
    )
    effort.stations.set(stations)
    audit_record(
        organization=organization,
        actor=actor,
        action="canvassing.effort_created",
        target=effort,
        data={"stations": [s.pk for s in stations], "drawn_area": bool(values["area"])},
    )
    return effort


@transaction.atomic
def effort_update(*, effort: Effort, actor, data: EffortData) -> Effort:
    values, stations = _effort_values(effort.organization, data)
    changed = [key for key, value in values.items() if getattr(effort, key) != value]
    old_stations = set(effort.stations.values_list("pk", flat=True))
    if old_stations != {s.pk for s in stations}:
        changed.append("stations")
    for key, value in values.items():
        setattr(effort, key, value)
    effort.save()
    effort.stations.set(stations)
    if changed:
        audit_record(
            organization=effort.organization,
            actor=actor,
            action="canvassing.effort_updated",
            target=effort,
            data={"changed": changed},
        )
    return effort


# --- Turf shapes ------------------------------------------------------------------------------


def turf_outline(projection: LocalProjection, xy: np.ndarray) -> dict:
    """The outline of a turf (GeoJSON polygon, WGS84): the convex hull of its entrances with
    a margin of OUTLINE_MARGIN_M."""
    hull = shapely.MultiPoint(np.asarray(xy).reshape(-1, 2)).convex_hull
    outline = hull.buffer(OUTLINE_MARGIN_M, quad_segs=2)

    def to_lon_lat(coords):
        lats, lons = projection.to_latlon(coords)
        return np.column_stack((lons, lats))

    return area_to_geojson(shapely.transform(outline, to_lon_lat))


# --- Adjusting turfs by hand -----------------------------------------------------------------


def _locked(effort: Effort, *turfs: Turf) -> list[Turf]:
    """The turfs, locked in pk order (two people editing neighbours cannot deadlock), after
    the effort (which serializes the numbering of new turfs)."""
    Effort.objects.select_for_update().filter(pk=effort.pk).first()
    pks = sorted({t.pk for t in turfs})
    rows = {
        t.pk: t
        for t in Turf.objects.select_for_update().filter(effort=effort, pk__in=pks).order_by("pk")
    }
    if len(rows) != len(pks):
        raise TurfRefused(_("This turf no longer exists: it was cut again or merged."))
    return [rows[t.pk] for t in turfs]


def _effort_entry(effort: Effort) -> tuple[float, float] | None:
    centre = TurfStop.objects.filter(effort=effort).aggregate(
        lat=Avg("address__latitude"), lon=Avg("address__longitude")
    )
    return (centre["lat"], centre["lon"]) if centre["lat"] is not None else None


def _stop_table(turf: Turf) -> np.ndarray:
    """The turf's stops as rows (stop id, latitude, longitude, doors), in route order."""
    stops = (
        TurfStop.objects.filter(turf=turf)
        .order_by("position", "pk")
        .values_list("pk", "address__latitude", "address__longitude", "address__doors")
    )
    return np.array(list(stops), dtype=np.float64).reshape(-1, 4)


def _refreshed(*turfs: Turf, actor, action: str, data: dict) -> None:
    """New routes for the turfs whose stops changed, and the audit line (on the first)."""
    entry = _effort_entry(turfs[0].effort)
    for turf in turfs:
        turf_refresh(turf, entry=entry)
    audit_record(
        organization=turfs[0].organization, actor=actor, action=action, target=turfs[0], data=data
    )


def turf_refresh(turf: Turf, *, entry: tuple[float, float] | None = None) -> Turf:
    """Recompute a turf's walking route, doors, length and outline from its stops, and add
    one to its version. Call inside the transaction that changed its stops."""
    table = _stop_table(turf)
    if not table.size:
        raise TurfRefused(_("A turf cannot be left without addresses."))
    projection = LocalProjection.around(table[:, 1], table[:, 2])
    xy = projection.to_xy(table[:, 1], table[:, 2])
    if entry is None:
        entry = _effort_entry(turf.effort)
    entry_xy = projection.to_xy([entry[0]], [entry[1]])[0] if entry else None
    order = routing.walking_route(xy, entry_xy)
    TurfStop.objects.bulk_update(
        [TurfStop(pk=int(table[i, 0]), position=p) for p, i in enumerate(order)],
        ["position"],
        batch_size=STOP_BATCH,
    )
    turf.doors = int(table[:, 3].sum())
    turf.route_m = round(routing.route_length(xy, order))
    turf.hull = turf_outline(projection, xy[order])
    turf.version = F("version") + 1
    turf.save(update_fields=["doors", "route_m", "hull", "version", "updated_at"])
    turf.refresh_from_db(fields=["version"])
    return turf


@transaction.atomic
def turf_move_stops(*, turf: Turf, to_turf: Turf, address_ids: list[int], actor) -> int:
    """Move some addresses of ``turf`` to another turf of the same effort; both routes are
    recomputed. Returns how many moved."""
    if to_turf.effort_id != turf.effort_id:
        raise TurfRefused(_("Addresses can only move to a turf of the same effort."))
    if to_turf.pk == turf.pk:
        raise TurfRefused(_("Choose another turf to move the addresses to."))
    wanted = set(address_ids)
    if not wanted:
        raise TurfRefused(_("Tick the addresses to move."))
    turf, to_turf = _locked(turf.effort, turf, to_turf)
    stops = TurfStop.objects.filter(turf=turf, address_id__in=wanted)
    found = stops.count()
    if found != len(wanted):
        raise TurfRefused(_("Some of these addresses are no longer in this turf: look again."))
    if found == TurfStop.objects.filter(turf=turf).count():
        raise TurfRefused(
            _("Every address would leave turf %(number)s: merge the two turfs instead.")
            % {"number": turf.number}
        )
    stops.update(turf=to_turf)
    data = {"to_turf": to_turf.number, "addresses": sorted(wanted)}
    _refreshed(turf, to_turf, actor=actor, action="canvassing.turf_stops_moved", data=data)
    return found


@transaction.atomic
def turf_split(*, turf: Turf, actor) -> Turf:
    """Cut a turf in two halves (by doors); the half holding its first stop stays this turf
    (and its canvasser), the other half is a new turf, not assigned."""
    (turf,) = _locked(turf.effort, turf)
    table = _stop_table(turf)
    if len(table) < 2:
        raise TurfRefused(_("A turf of one address cannot be split."))
    xy = LocalProjection.around(table[:, 1], table[:, 2]).to_xy(table[:, 1], table[:, 2])
    first, second = cutting.split_in_two(xy, table[:, 3].astype(np.int64))
    if 0 in second:  # the first stop stays with this turf
        first, second = second, first
    number = Turf.objects.filter(effort=turf.effort_id).aggregate(top=Max("number"))["top"]
    new = Turf.objects.create(
        organization=turf.organization, effort_id=turf.effort_id, number=number + 1
    )
    TurfStop.objects.filter(pk__in=[int(table[i, 0]) for i in second]).update(turf=new)
    data = {"new_turf": new.number, "moved": len(second)}
    _refreshed(turf, new, actor=actor, action="canvassing.turf_split", data=data)
    return new


@transaction.atomic
def turf_merge(*, turf: Turf, other: Turf, actor) -> Turf:
    """Join ``other`` into ``turf``: its addresses, visits and assignment history move over,
    then ``other`` is deleted. Refused when they are assigned to two different canvassers."""
    if other.effort_id != turf.effort_id or other.pk == turf.pk:
        raise TurfRefused(_("Choose another turf of the same effort to merge with."))
    turf, other = _locked(turf.effort, turf, other)
    if _holder(turf) and _holder(other) and _holder(turf) != _holder(other):
        raise TurfRefused(
            _(
                "Turfs %(a)s and %(b)s are assigned to two different canvassers: "
                "take one of them back first."
            )
            % {"a": turf.number, "b": other.number}
        )
    now = timezone.now()
    if _holder(other) and not _holder(turf):
        turf.assigned_to_id, turf.assigned_at = other.assigned_to_id, other.assigned_at
        turf.assigned_team_id = other.assigned_team_id
    else:
        TurfAssignment.objects.filter(turf=other, ended_at__isnull=True).update(ended_at=now)
    TurfAssignment.objects.filter(turf=other).update(turf=turf)
    Visit.objects.filter(turf=other).update(turf=turf)
    TurfStop.objects.filter(turf=other).update(turf=turf)
    turf.status = _merged_status(turf, other)
    turf.save(update_fields=["assigned_to", "assigned_team", "assigned_at", "status", "updated_at"])
    number = other.number
    other.delete()
    _refreshed(turf, actor=actor, action="canvassing.turf_merged", data={"merged": number})
    return turf


def _holder(turf: Turf) -> tuple[str, int] | None:
    """Who holds the turf: ("user", id), ("team", id) or None."""
    if turf.assigned_team_id:
        return ("team", turf.assigned_team_id)
    return ("user", turf.assigned_to_id) if turf.assigned_to_id else None


def _merged_status(turf: Turf, other: Turf) -> str:
    statuses = {turf.status, other.status}
    if statuses == {Turf.Status.DONE}:
        return Turf.Status.DONE
    if statuses & {Turf.Status.STARTED, Turf.Status.DONE}:
        return Turf.Status.STARTED
    return Turf.Status.ASSIGNED if _holder(turf) else Turf.Status.OPEN


# --- Assigning -------------------------------------------------------------------------------


@transaction.atomic
def turf_assign(*, turf: Turf, user, actor) -> Turf:
    """Give the turf to a member of the organization (a canvasser): the previous holder's
    assignment ends, a new one starts, the canvasser gets an email."""
    if not Membership.objects.filter(organization_id=turf.organization_id, user=user).exists():
        raise TurfRefused(_("Turfs go to members of the organization only."), field_name="user")
    from turnout.training.services import capability_refusal

    refusal = capability_refusal(
        user=user, organization=turf.organization, capability="canvassing_turf", actor=actor
    )
    if refusal:
        raise TurfRefused(refusal, field_name="member")
    (turf,) = _locked(turf.effort, turf)
    if turf.assigned_to_id == user.pk:
        return turf
    _handed_over(
        turf, [user], team=None, actor=actor, action="canvassing.turf_assigned",
        data={"to": user.email},
    )  # fmt: skip
    return turf


def holder_label(turf: Turf) -> str:
    """Who holds the turf, for the audit log: a canvasser's email, a team's name, or ""."""
    if turf.assigned_team_id:
        return turf.assigned_team.name
    return turf.assigned_to.email if turf.assigned_to_id else ""


def _handed_over(turf: Turf, users: list, *, team, actor, action: str, data: dict) -> None:
    """Give the (locked) turf to one user or to a team's members: every open assignment ends,
    one opens per user, each is told by email once the transaction commits; audited."""
    from ..jobs_turfs import turf_assigned_email

    previous = holder_label(turf)
    now = timezone.now()
    TurfAssignment.objects.filter(turf=turf, ended_at__isnull=True).update(ended_at=now)
    by = actor if getattr(actor, "is_authenticated", False) else None
    TurfAssignment.objects.bulk_create(
        TurfAssignment(
            organization_id=turf.organization_id,
            turf=turf,
            user=user,
            team=team,
            assigned_at=now,
            assigned_by=by,
        )
        for user in users
    )
    if turf.status == Turf.Status.OPEN:
        turf.status = Turf.Status.ASSIGNED
    turf.assigned_to = None if team else users[0]
    turf.assigned_team, turf.assigned_at = team, now
    _bump(turf, "assigned_to", "assigned_team", "assigned_at", "status")
    audit_record(
        organization=turf.organization,
        actor=actor,
        action=action,
        target=turf,
        data={**data, "from": previous},
    )
    for user in users:
        enqueue_on_commit(turf_assigned_email, turf.pk, user.pk)


@transaction.atomic
def turf_assign_team(*, turf: Turf, team, actor) -> Turf:
    """Give the turf to a team: each of its members (as they are now) gets an assignment
    and an email. Refused, naming them, when members have not passed the training the
    organization requires; refused for a team without members."""
    from turnout.training.services import capability_check

    if team.organization_id != turf.organization_id:
        raise TurfRefused(_("Turfs go to teams of the organization only."), field_name="team")
    members = list(
        team.members.filter(memberships__organization_id=turf.organization_id).order_by(
            "full_name", "email"
        )
    )
    if not members:
        raise TurfRefused(
            _("The team “%(team)s” has no members yet: add some first.") % {"team": team.name},
            field_name="team",
        )
    missing = [
        user.get_full_name()
        for user in members
        if capability_check(user, turf.organization, "canvassing_turf") is not None
    ]
    if missing:
        raise TurfRefused(
            _("Not all of the team has passed the required training: %(names)s.")
            % {"names": ", ".join(missing)},
            field_name="team",
        )
    (turf,) = _locked(turf.effort, turf)
    _handed_over(
        turf, members, team=team, actor=actor, action="canvassing.turf_assigned_team",
        data={"team": team.name, "members": [u.email for u in members]},
    )  # fmt: skip
    return turf


@transaction.atomic
def turf_unassign(*, turf: Turf, actor) -> Turf:
    """Take the turf back from its canvasser or team (every open assignment ends; visits
    already made stay)."""
    (turf,) = _locked(turf.effort, turf)
    if turf.assigned_to_id is None and turf.assigned_team_id is None:
        return turf
    previous = holder_label(turf)
    TurfAssignment.objects.filter(turf=turf, ended_at__isnull=True).update(ended_at=timezone.now())
    turf.assigned_to, turf.assigned_team, turf.assigned_at = None, None, None
    if turf.status == Turf.Status.ASSIGNED:
        turf.status = Turf.Status.OPEN
    _bump(turf, "assigned_to", "assigned_team", "assigned_at", "status")
    audit_record(
        organization=turf.organization,
        actor=actor,
        action="canvassing.turf_unassigned",
        target=turf,
        data={"from": previous},
    )
    return turf


def _bump(turf: Turf, *fields: str) -> None:
    turf.version = F("version") + 1
    turf.save(update_fields=[*fields, "version", "updated_at"])
    turf.refresh_from_db(fields=["version"])
