"""A door canvassed starts the journeys listening for it: by effort, outcome and answer
(also the answer to a sensitive question), and never another organization's."""

import pytest

from turnout.canvassing.services.visits import visits_sync
from turnout.canvassing.tests import test_visits_api as api_tests
from turnout.canvassing.tests.factories import EffortFactory
from turnout.canvassing.tests.test_visits_api import talked_with, visit
from turnout.journeys import triggers
from turnout.journeys.models import Enrollment, Journey, Step
from turnout.journeys.selectors import trigger_text
from turnout.journeys.services import trigger_errors
from turnout.journeys.tests.helpers import make_journey

pytestmark = pytest.mark.django_db

# The volunteer's turf of three addresses (fixtures shared with the API's tests).
turf, volunteer = api_tests.turf, api_tests.volunteer

EXIT = [(Step.Kind.EXIT, {})]


@pytest.fixture(autouse=True)
def _fresh_cache():
    triggers.cache_clear()
    yield
    triggers.cache_clear()


def canvass_journey(org, name, **config):
    config = {"effort": None, "outcome": "", "question": "", "answer": "", **config}
    return make_journey(
        org, EXIT, name=name, trigger_kind=Journey.Trigger.CANVASS, trigger_config=config
    )


def enrolled(journey) -> list[str]:
    return sorted(
        Enrollment.objects.filter(journey=journey).values_list("person__emails__address", flat=True)
    )


def test_a_visit_with_a_person_starts_the_matching_journeys(org_a, org_b, turf, volunteer):
    any_door = canvass_journey(org_a, "Any door")
    this_effort_talked = canvass_journey(
        org_a, "Talked here", effort=turf.effort_id, outcome="talked"
    )
    refused = canvass_journey(org_a, "Refused", outcome="refused")
    other_effort = canvass_journey(org_a, "Elsewhere", effort=EffortFactory(organization=org_a).pk)
    wants_reminder = canvass_journey(org_a, "Reminder", question="reminder", answer="yes")
    said_issue = canvass_journey(org_a, "Issue", question="issue")  # sensitive, any answer
    theirs = canvass_journey(org_b, "Theirs")

    sent = talked_with(turf)
    sent["answers"]["reminder"] = "no"
    visits_sync(organization=org_a, canvasser=volunteer, visits=[sent])

    assert enrolled(any_door) == enrolled(this_effort_talked) == ["ana@example.org"]
    assert enrolled(said_issue) == ["ana@example.org"]
    assert enrolled(refused) == enrolled(other_effort) == enrolled(wants_reminder) == []
    assert enrolled(theirs) == []


def test_a_visit_without_a_person_starts_nothing(org_a, turf, volunteer):
    journey = canvass_journey(org_a, "Any door")
    visits_sync(organization=org_a, canvasser=volunteer, visits=[visit(turf, outcome="talked")])
    assert not Enrollment.objects.filter(journey=journey).exists()


def test_the_trigger_is_checked_and_told_in_words(org_a, org_b, turf):
    theirs = EffortFactory(organization=org_b)
    errors = trigger_errors(
        organization=org_a,
        kind=Journey.Trigger.CANVASS,
        config={"effort": theirs.pk, "outcome": "asleep", "answer": "yes"},
    )
    assert len(errors) == 3
    journey = canvass_journey(
        org_a, "Talked", effort=turf.effort_id, outcome="talked", question="will_vote", answer="yes"
    )
    assert trigger_text(journey) == (
        "When a door is canvassed and the person met is recorded "
        "(effort “Siam”, outcome “Talked”, answer “yes” to will_vote)"
    )


def test_the_journey_form_saves_a_canvass_trigger(client_a, org_a, turf):
    response = client_a.post(
        f"/en/o/{org_a.slug}/journeys/new/",
        {
            "name": "After the door",
            "trigger_kind": "canvass",
            "canvass_effort": str(turf.effort_id),
            "canvass_outcome": "talked",
            "canvass_question": "",
            "canvass_answer": "yes",
        },
    )
    assert "Give the key of the question this answer is to." in response.content.decode()
    assert not Journey.objects.filter(name="After the door").exists()
    client_a.post(
        f"/en/o/{org_a.slug}/journeys/new/",
        {
            "name": "After the door",
            "trigger_kind": "canvass",
            "canvass_effort": str(turf.effort_id),
            "canvass_outcome": "talked",
            "canvass_question": "will_vote",
            "canvass_answer": "yes",
        },
    )
    journey = Journey.objects.get(name="After the door")
    assert journey.trigger_config == {
        "effort": turf.effort_id,
        "outcome": "talked",
        "question": "will_vote",
        "answer": "yes",
    }
