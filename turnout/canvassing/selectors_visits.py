"""Reads of visits: the turfs a canvasser downloads to their phone, the live progress of an
effort for its organizers, and the rejected visits waiting for review. Every lookup from a
request takes the organization."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Effort, Turf, TurfAssignment, TurfStop, Visit, VisitRejected
from .selectors_turfs import held_now_q, turf_held_now
from .services.scripts import consent_texts

# --- The phone's API -------------------------------------------------------------------------


def my_turfs(*, organization, user) -> list[dict]:
    """The turfs assigned to ``user`` now (alone or through a team), for the list of the
    app."""
    turfs = (
        Turf.objects.for_organization(organization)
        .filter(held_now_q(user))
        .select_related("effort")
        .annotate(stop_count=Count("stops"))
        .order_by("effort__name", "number")
    )
    return [
        {
            "uuid": str(turf.uuid),
            "number": turf.number,
            "name": str(turf),
            "effort": {"uuid": str(turf.effort.uuid), "name": turf.effort.name},
            "version": turf.version,
            "doors": turf.doors,
            "stops": turf.stop_count,
            "status": turf.status,
        }
        for turf in turfs
    ]


class TurfGone(Exception):
    """The turf was the user's once, and is someone else's (or nobody's) now."""


def my_turf(*, organization, user, turf_uuid) -> Turf:
    """A turf assigned to ``user`` now; TurfGone if they held it before; 404 otherwise."""
    turf = get_object_or_404(
        Turf.objects.for_organization(organization).select_related("effort"), uuid=turf_uuid
    )
    if turf_held_now(turf, user):
        return turf
    if TurfAssignment.objects.filter(turf=turf, user=user).exists():
        raise TurfGone
    raise Http404


def turf_package(*, turf: Turf) -> dict:
    """Everything the phone needs to canvass the turf offline: its stops in walking order
    with the visits made at each, the route, the script and the consent text."""
    stops = list(
        TurfStop.objects.filter(turf=turf).select_related("address").order_by("position", "pk")
    )
    visits = defaultdict(list)
    rows = (
        Visit.objects.filter(effort_id=turf.effort_id, address_id__in=[s.address_id for s in stops])
        .order_by("visited_at", "pk")
        .values_list("address_id", "client_id", "outcome", "door", "visited_at")
    )
    for address_id, client_id, outcome, door, visited_at in rows:
        visits[address_id].append(
            {
                "client_id": str(client_id),
                "outcome": outcome,
                "door": door,
                "visited_at": visited_at.isoformat(),
            }
        )
    effort = turf.effort
    return {
        "uuid": str(turf.uuid),
        "number": turf.number,
        "name": str(turf),
        "version": turf.version,
        "effort": {"uuid": str(effort.uuid), "name": effort.name, "script": effort.script or []},
        "consent_text": consent_texts(organization=turf.organization),
        "stops": [
            {
                "address": stop.address_id,
                "position": i,
                "label": " ".join(p for p in (stop.address.number, stop.address.street) if p),
                "latitude": stop.address.latitude,
                "longitude": stop.address.longitude,
                "doors": stop.address.doors,
                "visits": visits.get(stop.address_id, []),
            }
            for i, stop in enumerate(stops, start=1)
        ],
        "route": [[round(s.address.latitude, 6), round(s.address.longitude, 6)] for s in stops],
    }


# --- Progress for organizers -----------------------------------------------------------------

CONTACTED = (Visit.Outcome.TALKED,)
# The dots of visited addresses on the progress map, by latest outcome (told apart by most
# colour-blind readers; the legend and the tooltips say it in words too).
OUTCOME_COLOURS = {
    Visit.Outcome.TALKED: "#15803d",
    Visit.Outcome.NOT_HOME: "#9ca3af",
    Visit.Outcome.REFUSED: "#b91c1c",
    Visit.Outcome.COME_BACK: "#d97706",
    Visit.Outcome.MOVED: "#1e3a8a",
}
# The same, as the tones of the project's charts (core.charts.breakdown).
OUTCOME_TONES = {
    Visit.Outcome.TALKED: "ok",
    Visit.Outcome.NOT_HOME: "muted",
    Visit.Outcome.REFUSED: "bad",
    Visit.Outcome.COME_BACK: "warn",
    Visit.Outcome.MOVED: "brand",
}


def _rate(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def effort_progress(*, effort: Effort, now=None) -> dict:
    """The effort's live figures: doors knocked (visits), contact rate (talked / knocked),
    visits in the last hour (by the time of the visit), by outcome and by canvasser."""
    now = now or timezone.now()
    visits = Visit.objects.filter(effort=effort)
    totals = visits.aggregate(
        knocked=Count("pk"),
        talked=Count("pk", filter=Q(outcome__in=CONTACTED)),
        last_hour=Count("pk", filter=Q(visited_at__gt=now - dt.timedelta(hours=1))),
        people=Count("person", distinct=True),
        last=Max("visited_at"),
        **{f"n_{value}": Count("pk", filter=Q(outcome=value)) for value in Visit.Outcome.values},
    )
    by_outcome = {value: totals[f"n_{value}"] for value in Visit.Outcome.values}
    canvassers = (
        visits.values("canvasser_id", "canvasser__full_name", "canvasser__email")
        .annotate(
            knocked=Count("pk"),
            talked=Count("pk", filter=Q(outcome__in=CONTACTED)),
            last=Max("visited_at"),
        )
        .order_by("-knocked", "canvasser__full_name")
    )
    return {
        "knocked": totals["knocked"],
        "talked": totals["talked"],
        "contact_rate": _rate(totals["talked"], totals["knocked"]),
        "last_hour": totals["last_hour"],
        "people": totals["people"],
        "last": totals["last"],
        "outcomes": [
            {
                "outcome": value,
                "label": str(label),
                "count": by_outcome.get(value, 0),
                "share": _rate(by_outcome.get(value, 0), totals["knocked"]),
                "colour": OUTCOME_COLOURS[value],
                "tone": OUTCOME_TONES[value],
            }
            for value, label in Visit.Outcome.choices
        ],
        "canvassers": [
            {
                "name": row["canvasser__full_name"] or row["canvasser__email"] or "—",
                "knocked": row["knocked"],
                "talked": row["talked"],
                "contact_rate": _rate(row["talked"], row["knocked"]),
                "last": row["last"],
            }
            for row in canvassers
        ],
    }


def effort_visited_points(*, effort: Effort) -> list[dict]:
    """Each visited address of the effort with its latest outcome (by time of visit) and its
    turf's colour, for the map."""
    latest: dict[int, tuple] = {}
    rows = (
        Visit.objects.filter(effort=effort)
        .order_by("address_id", "visited_at", "pk")
        .values_list(
            "address_id", "outcome", "visited_at", "address__latitude", "address__longitude"
        )
    )
    counts: Counter = Counter()
    for address_id, outcome, visited_at, lat, lon in rows.iterator(chunk_size=5000):
        latest[address_id] = (outcome, visited_at, lat, lon)
        counts[address_id] += 1
    numbers = dict(
        TurfStop.objects.filter(effort=effort, address_id__in=list(latest)).values_list(
            "address_id", "turf__number"
        )
    )
    return [
        {
            "address": address_id,
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "outcome": outcome,
            "visits": counts[address_id],
            "turf": numbers.get(address_id),
            "colour": OUTCOME_COLOURS.get(outcome, "#555555"),
        }
        for address_id, (outcome, _at, lat, lon) in latest.items()
    ]


# --- Rejected visits -------------------------------------------------------------------------


def rejected_for(*, organization, effort: Effort | None = None):
    rows = VisitRejected.objects.for_organization(organization).filter(
        status=VisitRejected.Status.PENDING
    )
    if effort is not None:
        rows = rows.filter(effort=effort)
    return rows.select_related("canvasser", "address").order_by("visited_at", "pk")


def rejected_get(*, organization, rejected_id: int) -> VisitRejected:
    return get_object_or_404(
        VisitRejected.objects.for_organization(organization).select_related(
            "canvasser", "address", "effort"
        ),
        pk=rejected_id,
    )


def turfs_holding(*, organization, rejected: VisitRejected):
    """The turfs a rejected visit can be attached to: those holding its address."""
    if rejected.address_id is None:
        return Turf.objects.none()
    return (
        Turf.objects.for_organization(organization)
        .filter(stops__address_id=rejected.address_id)
        .select_related("effort", "assigned_to")
        .order_by("-effort__created_at", "number")
    )
