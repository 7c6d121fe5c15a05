from datetime import timedelta

import pytest
from django.utils import timezone

from turnout.core.models import AuditEvent
from turnout.events.exceptions import EventError, RsvpRefused
from turnout.events.models import Attendance, Event, Shift
from turnout.events.services import (
    ShiftInput,
    event_approve,
    event_cancel,
    event_create,
    event_propose,
    event_publish,
    event_reject,
    event_update,
    rsvp_cancel,
    rsvp_create,
    waitlist_position,
)
from turnout.messaging.models import Message
from turnout.messaging.single import reachable_contact
from turnout.people.models import Activity, Consent, Person

from .factories import AttendanceFactory, EventFactory, ShiftFactory
from .helpers import EMAIL_OK, SMS_OK, person

pytestmark = pytest.mark.django_db


def fields(**overrides):
    starts = timezone.now() + timedelta(days=5)
    values = {
        "title": {"fr": "Porte-à-porte", "en": "Door knocking"},
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "locality": "Brest",
        "capacity": None,
    }
    values.update(overrides)
    return values


def going(event, shift=None):
    rows = Attendance.objects.filter(event=event, status=Attendance.Status.GOING)
    return rows.filter(shift=shift).count() if shift else rows.count()


# --- Capacity, waiting list, the same person twice -------------------------------------------


def test_places_are_given_until_full_then_the_waiting_list_in_order(org_a):
    event = EventFactory(organization=org_a, capacity=2, waitlist=True)
    answers = [rsvp_create(event=event, data=person(n)) for n in range(4)]
    statuses = [a.attendances[0].status for a in answers]
    assert statuses == ["going", "going", "waitlisted", "waitlisted"]
    assert [waitlist_position(a.attendances[0]) for a in answers[2:]] == [1, 2]


def test_full_without_waiting_list_is_refused_and_nothing_is_written(org_a):
    event = EventFactory(organization=org_a, capacity=1, waitlist=False)
    rsvp_create(event=event, data=person(1))
    with pytest.raises(RsvpRefused, match="full"):
        rsvp_create(event=event, data=person(2))
    assert Attendance.objects.filter(event=event).count() == 1
    assert not Person.objects.filter(emails__address="marie2@example.org").exists()


def test_a_shift_has_its_own_places(org_a):
    event = EventFactory(organization=org_a)
    morning = ShiftFactory(event=event, capacity=1)
    evening = ShiftFactory(
        event=event,
        label={"fr": "Soir"},
        starts_at=event.starts_at + timedelta(hours=2),
        ends_at=event.ends_at,
        capacity=1,
    )
    first = rsvp_create(event=event, data=person(1), shifts=[morning, evening])
    second = rsvp_create(event=event, data=person(2), shifts=[morning])
    assert [a.status for a in first.attendances] == ["going", "going"]
    assert second.attendances[0].status == "waitlisted"
    assert going(event, morning) == 1 and going(event, evening) == 1


def test_the_same_person_twice_counts_once_and_keeps_the_place(org_a):
    event = EventFactory(organization=org_a, capacity=1)
    first = rsvp_create(event=event, data=person(1), reminders=EMAIL_OK)
    again = rsvp_create(event=event, data=person(1, given_name="Marie-Anne"))
    assert again.attendances[0].pk == first.attendances[0].pk
    assert again.new == []
    assert going(event) == 1
    assert Person.objects.filter(organization=org_a).count() == 1
    assert Activity.objects.filter(kind="event.rsvp", person=first.person).count() == 1


def test_rsvp_records_consent_attribution_and_the_timeline(org_a):
    event = EventFactory(organization=org_a)
    rsvp = rsvp_create(
        event=event,
        data=person(1, phone="06 12 34 56 78"),
        reminders={**EMAIL_OK, **SMS_OK},
        attribution={"utm_source": "mastodon", "source_code": "TRACT", "evil": "x"},
        language="de",
    )
    attendance = rsvp.attendances[0]
    assert attendance.utm_source == "mastodon" and attendance.source_code == "TRACT"
    assert attendance.language == "de"
    consents = Consent.objects.filter(person=rsvp.person, purpose="events", current=True)
    assert {(c.channel, c.status, c.notice_text) for c in consents} == {
        ("email", "granted", "Email me about this event."),
        ("sms", "granted", "Text me a reminder."),
    }
    assert consents.first().source_ref == f"event:{event.slug}"
    activity = Activity.objects.get(kind="event.rsvp", person=rsvp.person)
    assert activity.data["event"] == event.pk


def test_the_confirmation_goes_to_everyone_who_signs_up_but_invitations_need_the_box(org_a):
    event = EventFactory(organization=org_a)
    rsvp_create(event=event, data=person(1), reminders=EMAIL_OK)
    rsvp_create(event=event, data=person(2))
    sent = Message.objects.filter(organization=org_a, channel="email").order_by("to_address")
    assert [m.to_address for m in sent] == ["marie1@example.org", "marie2@example.org"]
    assert all(m.transactional for m in sent)
    # Only the first one may be invited to the next events (a prospection message).
    invited = [
        reachable_contact(person=a.person, channel="email", purpose="events")[0]
        for a in Attendance.objects.filter(event=event).select_related("person")
    ]
    assert sorted(invited) == ["", "marie1@example.org"]
    message = sent.first()
    assert "Leafleting" in message.subject or "Tractage" in message.subject
    assert "/rsvp/" in message.body and ".ics" in message.body and "/cancel/" in message.body


def test_the_confirmation_is_in_the_language_of_the_answer(org_a):
    event = EventFactory(organization=org_a)
    rsvp_create(event=event, data=person(1, language="de"), reminders=EMAIL_OK, language="de")
    message = Message.objects.get(organization=org_a, channel="email")
    assert message.language == "de"
    assert "Flyer am Markt" in message.subject
    assert "/de/e/rsvp/" in message.body


def test_closed_past_and_foreign_shifts_are_refused(org_a, org_b):
    draft = EventFactory(organization=org_a, status=Event.Status.DRAFT)
    with pytest.raises(RsvpRefused, match="not taking sign-ups"):
        rsvp_create(event=draft, data=person(1))
    event = EventFactory(organization=org_a)
    ShiftFactory(event=event)
    with pytest.raises(RsvpRefused, match="Choose at least one shift"):
        rsvp_create(event=event, data=person(1))
    other = ShiftFactory(event__organization=org_b)
    with pytest.raises(RsvpRefused, match="not part of the event"):
        rsvp_create(event=event, data=person(1), shifts=[other])
    past = EventFactory(
        organization=org_a,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-2),
    )
    with pytest.raises(RsvpRefused, match="over"):
        rsvp_create(event=past, data=person(1))
    assert not Attendance.objects.exists()


def test_an_sms_reminder_needs_a_phone(org_a):
    event = EventFactory(organization=org_a)
    with pytest.raises(RsvpRefused, match="mobile phone"):
        rsvp_create(event=event, data=person(1), reminders=SMS_OK)


# --- Cancel and promotion --------------------------------------------------------------------


def test_cancel_frees_the_place_and_promotes_the_first_waiting_who_is_told(org_a):
    event = EventFactory(organization=org_a, capacity=1)
    first = rsvp_create(event=event, data=person(1)).attendances[0]
    second = rsvp_create(event=event, data=person(2), reminders=EMAIL_OK).attendances[0]
    third = rsvp_create(event=event, data=person(3), reminders=EMAIL_OK).attendances[0]
    assert rsvp_cancel(attendance=first) is True
    assert rsvp_cancel(attendance=first) is False  # twice changes nothing
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("going", "waitlisted")
    assert waitlist_position(third) == 1
    told = Message.objects.filter(to_address="marie2@example.org", channel="email")
    assert told.filter(idempotency_key__startswith="event-promoted:").count() == 1
    assert going(event) == 1


def test_cancelling_a_waiting_person_promotes_nobody(org_a):
    event = EventFactory(organization=org_a, capacity=1)
    rsvp_create(event=event, data=person(1))
    waiting = rsvp_create(event=event, data=person(2)).attendances[0]
    third = rsvp_create(event=event, data=person(3)).attendances[0]
    rsvp_cancel(attendance=waiting)
    third.refresh_from_db()
    assert third.status == "waitlisted" and waitlist_position(third) == 1


def test_answering_again_after_cancelling_takes_a_place_if_there_is_one(org_a):
    event = EventFactory(organization=org_a, capacity=1)
    first = rsvp_create(event=event, data=person(1)).attendances[0]
    rsvp_cancel(attendance=first)
    again = rsvp_create(event=event, data=person(1))
    assert again.attendances[0].pk == first.pk and again.attendances[0].status == "going"
    assert again.new == again.attendances


def test_more_places_promote_the_waiting_list(org_a, owner_a):
    event = EventFactory(organization=org_a, capacity=1)
    rsvp_create(event=event, data=person(1))
    waiting = rsvp_create(event=event, data=person(2)).attendances[0]
    event_update(event=event, actor=owner_a, fields={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == "going"


# --- Events: create, update, publish, cancel ---------------------------------------------------


def test_create_checks_dates_capacity_and_shifts(org_a, owner_a):
    starts = timezone.now() + timedelta(days=1)
    with pytest.raises(EventError) as caught:
        event_create(
            organization=org_a,
            actor=owner_a,
            fields=fields(starts_at=starts, ends_at=starts - timedelta(hours=1), capacity=0),
        )
    assert set(caught.value.errors) == {"ends_at", "capacity"}
    with pytest.raises(EventError) as caught:
        event_create(
            organization=org_a,
            actor=owner_a,
            fields=fields(starts_at=starts, ends_at=starts + timedelta(hours=2)),
            shifts=[
                ShiftInput(
                    starts_at=starts + timedelta(hours=1),
                    ends_at=starts + timedelta(hours=4),
                    capacity=-3,
                )
            ],
        )
    assert set(caught.value.errors) == {"shifts-0-starts_at", "shifts-0-capacity"}
    assert not Event.objects.exists()


def test_create_makes_a_draft_with_a_free_address_and_shifts(org_a, owner_a):
    EventFactory(slug="porte-a-porte")
    starts = timezone.now() + timedelta(days=1)
    event = event_create(
        organization=org_a,
        actor=owner_a,
        fields=fields(starts_at=starts, ends_at=starts + timedelta(hours=3)),
        shifts=[ShiftInput(starts_at=starts, ends_at=starts + timedelta(hours=1), capacity=5)],
    )
    assert event.status == Event.Status.DRAFT
    assert event.slug == "porte-a-porte-2"
    assert event.shifts.get().capacity == 5
    assert AuditEvent.objects.filter(action="event.create").count() == 1


def test_update_raises_the_sequence_and_tells_who_is_going_of_a_new_time(org_a, owner_a):
    event = EventFactory(organization=org_a)
    rsvp_create(event=event, data=person(1), reminders=EMAIL_OK)
    before = event.sequence
    later = event.starts_at + timedelta(hours=1)
    changed = event_update(
        event=event,
        actor=owner_a,
        fields={"starts_at": later, "ends_at": later + timedelta(hours=4)},
    )
    event.refresh_from_db()
    assert set(changed) == {"starts_at", "ends_at"}
    assert event.sequence == before + 1
    assert Message.objects.filter(idempotency_key__startswith="event-changed:").count() == 1
    assert event_update(event=event, actor=owner_a, fields={"starts_at": later}) == []


def test_a_shift_people_signed_up_for_cannot_be_removed(org_a, owner_a):
    event = EventFactory(organization=org_a)
    shift = ShiftFactory(event=event)
    rsvp_create(event=event, data=person(1), shifts=[shift])
    with pytest.raises(EventError, match="cannot be removed"):
        event_update(
            event=event,
            actor=owner_a,
            fields={},
            shifts=[
                ShiftInput(
                    pk=shift.pk, starts_at=shift.starts_at, ends_at=shift.ends_at, remove=True
                )
            ],
        )
    assert Shift.objects.filter(pk=shift.pk).exists()


def test_cancel_tells_everyone_going_or_waiting_once_per_person(org_a, owner_a):
    event = EventFactory(organization=org_a, capacity=1)
    morning = ShiftFactory(event=event, capacity=None)
    afternoon = ShiftFactory(
        event=event, starts_at=event.starts_at + timedelta(hours=1), ends_at=event.ends_at
    )
    rsvp_create(event=event, data=person(1), shifts=[morning, afternoon], reminders=EMAIL_OK)
    rsvp_create(event=event, data=person(2), shifts=[morning], reminders=EMAIL_OK)
    event_cancel(event=event, actor=owner_a, reason="Tempête annoncée.")
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED and event.cancel_reason == "Tempête annoncée."
    notices = Message.objects.filter(idempotency_key__startswith=f"event-cancelled:{event.pk}:")
    assert sorted(notices.values_list("to_address", flat=True)) == [
        "marie1@example.org",
        "marie2@example.org",
    ]
    assert "Tempête annoncée." in notices.first().body
    event_cancel(event=event, actor=owner_a)  # again: nothing more
    assert notices.count() == 2
    with pytest.raises(RsvpRefused):
        rsvp_create(event=event, data=person(3), shifts=[morning])


def test_publish_refuses_a_past_or_cancelled_event(org_a, owner_a):
    past = EventFactory(
        organization=org_a,
        status=Event.Status.DRAFT,
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-1),
    )
    with pytest.raises(EventError, match="over"):
        event_publish(event=past, actor=owner_a)
    draft = EventFactory(organization=org_a, status=Event.Status.DRAFT, published_at=None)
    event_publish(event=draft, actor=owner_a)
    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED and draft.published_at is not None


# --- Proposals ---------------------------------------------------------------------------------


def test_a_volunteer_proposes_organizers_are_told_and_one_approves(
    org_a, owner_a, organizer_a, volunteer_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = event_propose(organization=org_a, actor=volunteer_a, fields=fields())
    assert event.status == Event.Status.AWAITING and event.proposed_by == volunteer_a
    told = sorted(address for mail in mailoutbox for address in mail.to)
    assert told == sorted([owner_a.email, organizer_a.email])
    assert "Porte-à-porte" in mailoutbox[0].subject
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_approve(event=event, actor=organizer_a)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert event.approved_by == organizer_a and event.approved_at is not None
    assert [m.to for m in mailoutbox] == [[volunteer_a.email]]
    with pytest.raises(EventError, match="answered already"):
        event_approve(event=event, actor=organizer_a)


def test_rejecting_a_proposal_needs_a_reason_that_the_proposer_reads(
    org_a, organizer_a, volunteer_a, mailoutbox, django_capture_on_commit_callbacks
):
    event = event_propose(organization=org_a, actor=volunteer_a, fields=fields())
    with pytest.raises(EventError):
        event_reject(event=event, actor=organizer_a, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        event_reject(event=event, actor=organizer_a, reason="Déjà un tractage ce jour-là.")
    event.refresh_from_db()
    assert event.status == Event.Status.REJECTED
    assert event.review_note == "Déjà un tractage ce jour-là."
    mail = mailoutbox[-1]
    assert mail.to == [volunteer_a.email] and "Déjà un tractage ce jour-là." in mail.body


def test_the_osdi_names_of_statuses(org_a):
    event = EventFactory(organization=org_a, visibility=Event.Visibility.INTERNAL)
    assert (event.osdi_status, event.osdi_visibility) == ("confirmed", "private")
    event.status = Event.Status.AWAITING
    assert event.osdi_status == "tentative"
    attendance = AttendanceFactory(organization=org_a, event=event, status="waitlisted")
    assert attendance.osdi_status == "tentative"
