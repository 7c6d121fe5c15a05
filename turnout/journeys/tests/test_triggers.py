"""What starts a journey: each trigger enrolls the right people, once, in its own tenant, and
the activity hook stays cheap."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from turnout.actions.services import submission_record
from turnout.actions.tests.factories import ActionFactory
from turnout.journeys import triggers
from turnout.journeys.models import Enrollment, Journey, Step
from turnout.journeys.runner import journeys_run
from turnout.journeys.services import journey_activate, journey_update
from turnout.journeys.tests.helpers import EMAIL, make_journey
from turnout.journeys.triggers import scan_triggers
from turnout.messaging.models import Message
from turnout.people.models import CustomField, Person
from turnout.people.services import PersonData, activity_record, tags_add
from turnout.people.tests.factories import (
    ActivityFactory,
    PersonFactory,
    SegmentFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

Kind = Step.Kind
EXIT = [(Kind.EXIT, {})]


def sign(action, email, **data):
    submission, _new = submission_record(
        action=action,
        data=PersonData(email=email, **data),
        consent_given=True,
        sponsor_ids=set(),
        attribution={},
    )
    return submission.person


def test_signing_the_petition_enrolls_the_signer_and_sends_the_thank_you(org_a):
    petition = ActionFactory(organization=org_a)
    other = ActionFactory(organization=org_a)
    journey = make_journey(
        org_a,
        [(Kind.SEND_EMAIL, EMAIL)],
        trigger_config={"action": petition.pk},
    )

    signer = sign(petition, "alice@example.org", given_name="Alice", language="en")
    sign(other, "bob@example.org")

    enrollment = Enrollment.objects.get(journey=journey)
    assert enrollment.person == signer
    journeys_run()
    message = Message.objects.get()
    assert message.to_address == "alice@example.org"
    assert message.subject == "Thank you Alice"


def test_any_action_and_signing_twice_enrolls_once(org_a):
    journey = make_journey(org_a, EXIT, trigger_config={"action": None})
    petition = ActionFactory(organization=org_a)
    sign(petition, "alice@example.org")
    sign(petition, "alice@example.org")
    assert Enrollment.objects.filter(journey=journey).count() == 1


def test_a_tag_starts_its_journey(org_a):
    volunteer = TagFactory(organization=org_a, name="volunteer")
    TagFactory(organization=org_a, name="other")
    journey = make_journey(
        org_a, EXIT, trigger_kind=Journey.Trigger.TAG, trigger_config={"tag": volunteer.pk}
    )
    tagged, other = PersonFactory(organization=org_a), PersonFactory(organization=org_a)
    tags_add(person=tagged, names=["volunteer"])
    tags_add(person=other, names=["other"])
    assert list(Enrollment.objects.filter(journey=journey).values_list("person", flat=True)) == [
        tagged.pk
    ]


def test_reaching_a_rung_starts_its_journey(org_a):
    from turnout.funnels.tests.factories import RungFactory

    donor = RungFactory(organization=org_a, name={"en": "Donor"})
    leader = RungFactory(organization=org_a, name={"en": "Leader"})
    journey = make_journey(
        org_a, EXIT, trigger_kind=Journey.Trigger.RUNG, trigger_config={"rung": donor.pk}
    )
    reached, other = PersonFactory(organization=org_a), PersonFactory(organization=org_a)
    activity_record(person=reached, kind="rung.reached", source=donor)
    activity_record(person=other, kind="rung.reached", source=leader)
    assert list(Enrollment.objects.filter(journey=journey).values_list("person", flat=True)) == [
        reached.pk
    ]


def test_another_organizations_activity_never_enrolls(org_a, org_b):
    journey = make_journey(org_a, EXIT, trigger_config={"action": None})
    theirs = ActionFactory(organization=org_b)
    sign(theirs, "alice@example.org")
    assert not Enrollment.objects.filter(journey=journey).exists()
    assert Person.objects.filter(organization=org_b).exists()


def test_a_new_trigger_takes_effect_after_the_start_delay_in_every_process(org_a, clock):
    petition = ActionFactory(organization=org_a)
    journey = make_journey(org_a, EXIT, activate=False, trigger_config={"action": petition.pk})
    journey_activate(journey=journey, actor=None)

    sign(petition, "early@example.org")
    assert not Enrollment.objects.exists()

    clock.tick(triggers.START_DELAY + timedelta(seconds=1))
    sign(petition, "later@example.org")
    assert Enrollment.objects.get().person.emails.get().address == "later@example.org"


def test_a_stale_cache_never_enrolls_by_an_old_trigger(org_a, owner_a, clock):
    first = ActionFactory(organization=org_a)
    second = ActionFactory(organization=org_a)
    journey = make_journey(org_a, EXIT, trigger_config={"action": first.pk})
    assert triggers.watched(org_a.pk)  # this process cached the first trigger
    from turnout.journeys.services import journey_pause

    journey_pause(journey=journey, actor=owner_a)
    journey_update(journey=journey, actor=owner_a, trigger_config={"action": second.pk})
    clock.tick(triggers.START_DELAY + timedelta(seconds=1))
    # A process whose cache still holds the old trigger (it cannot, past the delay: worst case)
    triggers._cache[org_a.pk] = (float("inf"), frozenset({("action", str(first.pk))}))

    sign(first, "old@example.org")
    assert not Enrollment.objects.exists()
    triggers.cache_clear()
    sign(second, "new@example.org")
    assert Enrollment.objects.get().person.emails.get().address == "new@example.org"


def test_the_hook_costs_no_query_when_nothing_listens(org_a):
    person = PersonFactory(organization=org_a)
    activity = ActivityFactory(person=person, kind="petition_signed", data={"action": 1})
    triggers.watched(org_a.pk)  # warm
    with CaptureQueriesContext(connection) as queries:
        assert triggers.journeys_for_activity(activity) == []
    assert len(queries) == 0
    note = ActivityFactory(person=person, kind="note")
    triggers.cache_clear()
    with CaptureQueriesContext(connection) as queries:
        assert triggers.journeys_for_activity(note) == []
    assert len(queries) == 0


def test_a_date_field_starts_the_journey_on_the_day(org_a, clock):
    CustomField.objects.create(organization=org_a, key="renewal", label="Renewal", kind="date")
    make_journey(
        org_a,
        EXIT,
        trigger_kind=Journey.Trigger.DATE,
        trigger_config={"field": "renewal", "offset_days": -7, "time": "09:00"},
    )
    due = PersonFactory(organization=org_a, custom_fields={"renewal": "2026-12-02"})
    later = PersonFactory(organization=org_a, custom_fields={"renewal": "2026-12-09"})
    PersonFactory(organization=org_a, custom_fields={"renewal": "2026-11-01"})  # long past

    scan_triggers()
    assert not Enrollment.objects.exists()  # 7 days before Dec 2 is Nov 25, at 09:00

    clock.move_to("2026-11-25 09:00:30+01:00")
    scan_triggers()
    assert list(Enrollment.objects.values_list("person", flat=True)) == [due.pk]
    scan_triggers()
    assert Enrollment.objects.count() == 1

    clock.move_to("2026-12-02 09:01:00+01:00")
    scan_triggers()
    assert set(Enrollment.objects.values_list("person", flat=True)) == {due.pk, later.pk}


def test_days_after_a_person_was_added(org_a, clock):
    journey = make_journey(
        org_a,
        EXIT,
        trigger_kind=Journey.Trigger.DATE,
        trigger_config={"field": "created_at", "offset_days": 3, "time": "10:00"},
    )
    newcomer = PersonFactory(organization=org_a)
    Person.objects.filter(pk=newcomer.pk).update(created_at=timezone.now())
    clock.move_to("2026-11-27 09:59:00+01:00")
    scan_triggers()
    assert not Enrollment.objects.filter(journey=journey).exists()
    clock.move_to("2026-11-27 10:00:30+01:00")
    scan_triggers()
    assert Enrollment.objects.get(journey=journey).person == newcomer


def test_entering_a_segment_after_activation(org_a, clock):
    tag = TagFactory(organization=org_a, name="supporter")
    segment = SegmentFactory(
        organization=org_a,
        definition={
            "match": "all",
            "conditions": [{"field": "tag", "op": "has", "value": [tag.pk]}],
        },
    )
    member = PersonFactory(organization=org_a)
    tags_add(person=member, names=["supporter"])
    journey = make_journey(
        org_a,
        EXIT,
        trigger_kind=Journey.Trigger.SEGMENT,
        trigger_config={"segment": segment.pk, "include_current": False},
    )
    scan_triggers()  # baseline: the current member does not enter
    assert not Enrollment.objects.exists()

    newcomer = PersonFactory(organization=org_a)
    tags_add(person=newcomer, names=["supporter"])
    clock.tick(timedelta(minutes=1))
    scan_triggers()
    assert list(Enrollment.objects.values_list("person", flat=True)) == [newcomer.pk]
    clock.tick(timedelta(minutes=1))
    scan_triggers()
    assert Enrollment.objects.filter(journey=journey).count() == 1


def test_a_segment_journey_can_take_the_current_members(org_a):
    segment = SegmentFactory(organization=org_a)  # everyone
    people = [PersonFactory(organization=org_a) for _ in range(3)]
    make_journey(
        org_a,
        EXIT,
        trigger_kind=Journey.Trigger.SEGMENT,
        trigger_config={"segment": segment.pk, "include_current": True},
    )
    scan_triggers()
    assert set(Enrollment.objects.values_list("person", flat=True)) == {p.pk for p in people}


@pytest.mark.django_db(transaction=True)
def test_a_signer_receives_the_thank_you_without_waiting_for_the_tick(org_a, mailoutbox):
    petition = ActionFactory(organization=org_a)
    make_journey(org_a, [(Kind.SEND_EMAIL, EMAIL)], trigger_config={"action": petition.pk})

    sign(petition, "ada@example.org", given_name="Ada", language="en")

    # Enrolling woke a runner after the commit, which queued the email, which a dispatcher
    # sent (the test task backend runs tasks at once).
    assert [m.subject for m in mailoutbox] == ["Thank you Ada"]
    assert Enrollment.objects.get().status == "completed"


def test_the_tick_scans_triggers_and_starts_a_runner(org_a, clock):
    from turnout.journeys.tasks import journeys_tick

    segment = SegmentFactory(organization=org_a)
    journey = make_journey(
        org_a,
        [(Kind.WAIT, {"mode": "for", "days": 1, "hours": 0}), (Kind.EXIT, {})],
        trigger_kind=Journey.Trigger.SEGMENT,
        trigger_config={"segment": segment.pk, "include_current": True},
    )
    person = PersonFactory(organization=org_a)
    result = journeys_tick()
    assert result["segment"] == 1
    enrollment = Enrollment.objects.get(journey=journey, person=person)
    assert enrollment.status == "waiting"  # the runner it started took the first step
    clock.tick(timedelta(days=1, minutes=1))
    journeys_tick()
    enrollment.refresh_from_db()
    assert enrollment.status == "completed"
