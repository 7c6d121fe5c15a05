"""Placing everyone at once (after a change of the ladder, and daily) gives the same ladder
as the activity hook, in batches, as a job with progress."""

from __future__ import annotations

from datetime import timedelta

import pytest

from turnout.core.models import Job
from turnout.core.periodic import REGISTRY
from turnout.funnels import services
from turnout.funnels.models import Ladder, PersonRung, RungReached
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.models import Tagging
from turnout.people.services import tags_add
from turnout.people.tests.factories import PersonFactory

from .helpers import current_rung, days_ago, did, newcomer, reached, suggested

pytestmark = pytest.mark.django_db


def _placements(organization):
    current = dict(
        PersonRung.objects.filter(organization=organization).values_list("person_id", "rung_id")
    )
    history = {
        (p, r): when
        for p, r, when in RungReached.objects.filter(organization=organization).values_list(
            "person_id", "rung_id", "reached_at"
        )
    }
    return current, history


def _story(organization):
    """A few people, each with at most one activity per rung (so that the recompute's best
    known time is the exact one)."""
    people = [newcomer(organization, f"p{n}@example.org") for n in range(7)]
    did(people[0], "petition_signed", days_ago(40))
    did(people[1], "petition_signed", days_ago(35))
    did(people[1], "donation.made", days_ago(20))
    did(people[2], "pledge_taken", days_ago(30))
    did(people[2], "shift.attended", days_ago(3))
    tags_add(person=people[3], names=["leader"])
    did(people[4], "form_submitted", days_ago(12))
    tags_add(person=people[4], names=["volunteer"])
    did(people[5], "note", days_ago(2))
    return people


@pytest.mark.parametrize("batch_size", [2, 1000])
def test_the_recompute_gives_the_same_ladder_as_the_hook(org_a, batch_size):
    suggested(org_a)
    _story(org_a)
    by_hook = _placements(org_a)
    assert len(by_hook[0]) == 7

    PersonRung.objects.all().delete()
    RungReached.objects.all().delete()
    totals = services.ladder_recompute(organization=org_a, batch_size=batch_size)
    by_recompute = _placements(org_a)

    assert by_recompute[0] == by_hook[0]
    assert by_recompute[1].keys() == by_hook[1].keys()
    for key, when in by_hook[1].items():
        # The bottom rung looks at no activity: the recompute takes the day the person
        # entered the base, the hook the moment of its "person.created" activity.
        assert abs(by_recompute[1][key] - when) < timedelta(seconds=5), key
    assert totals["people"] == 7 and totals["reached"] == len(by_hook[1])


def test_the_recompute_keeps_the_exact_times_of_the_hook_and_drops_who_no_longer_matches(org_a):
    suggested(org_a)
    person = newcomer(org_a, "lea@example.org")
    first = did(person, "petition_signed", days_ago(50))
    tags_add(person=person, names=["volunteer"])
    did(person, "petition_signed", days_ago(1))  # signs again: still a signer since day -50
    # A bulk path (an import undone) removes the tag without telling the ladder.
    Tagging.objects.filter(person=person).delete()
    assert current_rung(person) == "Volunteer"

    services.ladder_recompute(organization=org_a)
    assert current_rung(person) == "Signer"
    assert reached(person)["Signer"] == first.occurred_at
    assert "Volunteer" in reached(person)  # reached once: kept in the history


def test_people_placed_by_a_recompute_get_the_best_known_time(org_a):
    person = PersonFactory(organization=org_a)
    did(person, "petition_signed", days_ago(9))
    did(person, "petition_signed", days_ago(4))
    suggested(org_a)  # the ladder comes after the activities
    services.ladder_recompute(organization=org_a)
    times = reached(person)
    assert (
        times["Signer"]
        == person.activities.filter(kind="petition_signed").latest("occurred_at").occurred_at
    )
    assert times["Supporter"] == person.created_at
    assert not person.activities.filter(kind="rung.reached").exists()  # history, not news


def test_a_change_of_the_ladder_places_everyone_again_in_a_job(
    org_a, owner_a, django_capture_on_commit_callbacks
):
    person = PersonFactory(organization=org_a)
    did(person, "donation.made", days_ago(3))
    with django_capture_on_commit_callbacks(execute=True):
        services.ladder_use_suggested(organization=org_a, actor=owner_a)
    job = Job.objects.get(organization=org_a, kind=services.RECOMPUTE_JOB)
    assert job.status == Job.Status.SUCCEEDED
    assert job.total == 1 and job.done == 1
    assert job.result["url"].endswith(f"/o/{org_a.slug}/funnel/ladder/")
    assert current_rung(person) == "Donor"
    assert Ladder.objects.get(organization=org_a).recomputed_at is not None


def test_a_new_change_cancels_the_recompute_still_waiting(org_a, owner_a):
    rungs = suggested(org_a)
    first = services.ladder_recompute_start(organization=org_a, actor=owner_a)
    services.rung_move(rung=rungs["Leader"], actor=owner_a, direction="down")
    first.refresh_from_db()
    assert first.status == Job.Status.CANCELLED
    waiting = Job.objects.filter(organization=org_a, kind=services.RECOMPUTE_JOB).exclude(
        status__in=Job.FINISHED
    )
    assert waiting.count() == 1


def test_every_ladder_is_recomputed_once_a_day(org_a, org_b):
    suggested(org_a)
    OrganizationFactory()  # no ladder: nothing to do
    result = REGISTRY["funnels_recompute"].func()
    assert result == {"started": 1}
    assert Job.objects.filter(organization=org_a, kind=services.RECOMPUTE_JOB).count() == 1
    # Already on its way: not started twice.
    assert REGISTRY["funnels_recompute"].func() == {"started": 0}


def test_a_broken_rule_matches_nobody(org_a):
    from turnout.people.models import PeopleList

    people_list = PeopleList.objects.create(organization=org_a, name="Core team")
    rung = services.rung_create(
        organization=org_a,
        actor=None,
        name={"en": "Core team"},
        description={},
        definition={
            "match": "all",
            "conditions": [{"field": "list", "op": "in", "value": [people_list.pk]}],
        },
    )
    PersonFactory(organization=org_a)
    people_list.delete()
    totals = services.ladder_recompute(organization=org_a)
    assert totals["invalid_rungs"] == [rung.pk]
    assert not PersonRung.objects.filter(organization=org_a).exists()
