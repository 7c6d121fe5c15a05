"""Editing the flow, the life of a journey, and how journeys follow merges and erasures."""

import pytest

from turnout.journeys.models import Enrollment, FollowUpTask, Journey, Step
from turnout.journeys.runner import journeys_run
from turnout.journeys.selectors import journey_flow, outcome_text
from turnout.journeys.services import (
    JourneyError,
    journey_activate,
    journey_archive,
    journey_create,
    journey_enroll,
    journey_problems,
    step_add,
    step_remove,
)
from turnout.journeys.steps import flow_keys, flow_tree, live_steps
from turnout.journeys.tests.factories import FollowUpTaskFactory, JourneyFactory, StepFactory
from turnout.journeys.tests.helpers import EMAIL, SMS, make_journey, reachable_person
from turnout.messaging.models import Message
from turnout.messaging.single import message_queue_one, reachable_contact
from turnout.people.models import Channel
from turnout.people.services import suppression_add
from turnout.people.tests.factories import PersonFactory, TagFactory

pytestmark = pytest.mark.django_db
Kind = Step.Kind
WAIT = {"mode": "for", "days": 1, "hours": 0}


def order(journey):
    journey.refresh_from_db()
    steps = live_steps(journey.steps.all())
    return [steps[key].kind for key in flow_keys(flow_tree(journey, steps))]


def test_steps_are_inserted_where_asked(org_a):
    journey = journey_create(organization=org_a, actor=None, name="J", trigger_config={})
    first = step_add(journey=journey, actor=None, kind=Kind.SEND_EMAIL, config=EMAIL)
    step_add(journey=journey, actor=None, kind=Kind.EXIT, config={}, after=first.key)
    step_add(journey=journey, actor=None, kind=Kind.WAIT, config=WAIT)  # at the start
    step_add(journey=journey, actor=None, kind=Kind.SEND_SMS, config=SMS, after=first.key)
    assert order(journey) == ["wait", "send_email", "send_sms", "exit"]


def test_an_exit_cannot_cut_a_path_short(org_a):
    journey = journey_create(organization=org_a, actor=None, name="J", trigger_config={})
    first = step_add(journey=journey, actor=None, kind=Kind.WAIT, config=WAIT)
    step_add(journey=journey, actor=None, kind=Kind.SEND_EMAIL, config=EMAIL, after=first.key)
    with pytest.raises(JourneyError, match="ends a path"):
        step_add(journey=journey, actor=None, kind=Kind.EXIT, config={}, after=first.key)


def test_wrong_settings_are_refused_in_words(org_a):
    journey = journey_create(organization=org_a, actor=None, name="J", trigger_config={})
    with pytest.raises(JourneyError, match="an email needs a subject"):
        step_add(
            journey=journey,
            actor=None,
            kind=Kind.SEND_EMAIL,
            config={"content": {"fr": {"body": "Bonjour"}}, "purpose": "campaigns"},
        )
    with pytest.raises(JourneyError, match="at least an hour"):
        step_add(journey=journey, actor=None, kind=Kind.WAIT, config={"days": 0, "hours": 0})
    with pytest.raises(JourneyError, match="Choose another journey"):
        step_add(journey=journey, actor=None, kind=Kind.GOTO, config={"journey": journey.pk})


def test_a_loop_is_reported_and_the_journey_cannot_start(org_a):
    journey = JourneyFactory(organization=org_a, entry_key="a", trigger_config={})
    StepFactory(journey=journey, key="a", kind=Kind.WAIT, config=WAIT, next_key="b")
    StepFactory(journey=journey, key="b", kind=Kind.WAIT, config=WAIT, next_key="a")
    problems = journey_problems(journey=journey)
    assert any("loops back" in p for p in problems)
    with pytest.raises(JourneyError):
        journey_activate(journey=journey, actor=None)
    assert journey_flow(journey=journey)[0] == []


def test_removing_a_branch_keeps_its_first_arm(org_a, owner_a):
    journey = journey_create(organization=org_a, actor=None, name="J", trigger_config={})
    branch = step_add(
        journey=journey,
        actor=None,
        kind=Kind.BRANCH,
        config={"condition": {"type": "activity", "kind": "donation.made"}},
    )
    step_add(journey=journey, actor=None, kind=Kind.WAIT, config=WAIT, after=branch.key)
    step_add(
        journey=journey, actor=None, kind=Kind.SEND_EMAIL, config=EMAIL, after=branch.key, arm="alt"
    )
    removed = step_remove(step=branch, actor=owner_a)
    assert len(removed) == 2
    assert order(journey) == ["wait"]
    assert journey.steps.filter(removed_at__isnull=False).count() == 2  # kept for the logs


def test_archiving_takes_everyone_out(org_a, owner_a):
    journey = make_journey(org_a, [(Kind.WAIT, WAIT)])
    enrollment = journey_enroll(journey=journey, person=PersonFactory(organization=org_a))
    journeys_run()
    journey_archive(journey=journey, actor=owner_a)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.EXITED
    assert journey_enroll(journey=journey, person=PersonFactory(organization=org_a)) is None


def test_a_draft_lets_nobody_in(org_a):
    journey = make_journey(org_a, [(Kind.EXIT, {})], activate=False)
    assert journey_enroll(journey=journey, person=PersonFactory(organization=org_a)) is None
    assert journey.status == Journey.Status.DRAFT


def test_moving_to_an_inactive_journey_is_logged_and_ends(org_a):
    draft = make_journey(org_a, [(Kind.EXIT, {})], activate=False, name="Draft")
    journey = make_journey(org_a, [(Kind.GOTO, {"journey": draft.pk})])
    enrollment = journey_enroll(journey=journey, person=PersonFactory(organization=org_a))
    journeys_run()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert "not active" in outcome_text(enrollment)
    assert not Enrollment.objects.filter(journey=draft).exists()


def test_a_merge_keeps_one_way_through_each_journey(org_a, owner_a):
    from turnout.journeys.hooks import enrollments_follow_the_survivor

    journey = make_journey(org_a, [(Kind.WAIT, WAIT)])
    other_journey = make_journey(org_a, [(Kind.WAIT, WAIT)], name="Other")
    survivor, other = PersonFactory(organization=org_a), PersonFactory(organization=org_a)
    journey_enroll(journey=journey, person=survivor)
    theirs = journey_enroll(journey=journey, person=other)
    moved = journey_enroll(journey=other_journey, person=other)
    task = FollowUpTaskFactory(organization=org_a, person=other)
    enrollments_follow_the_survivor(survivor=survivor, other=other, actor=owner_a)
    theirs.refresh_from_db()
    moved.refresh_from_db()
    task.refresh_from_db()
    assert theirs.status == Enrollment.Status.EXITED
    assert moved.person == survivor and moved.is_live
    assert task.person == survivor
    assert Enrollment.objects.filter(journey=journey, person=survivor, status="active").count() == 1


def test_an_erased_person_leaves_every_journey(org_a, owner_a):
    from turnout.people.rights.services import person_erase

    journey = make_journey(org_a, [(Kind.WAIT, WAIT), (Kind.SEND_EMAIL, EMAIL)])
    person = reachable_person(org_a)
    enrollment = journey_enroll(journey=journey, person=person)
    FollowUpTask.objects.create(organization=org_a, person=person, title="Call", notes="Private")
    person_erase(person=person, actor=owner_a, reason="request")
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.EXITED
    assert FollowUpTask.objects.get(person=person).notes == ""
    journeys_run()
    assert not Message.objects.filter(person=person).exists()


# --- Queueing one message (turnout/messaging/single.py) -------------------------------------


def test_one_message_follows_the_broadcast_rules(org_a):
    person = reachable_person(org_a, given_name="Ada")
    assert reachable_contact(person=person, channel=Channel.EMAIL, purpose="campaigns")[1] == ""
    assert reachable_contact(person=person, channel=Channel.EMAIL, purpose="fundraising") == (
        "",
        "no_consent",
    )
    assert reachable_contact(person=person, channel=Channel.SMS, purpose="campaigns") == (
        "",
        "no_contact",
    )
    first = message_queue_one(
        person=person,
        channel=Channel.EMAIL,
        purpose="campaigns",
        content=EMAIL["content"],
        idempotency_key="test:1",
    )
    again = message_queue_one(
        person=person,
        channel=Channel.EMAIL,
        purpose="campaigns",
        content=EMAIL["content"],
        idempotency_key="test:1",
    )
    assert first.created and not again.created
    assert first.message.pk == again.message.pk
    assert first.message.subject == "Merci Ada"  # French: the organization's default
    address = person.emails.get().address
    suppression_add(organization=org_a, channel=Channel.EMAIL, value=address, reason="opt_out")
    person.refresh_from_db()
    assert reachable_contact(person=person, channel=Channel.EMAIL, purpose="campaigns") == (
        "",
        "unsubscribed",
    )
    # Subscribed again by hand, still on the suppression list: not used.
    person.emails.update(status="subscribed")
    assert reachable_contact(person=person, channel=Channel.EMAIL, purpose="campaigns") == (
        "",
        "suppressed",
    )


def test_the_flow_page_counts_who_went_each_way(client_a, org_a):
    from django.urls import reverse

    journey = make_journey(
        org_a,
        [(Kind.BRANCH, {"condition": {"type": "tag", "tag": TagFactory(organization=org_a).pk}})],
    )
    for _ in range(3):
        journey_enroll(journey=journey, person=PersonFactory(organization=org_a))
    journeys_run()
    page = client_a.get(
        reverse("journeys:detail", kwargs={"org_slug": org_a.slug, "journey_id": journey.pk})
    ).content.decode()
    assert "0 people went this way" in page  # then: nobody has the tag
    assert "3 people went this way" in page  # otherwise
