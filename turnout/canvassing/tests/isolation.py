"""How to make, in another organization, each object that a canvassing URL names."""

from turnout.canvassing.tests.factories import (
    EffortFactory,
    PollingStationFactory,
    TeamFactory,
    TurfFactory,
    VisitRejectedFactory,
)

OBJECT_KWARGS = {
    "station_id": lambda org: PollingStationFactory(organization=org).pk,
    "effort_id": lambda org: EffortFactory(organization=org).pk,
    "turf_id": lambda org: TurfFactory(effort__organization=org).pk,
    "turf_uuid": lambda org: TurfFactory(effort__organization=org).uuid,
    "team_id": lambda org: TeamFactory(organization=org).pk,
    "rejected_id": lambda org: VisitRejectedFactory(organization=org).pk,
    # Not an object of its own: a question of the effort's script (the effort is B's).
    "question_key": lambda org: "will_vote",
}

EXEMPT: dict[str, str] = {}
