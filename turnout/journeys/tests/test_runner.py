"""The runner: every kind of step, what a person receives, and that nothing happens twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from turnout.journeys import runner
from turnout.journeys.models import Enrollment, FollowUpTask, Journey, Step, StepRun
from turnout.journeys.runner import journeys_run, split_bucket
from turnout.journeys.selectors import enrollment_log, outcome_text
from turnout.journeys.services import (
    enrollment_exit,
    journey_enroll,
    journey_pause,
    journey_resume,
    step_add,
)
from turnout.journeys.tests.helpers import EMAIL, SMS, make_journey, reachable_person
from turnout.messaging.models import Message
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import Tagging
from turnout.people.services import activity_record
from turnout.people.tests.factories import PersonFactory, TagFactory

pytestmark = pytest.mark.django_db

Kind = Step.Kind


def enroll(journey, person):
    enrollment = journey_enroll(journey=journey, person=person)
    assert enrollment is not None
    return enrollment


def test_a_thank_you_email_is_queued_in_the_persons_language(org_a):
    journey = make_journey(org_a, [(Kind.SEND_EMAIL, EMAIL)])
    person = reachable_person(org_a, given_name="Alice", language="en")
    enrollment = enroll(journey, person)

    journeys_run()

    message = Message.objects.get(person=person)
    assert message.channel == "email"
    assert message.subject == "Thank you Alice"
    assert message.body == "Hello Alice, thank you!"
    assert message.status == "queued"
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert StepRun.objects.get(enrollment=enrollment).detail["message"] == message.pk


def test_an_sms_carries_the_opt_out_text(org_a):
    journey = make_journey(org_a, [(Kind.SEND_SMS, SMS)])
    person = reachable_person(org_a, email=False, sms=True, given_name="Lou")
    enroll(journey, person)

    journeys_run()

    message = Message.objects.get(person=person)
    assert message.channel == "sms"
    assert message.body.startswith("Bonjour Lou !")
    assert "STOP" in message.body


def test_without_consent_the_send_is_skipped_and_the_journey_goes_on(org_a):
    tag = TagFactory(organization=org_a, name="welcomed")
    journey = make_journey(org_a, [(Kind.SEND_EMAIL, EMAIL), (Kind.TAG_ADD, {"tag": tag.pk})])
    person = reachable_person(org_a, purpose="fundraising")  # consent, but not for campaigns
    enrollment = enroll(journey, person)

    journeys_run()

    assert not Message.objects.filter(person=person).exists()
    assert Tagging.objects.filter(person=person, tag=tag).exists()
    lines = enrollment_log(enrollment=enrollment)
    assert "no consent for this purpose" in lines[0].text
    assert lines[1].text == "Tag added."


def test_a_wait_holds_the_person_until_it_ends(org_a, clock):
    journey = make_journey(
        org_a,
        [(Kind.WAIT, {"mode": "for", "days": 2, "hours": 0}), (Kind.SEND_EMAIL, EMAIL)],
    )
    person = reachable_person(org_a)
    enrollment = enroll(journey, person)

    journeys_run()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WAITING
    assert enrollment.step.kind == Kind.WAIT
    assert not Message.objects.filter(person=person).exists()

    clock.tick(timedelta(days=1))
    journeys_run()
    assert not Message.objects.filter(person=person).exists()

    clock.tick(timedelta(days=1, minutes=1))
    journeys_run()
    assert Message.objects.filter(person=person).count() == 1
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED


def test_wait_until_a_weekday_and_time(org_a, clock):
    journey = make_journey(
        org_a,
        [(Kind.WAIT, {"mode": "until", "weekday": 4, "time": "18:30"}), (Kind.EXIT, {})],
    )
    enrollment = enroll(journey, PersonFactory(organization=org_a))
    journeys_run()
    enrollment.refresh_from_db()
    # Tuesday 10:00 in Paris -> Friday 18:30 in Paris (17:30 UTC).
    assert enrollment.next_run_at.isoformat() == "2026-11-27T17:30:00+00:00"


def test_tags_are_added_and_removed(org_a):
    new = TagFactory(organization=org_a, name="signer")
    old = TagFactory(organization=org_a, name="prospect")
    journey = make_journey(
        org_a, [(Kind.TAG_ADD, {"tag": new.pk}), (Kind.TAG_REMOVE, {"tag": old.pk})]
    )
    person = PersonFactory(organization=org_a)
    Tagging.objects.create(person=person, tag=old)
    enroll(journey, person)

    journeys_run()

    assert set(person.tags.values_list("name", flat=True)) == {"signer"}


def branch_journey(org, condition):
    journey = make_journey(org, [(Kind.BRANCH, {"condition": condition})], activate=False)
    branch = journey.steps.get()
    yes = TagFactory(organization=org, name="yes")
    no = TagFactory(organization=org, name="no")
    step_add(
        journey=journey, actor=None, kind=Kind.TAG_ADD, config={"tag": yes.pk}, after=branch.key
    )
    step_add(
        journey=journey,
        actor=None,
        kind=Kind.TAG_ADD,
        config={"tag": no.pk},
        after=branch.key,
        arm="alt",
    )
    from turnout.journeys.services import journey_activate

    journey_activate(journey=journey, actor=None)
    Journey.objects.filter(pk=journey.pk).update(listening_since=timezone.now())
    journey.refresh_from_db()
    return journey


def test_a_branch_on_an_activity_since_entering(org_a, clock):
    journey = branch_journey(
        org_a, {"type": "activity", "kind": "donation.made", "since_entry": True}
    )
    donor = PersonFactory(organization=org_a)
    earlier_donor = PersonFactory(organization=org_a)
    activity_record(person=earlier_donor, kind="donation.made")
    clock.tick(timedelta(minutes=1))
    enroll(journey, donor)
    enroll(journey, earlier_donor)
    activity_record(person=donor, kind="donation.made")

    journeys_run()

    assert list(donor.tags.values_list("name", flat=True)) == ["yes"]
    assert list(earlier_donor.tags.values_list("name", flat=True)) == ["no"]


def test_a_branch_on_a_saved_segment(org_a):
    from turnout.people.tests.factories import SegmentFactory

    vip = TagFactory(organization=org_a, name="vip")
    segment = SegmentFactory(
        organization=org_a,
        definition={
            "match": "all",
            "conditions": [{"field": "tag", "op": "has", "value": [vip.pk]}],
        },
    )
    journey = branch_journey(org_a, {"type": "segment", "segment": segment.pk})
    inside, outside = PersonFactory(organization=org_a), PersonFactory(organization=org_a)
    Tagging.objects.create(person=inside, tag=vip)
    enroll(journey, inside)
    enroll(journey, outside)

    journeys_run()

    assert set(inside.tags.values_list("name", flat=True)) == {"vip", "yes"}
    assert set(outside.tags.values_list("name", flat=True)) == {"no"}


def test_a_split_sends_each_person_the_same_way_every_time(org_a):
    journey = make_journey(org_a, [(Kind.SPLIT, {"percent_a": 50})], activate=False)
    split = journey.steps.get()
    a, b = TagFactory(organization=org_a, name="A"), TagFactory(organization=org_a, name="B")
    step_add(journey=journey, actor=None, kind=Kind.TAG_ADD, config={"tag": a.pk}, after=split.key)
    step_add(
        journey=journey,
        actor=None,
        kind=Kind.TAG_ADD,
        config={"tag": b.pk},
        after=split.key,
        arm="alt",
    )
    from turnout.journeys.services import journey_activate

    journey_activate(journey=journey, actor=None)
    Journey.objects.filter(pk=journey.pk).update(listening_since=timezone.now())
    people = [PersonFactory(organization=org_a) for _ in range(30)]
    enrollments = [enroll(journey, p) for p in people]

    journeys_run()

    for person, enrollment in zip(people, enrollments, strict=True):
        expected = "A" if split_bucket(enrollment.pk, split.key) < 50 else "B"
        assert list(person.tags.values_list("name", flat=True)) == [expected]
        assert StepRun.objects.get(enrollment=enrollment, step=split).detail["arm"] == expected
    arms = {StepRun.objects.get(enrollment=e, step=split).detail["arm"] for e in enrollments}
    assert arms == {"A", "B"}  # 30 people: both arms are used


def test_a_task_goes_to_the_persons_organizer_else_to_the_chosen_member(org_a, owner_a):
    organizer = MembershipFactory(organization=org_a, role="organizer").user
    journey = make_journey(
        org_a,
        [
            (
                Kind.TASK,
                {
                    "title": "Call to thank",
                    "notes": "",
                    "due_days": 2,
                    "assignee": "organizer",
                    "member": owner_a.pk,
                },
            )
        ],
    )
    followed = PersonFactory(organization=org_a, organizer=organizer)
    alone = PersonFactory(organization=org_a)
    enroll(journey, followed)
    enroll(journey, alone)

    journeys_run()

    assert FollowUpTask.objects.get(person=followed).assignee == organizer
    task = FollowUpTask.objects.get(person=alone)
    assert task.assignee == owner_a
    assert task.title == "Call to thank"
    assert str(task.due_on) == "2026-11-26"
    assert task.journey == journey


def test_moving_to_another_journey(org_a):
    tag = TagFactory(organization=org_a, name="donor-path")
    second = make_journey(org_a, [(Kind.TAG_ADD, {"tag": tag.pk})], name="Donors")
    first = make_journey(org_a, [(Kind.GOTO, {"journey": second.pk})], name="Welcome")
    person = PersonFactory(organization=org_a)
    enrollment = enroll(first, person)

    journeys_run()

    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert outcome_text(enrollment) == "Moved to the journey “Donors”."
    assert Enrollment.objects.get(journey=second, person=person).status == "completed"
    assert person.tags.filter(pk=tag.pk).exists()


def test_an_exit_step_ends_the_journey(org_a):
    journey = make_journey(org_a, [(Kind.EXIT, {})])
    enrollment = enroll(journey, PersonFactory(organization=org_a))
    journeys_run()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert outcome_text(enrollment) == "Left at an exit step."


def test_a_person_enters_once_unless_re_entry_is_allowed(org_a):
    once = make_journey(org_a, [(Kind.EXIT, {})], name="Once")
    again = make_journey(org_a, [(Kind.EXIT, {})], name="Again", allow_reentry=True)
    person = PersonFactory(organization=org_a)
    for journey in (once, again):
        enroll(journey, person)
    assert journey_enroll(journey=again, person=person) is None  # still in it
    journeys_run()
    assert journey_enroll(journey=once, person=person) is None
    assert journey_enroll(journey=again, person=person) is not None


# --- Sending hours --------------------------------------------------------------------------


def test_an_sms_outside_sending_hours_waits_for_the_next_opening(org_a, clock):
    clock.move_to("2026-11-28 21:30:00+01:00")  # Saturday evening in Paris
    journey = make_journey(org_a, [(Kind.SEND_SMS, SMS)])
    person = reachable_person(org_a, email=False, sms=True)
    enrollment = enroll(journey, person)

    journeys_run()

    assert not Message.objects.filter(person=person).exists()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WAITING
    # No Sunday: Monday 08:00 in Paris.
    assert enrollment.next_run_at.isoformat() == "2026-11-30T07:00:00+00:00"
    run = StepRun.objects.get(enrollment=enrollment)
    assert run.status == StepRun.Status.DEFERRED
    assert "Held until the sending hours open" in enrollment_log(enrollment=enrollment)[0].text

    clock.move_to("2026-11-30 08:00:30+01:00")
    journeys_run()

    assert Message.objects.filter(person=person).count() == 1
    run.refresh_from_db()
    assert run.status == StepRun.Status.DONE
    assert "held until the sending hours opened" in enrollment_log(enrollment=enrollment)[0].text


def test_an_email_marked_any_hour_goes_at_night(org_a, clock):
    clock.move_to("2026-11-28 23:00:00+01:00")
    journey = make_journey(org_a, [(Kind.SEND_EMAIL, {**EMAIL, "any_hour": True})])
    person = reachable_person(org_a)
    enroll(journey, person)
    journeys_run()
    assert Message.objects.filter(person=person).count() == 1


# --- Exactly once ---------------------------------------------------------------------------


def test_a_crash_inside_the_step_leaves_nothing_and_the_retry_sends_once(org_a, clock, monkeypatch):
    journey = make_journey(org_a, [(Kind.SEND_EMAIL, EMAIL), (Kind.EXIT, {})])
    person = reachable_person(org_a)
    enrollment = enroll(journey, person)
    real_record = runner._record
    crashes = []

    def crash_after_side_effects(enrollment, step, run, outcome, now):
        if not crashes:
            crashes.append(step.key)
            raise RuntimeError("worker lost its database connection")
        return real_record(enrollment, step, run, outcome, now)

    monkeypatch.setattr(runner, "_record", crash_after_side_effects)

    stats = journeys_run()

    assert stats["error"] == 1
    assert not Message.objects.filter(person=person).exists()  # rolled back with the step
    enrollment.refresh_from_db()
    assert enrollment.attempts == 1
    assert enrollment.claim_token is None
    assert enrollment.next_run_at > timezone.now()

    clock.tick(timedelta(minutes=2))
    journeys_run()
    journeys_run()

    assert Message.objects.filter(person=person).count() == 1
    assert StepRun.objects.filter(enrollment=enrollment).count() == 2
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED


def test_a_runner_that_died_is_taken_over_once_its_claim_is_stale(org_a, clock):
    journey = make_journey(org_a, [(Kind.SEND_EMAIL, EMAIL)])
    person = reachable_person(org_a)
    enrollment = enroll(journey, person)
    # A runner claimed it and died before doing anything.
    token, ids = runner.enrollments_claim(now=timezone.now(), limit=10)
    assert ids == [enrollment.pk]

    assert journeys_run() == {}  # claimed by someone alive (as far as anyone knows)
    assert not Message.objects.filter(person=person).exists()

    clock.tick(timedelta(seconds=301))
    journeys_run()
    journeys_run()
    assert Message.objects.filter(person=person).count() == 1

    # The dead runner comes back: its claim is gone, it does nothing.
    assert (
        runner.enrollment_advance(enrollment_id=enrollment.pk, token=token, ctx=runner.RunContext())
        == "lost"
    )
    assert Message.objects.filter(person=person).count() == 1


def test_a_step_done_before_a_crash_is_not_done_again(org_a, clock):
    """The runner committed the email and died before the next step: the person is on the
    wait, the email is never sent again."""
    journey = make_journey(
        org_a,
        [(Kind.SEND_EMAIL, EMAIL), (Kind.WAIT, {"mode": "for", "days": 1, "hours": 0})],
    )
    person = reachable_person(org_a)
    enrollment = enroll(journey, person)
    token, _ids = runner.enrollments_claim(now=timezone.now(), limit=10)
    ctx = runner.RunContext()
    from django.db import transaction

    with transaction.atomic():
        assert runner._turn(enrollment.pk, token, ctx) == "continue"  # the email, committed
    # ... and the runner dies here. Later another one takes over.
    clock.tick(timedelta(seconds=301))
    journeys_run()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.WAITING
    assert Message.objects.filter(person=person).count() == 1
    # Even asked to run the same step again, the step run says it is done.
    Enrollment.objects.filter(pk=enrollment.pk).update(
        step=journey.steps.get(kind=Kind.SEND_EMAIL), status="active", next_run_at=timezone.now()
    )
    journeys_run()
    assert Message.objects.filter(person=person).count() == 1


def test_repeated_errors_end_in_failure_with_a_log_line(org_a, clock, monkeypatch):
    journey = make_journey(org_a, [(Kind.EXIT, {})])
    enrollment = enroll(journey, PersonFactory(organization=org_a))

    def broken(*args):
        raise RuntimeError("boom")

    monkeypatch.setitem(runner.EXECUTORS, Kind.EXIT, broken)
    for _i in range(runner.MAX_ATTEMPTS):
        journeys_run()
        clock.tick(timedelta(hours=2))
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.FAILED
    assert "boom" in enrollment_log(enrollment=enrollment)[0].text


# --- Pause, resume, exit --------------------------------------------------------------------


def test_pause_holds_everyone_and_resume_runs_the_waits_that_ended(org_a, owner_a, clock):
    journey = make_journey(
        org_a,
        [(Kind.WAIT, {"mode": "for", "days": 1, "hours": 0}), (Kind.SEND_EMAIL, EMAIL)],
    )
    person = reachable_person(org_a)
    enroll(journey, person)
    journeys_run()

    journey_pause(journey=journey, actor=owner_a)
    newcomer = reachable_person(org_a)
    assert journey_enroll(journey=journey, person=newcomer) is not None  # still let in
    clock.tick(timedelta(days=2))
    journeys_run()
    assert not Message.objects.exists()

    journey_resume(journey=journey, actor=owner_a)
    journeys_run()
    assert Message.objects.filter(person=person).count() == 1
    assert not Message.objects.filter(person=newcomer).exists()  # its own wait just began


def test_exiting_one_person(org_a, owner_a):
    journey = make_journey(org_a, [(Kind.WAIT, {"mode": "for", "days": 1, "hours": 0})])
    enrollment = enroll(journey, PersonFactory(organization=org_a))
    journeys_run()
    assert enrollment_exit(enrollment=enrollment, actor=owner_a)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.EXITED
    assert not enrollment_exit(enrollment=enrollment, actor=owner_a)
