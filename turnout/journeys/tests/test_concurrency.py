"""Several runners at once over the same due people (PostgreSQL: real row locks)."""

import pytest

from turnout.core.tests.concurrency import run_together
from turnout.journeys.models import Enrollment, FollowUpTask, Step, StepRun
from turnout.journeys.runner import journeys_run
from turnout.journeys.services import journey_enroll
from turnout.journeys.tests.helpers import EMAIL, make_journey, reachable_person
from turnout.messaging.models import Message
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import Tagging
from turnout.people.tests.factories import TagFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 60
RUNNERS = 4
Kind = Step.Kind


def test_runners_in_parallel_do_each_step_once_per_person(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "jobs", "messages"],
        }
    }
    org = OrganizationFactory()
    owner = MembershipFactory(organization=org).user
    tag = TagFactory(organization=org, name="welcomed")
    journey = make_journey(
        org,
        [
            (Kind.SEND_EMAIL, EMAIL),
            (Kind.TAG_ADD, {"tag": tag.pk}),
            (
                Kind.TASK,
                {"title": "Call", "due_days": 1, "assignee": "member", "member": owner.pk},
            ),
        ],
    )
    people = [reachable_person(org) for _ in range(PEOPLE)]
    for person in people:
        assert journey_enroll(journey=journey, person=person, wake=False)

    run_together(RUNNERS, lambda _index: journeys_run(batch_size=7))
    assert Enrollment.objects.filter(journey=journey, status="completed").count() == PEOPLE
    assert not Enrollment.objects.filter(journey=journey, attempts__gt=0).exists()
    assert StepRun.objects.filter(enrollment__journey=journey).count() == PEOPLE * 3
    for person in people:
        assert Message.objects.filter(person=person).count() == 1
        assert FollowUpTask.objects.filter(person=person).count() == 1
        assert Tagging.objects.filter(person=person, tag=tag).count() == 1
