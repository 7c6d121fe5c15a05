"""Replays of the same sync at the same moment (two tabs, a retry while the first request is
still running): each visit is recorded once, with one person and one timeline line."""

import pytest

from turnout.canvassing.models import Visit
from turnout.canvassing.services.visits import visits_sync
from turnout.canvassing.tests import test_visits_api as api_tests
from turnout.canvassing.tests.test_visits_api import talked_with, visit
from turnout.core.tests.concurrency import run_together
from turnout.people.activity_kinds import CANVASS_DONE
from turnout.people.models import Activity, Person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The volunteer's turf of three addresses (fixtures shared with the API's tests).
turf, volunteer = api_tests.turf, api_tests.volunteer


def test_eight_replays_of_one_sync_at_once_record_each_visit_once(org_a, turf, volunteer):
    batch = [talked_with(turf), visit(turf, outcome="refused"), visit(turf, outcome="moved")]

    def replay(_index):
        data = visits_sync(organization=org_a, canvasser=volunteer, visits=batch)
        return [r["status"] for r in data["results"]]

    results = run_together(8, replay)
    for position in range(3):
        column = sorted(r[position] for r in results)
        assert column == ["created"] + ["duplicate"] * 7
    assert Visit.objects.filter(organization=org_a).count() == 3
    assert Person.objects.filter(organization=org_a).count() == 1
    assert Activity.objects.filter(organization=org_a, kind=CANVASS_DONE).count() == 1
