"""The demo journey: petition signers flow through it and stand at different steps."""

from io import StringIO

import pytest
from django.core.management import call_command

from turnout.journeys.demo import NAME
from turnout.journeys.models import Enrollment, FollowUpTask, Journey, StepRun

pytestmark = pytest.mark.real_clock


@pytest.mark.django_db
def test_the_demo_signers_flow_through_the_welcome_journey(client):
    call_command("seed_demo", stdout=StringIO())
    journey = Journey.objects.get(organization__slug="voix-citoyennes", name=NAME)
    assert journey.status == "active"
    enrollments = Enrollment.objects.filter(journey=journey)
    assert enrollments.count() > 10
    # Some still waiting, some through the whole flow; every one has a log.
    assert enrollments.filter(status__in=Enrollment.LIVE).exists()
    assert enrollments.filter(status="completed").exists()
    assert len({e.step_id for e in enrollments.filter(status__in=Enrollment.LIVE)}) > 1
    assert not enrollments.filter(status="failed").exists()
    assert StepRun.objects.filter(enrollment__journey=journey, step__kind="send_email").exists()
    arms = set(
        StepRun.objects.filter(enrollment__journey=journey, step__kind="split").values_list(
            "detail__arm", flat=True
        )
    )
    assert arms == {"A", "B"}
    assert FollowUpTask.objects.filter(journey=journey, done_at__isnull=True).exists()
    assert FollowUpTask.objects.filter(journey=journey, done_at__isnull=False).count() == 2
    # Signatures at night or on Sundays: their thank-you waited for the sending hours.
    held = StepRun.objects.filter(enrollment__journey=journey, detail__has_key="deferred_until")
    assert held.exists()
