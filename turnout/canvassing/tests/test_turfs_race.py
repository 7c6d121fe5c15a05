"""Turf changes made at the same moment by several organizers (PostgreSQL, real threads)."""

import pytest

from turnout.canvassing.models import Turf, TurfAssignment, TurfStop
from turnout.canvassing.services.turfs import turf_assign, turf_move_stops
from turnout.canvassing.services.turfs_cut import turfs_cut
from turnout.canvassing.tests.test_turfs_services import effort_over, street
from turnout.core.tests.concurrency import run_together
from turnout.organizations.tests.factories import MembershipFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_ten_organizers_assigning_one_turf_leave_one_open_assignment(org_a, owner_a):
    street(org_a, 20)
    effort = effort_over(org_a, owner_a, doors=20)
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    turf = Turf.objects.get(effort=effort)
    canvassers = [MembershipFactory(organization=org_a).user for _ in range(10)]
    run_together(10, lambda i: turf_assign(turf=turf, user=canvassers[i], actor=owner_a))
    turf.refresh_from_db()
    open_ones = TurfAssignment.objects.filter(turf=turf, ended_at__isnull=True)
    assert open_ones.count() == 1
    assert open_ones.get().user == turf.assigned_to
    assert TurfAssignment.objects.filter(turf=turf).count() == 10
    assert turf.version == 11  # every change seen by the offline app


def test_moves_both_ways_at_once_lose_no_address(org_a, owner_a):
    street(org_a, 40)
    effort = effort_over(org_a, owner_a, doors=20)
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    first, second = Turf.objects.filter(effort=effort).order_by("number")
    from_first = list(TurfStop.objects.filter(turf=first).values_list("address_id", flat=True))
    from_second = list(TurfStop.objects.filter(turf=second).values_list("address_id", flat=True))
    moves = [(first, second, from_first[:5]), (second, first, from_second[:5])]

    def move(i):
        turf, to_turf, ids = moves[i]
        return turf_move_stops(turf=turf, to_turf=to_turf, address_ids=ids, actor=owner_a)

    assert run_together(2, move) == [5, 5]
    stops = TurfStop.objects.filter(effort=effort)
    assert stops.count() == 40
    assert stops.values("address").distinct().count() == 40
    for turf in (first, second):
        turf.refresh_from_db()
        positions = sorted(stops.filter(turf=turf).values_list("position", flat=True))
        assert positions == list(range(20))
        assert turf.doors == 20 and turf.version == 3
