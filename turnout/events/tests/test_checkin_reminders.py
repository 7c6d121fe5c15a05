from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from turnout.events.models import Attendance, ReminderSent
from turnout.events.services import checkin, rsvp_create
from turnout.events.services.reminders import RULES, reminder_send, reminders_send
from turnout.messaging.models import Message
from turnout.people.models import Activity, ContactStatus, EmailAddress

from .factories import AttendanceFactory, EventFactory, ShiftFactory
from .helpers import EMAIL_OK, SMS_OK, person

pytestmark = pytest.mark.django_db


# --- Check-in ----------------------------------------------------------------------------------


def test_checkin_is_idempotent_and_the_timeline_gets_one_line(org_a, owner_a):
    attendance = AttendanceFactory(organization=org_a)
    first, done = checkin(attendance=attendance, actor=owner_a)
    again, done_again = checkin(attendance=attendance, actor=owner_a)
    assert (done, done_again) == (True, False)
    assert again.attended_at == first.attended_at and again.checked_in_by == owner_a
    lines = Activity.objects.filter(person=attendance.person, kind="event.attended")
    assert lines.count() == 1 and lines.get().actor == owner_a


def test_a_shift_checkin_is_a_volunteer_shift_on_the_timeline(org_a, owner_a):
    shift = ShiftFactory(event__organization=org_a)
    attendance = AttendanceFactory(organization=org_a, event=shift.event, shift=shift)
    checkin(attendance=attendance, actor=owner_a)
    assert Activity.objects.filter(person=attendance.person, kind="shift.attended").count() == 1


def checkin_url(attendance):
    return reverse(
        "events:checkin_one",
        kwargs={"org_slug": attendance.organization.slug, "attendance_token": attendance.token},
    )


def test_the_qr_page_asks_first_and_only_the_button_checks_in(client_a, org_a):
    attendance = AttendanceFactory(
        organization=org_a, person__given_name="Marie", person__family_name="Dupont"
    )
    page = client_a.get(checkin_url(attendance))
    assert page.status_code == 200
    assert "Check in Marie D.?" in page.content.decode()
    attendance.refresh_from_db()
    assert attendance.attended_at is None  # a GET never checks in
    response = client_a.post(checkin_url(attendance), follow=True)
    attendance.refresh_from_db()
    assert attendance.attended_at is not None
    body = response.content.decode()
    assert "Marie D. is checked in." in body
    again = client_a.post(checkin_url(attendance), follow=True).content.decode()
    assert "Marie D. was already checked in at" in again
    local = timezone.localtime(attendance.attended_at).strftime("%H:%M")
    assert local in again


def test_the_phone_list_searches_and_checks_in_then_comes_back(client_a, org_a):
    event = EventFactory(organization=org_a)
    # Family names are fixed: a random one could contain the searched "mar" (Maréchal, Marchand).
    marie = AttendanceFactory(
        organization=org_a, event=event, person__given_name="Marie", person__family_name="Dupont"
    )
    AttendanceFactory(
        organization=org_a, event=event, person__given_name="Jonas", person__family_name="Keller"
    )
    AttendanceFactory(
        organization=org_a,
        event=event,
        person__given_name="Zoé",
        person__family_name="Lenoir",
        status="cancelled",
    )
    url = reverse("events:checkin", kwargs={"org_slug": org_a.slug, "event_id": event.pk})
    body = client_a.get(url).content.decode()
    assert "Marie" in body and "Jonas" in body and "Zoé" not in body
    found = client_a.get(url + "?q=mar").content.decode()
    assert "Marie" in found and "Jonas" not in found
    response = client_a.post(checkin_url(marie), {"next": url + "?q=mar"})
    assert response.status_code == 302 and response["Location"] == url + "?q=mar"
    assert "1 of 2 checked in" in client_a.get(url).content.decode()


def test_volunteers_cannot_check_in(client, org_a, volunteer_a):
    attendance = AttendanceFactory(organization=org_a)
    client.force_login(volunteer_a)
    assert client.post(checkin_url(attendance)).status_code == 403
    attendance.refresh_from_db()
    assert attendance.attended_at is None


# --- Reminders ----------------------------------------------------------------------------------


def tomorrow_event(org, **extra):
    starts = timezone.now() + timedelta(hours=20)
    return EventFactory(
        organization=org, starts_at=starts, ends_at=starts + timedelta(hours=2), **extra
    )


def answered_days_ago(rsvp, days=3):
    Attendance.objects.filter(pk__in=[a.pk for a in rsvp.attendances]).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def test_the_day_before_reminder_goes_once_in_the_attendees_language(org_a):
    event = tomorrow_event(org_a)
    rsvp = rsvp_create(
        event=event, data=person(1, language="en"), reminders=EMAIL_OK, language="en"
    )
    answered_days_ago(rsvp)
    first = reminders_send()
    second = reminders_send()
    assert first.queued["email_day"] == 1 and second.queued["email_day"] == 0
    reminder = Message.objects.get(idempotency_key__startswith="event-reminder:")
    assert reminder.language == "en" and reminder.subject == "Tomorrow: Leafleting at the market"
    assert (
        "/en/e/rsvp/" in reminder.body and "/cancel/" in reminder.body and ".ics" in reminder.body
    )
    assert ReminderSent.objects.get().message == reminder


def test_the_email_reminder_is_a_service_message_without_marketing_consent(org_a):
    """The person asked for this event: its reminder goes even if they ticked no box, and
    even if they unsubscribed from newsletters; not to an address that bounces."""
    event = tomorrow_event(org_a)
    reached = rsvp_create(event=event, data=person(1))
    bouncing = rsvp_create(event=event, data=person(2))
    EmailAddress.objects.filter(person=reached.attendances[0].person).update(
        status=ContactStatus.UNSUBSCRIBED
    )
    EmailAddress.objects.filter(person=bouncing.attendances[0].person).update(
        status=ContactStatus.BOUNCING
    )
    answered_days_ago(reached)
    answered_days_ago(bouncing)
    run = reminders_send()
    assert run.queued["email_day"] == 1 and run.skipped == {"unsubscribed": 1}
    reminder = Message.objects.get(idempotency_key__startswith="event-reminder:")
    assert reminder.to_address == "marie1@example.org" and reminder.transactional
    assert ReminderSent.objects.get(attendance=bouncing.attendances[0]).skipped == "unsubscribed"
    assert reminders_send().skipped == {}  # not tried again


def test_who_answered_after_the_reminder_time_gets_no_reminder(org_a):
    event = tomorrow_event(org_a)
    rsvp_create(event=event, data=person(1), reminders=EMAIL_OK)  # just now: 20 h before
    assert reminders_send().skipped == {"late_signup": 1}
    assert not Message.objects.filter(idempotency_key__startswith="event-reminder:").exists()


def test_the_sms_goes_two_hours_before_only_with_sms_consent(org_a):
    starts = timezone.now() + timedelta(minutes=90)
    event = EventFactory(
        organization=org_a, starts_at=starts, ends_at=starts + timedelta(hours=2), remind_sms=True
    )
    with_sms = rsvp_create(
        event=event, data=person(1, phone="+33612345678"), reminders={**EMAIL_OK, **SMS_OK}
    )
    without = rsvp_create(event=event, data=person(2, phone="+33612345679"), reminders=EMAIL_OK)
    answered_days_ago(with_sms)
    answered_days_ago(without)
    run = reminders_send()
    assert run.queued["sms_2h"] == 1
    sms = Message.objects.get(channel="sms", idempotency_key__startswith="event-reminder:")
    assert sms.to_address == "+33612345678"
    assert ReminderSent.objects.get(kind="sms_2h", attendance=without.attendances[0]).skipped


def test_a_shift_is_reminded_by_its_own_start(org_a):
    event = EventFactory(organization=org_a, starts_at=timezone.now() + timedelta(hours=3))
    late = ShiftFactory(
        event=event,
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
    )
    event.ends_at = late.ends_at
    event.save()
    answered_days_ago(rsvp_create(event=event, data=person(1), shifts=[late], reminders=EMAIL_OK))
    assert reminders_send().queued["email_day"] == 0  # the shift is in two days


def test_a_reminder_rolled_back_with_its_worker_is_sent_by_the_next_run(org_a):
    event = tomorrow_event(org_a)
    answered_days_ago(rsvp_create(event=event, data=person(1), reminders=EMAIL_OK))
    attendance = Attendance.objects.get()
    rule = RULES[0]

    class WorkerDied(Exception):
        pass

    with pytest.raises(WorkerDied), transaction.atomic():
        reminder_send(attendance=attendance, rule=rule, now=timezone.now())
        raise WorkerDied
    assert not ReminderSent.objects.exists()
    assert reminders_send().queued["email_day"] == 1
    assert reminder_send(attendance=attendance, rule=rule, now=timezone.now()) is None
    assert Message.objects.filter(idempotency_key__startswith="event-reminder:").count() == 1


def test_reminders_skip_cancelled_events_and_people_not_going(org_a):
    event = tomorrow_event(org_a, capacity=1, remind_email=True)
    answered_days_ago(rsvp_create(event=event, data=person(1), reminders=EMAIL_OK))
    answered_days_ago(rsvp_create(event=event, data=person(2), reminders=EMAIL_OK))  # waiting
    off = tomorrow_event(org_a, remind_email=False)
    answered_days_ago(rsvp_create(event=off, data=person(3), reminders=EMAIL_OK))
    assert reminders_send().queued["email_day"] == 1


def test_the_reminders_run_by_themselves_in_the_workers():
    from turnout.core.periodic import REGISTRY

    assert REGISTRY["events.reminders"].every == timedelta(minutes=10)
