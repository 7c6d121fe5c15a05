"""Real concurrency on PostgreSQL: the places of a shift are decided under the event's row
lock, so twenty people answering at the same instant never overfill it."""

import pytest

from turnout.core.tests.concurrency import run_together
from turnout.events.models import Attendance
from turnout.events.services import rsvp_cancel, rsvp_create

from .factories import EventFactory, ShiftFactory
from .helpers import person

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_people_at_once_for_a_shift_of_five(org_a):
    event = EventFactory(organization=org_a, waitlist=True)
    shift = ShiftFactory(event=event, capacity=5)
    results = run_together(
        20, lambda i: rsvp_create(event=event, data=person(i), shifts=[shift]).attendances[0].status
    )
    assert sorted(results).count("going") == 5
    assert sorted(results).count("waitlisted") == 15
    rows = Attendance.objects.filter(event=event, shift=shift)
    assert rows.filter(status="going").count() == 5
    assert rows.filter(status="waitlisted").count() == 15
    assert rows.values("person").distinct().count() == 20


def test_the_same_person_twice_at_once_counts_once(org_a):
    event = EventFactory(organization=org_a, capacity=3)
    results = run_together(6, lambda i: rsvp_create(event=event, data=person(1)).attendances[0].pk)
    assert len(set(results)) == 1
    assert Attendance.objects.filter(event=event).count() == 1


def test_cancellations_at_once_promote_each_waiting_person_once(org_a):
    event = EventFactory(organization=org_a, capacity=3)
    going = [rsvp_create(event=event, data=person(i)).attendances[0] for i in range(3)]
    for i in range(3, 8):
        rsvp_create(event=event, data=person(i))
    run_together(3, lambda i: rsvp_cancel(attendance=going[i]))
    assert Attendance.objects.filter(event=event, status="going").count() == 3
    assert Attendance.objects.filter(event=event, status="waitlisted").count() == 2
