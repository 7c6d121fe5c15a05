"""Reminder programs: subscriptions (the assistant's contract), the texts filled per person,
and the periodic release that sends each reminder once."""

from datetime import date, time

import pytest

from turnout.canvassing.tests.factories import PollingStationFactory
from turnout.core.periodic import REGISTRY
from turnout.gotv.exceptions import ReminderError
from turnout.gotv.models import ReminderDelivery, ReminderProgram, ReminderSubscription
from turnout.gotv.selectors import program_list, reminder_program_for
from turnout.gotv.services import (
    program_transition,
    reminder_subscribe,
    reminder_unsubscribe,
    segment_subscribe,
)
from turnout.gotv.services.sending import reminders_send_due
from turnout.messaging.models import Message, MessagingSettings
from turnout.people.models import Activity, Consent, Person, PostalAddress

from .factories import GotvElectionFactory, ReminderProgramFactory
from .helpers import CONSENT, voter

pytestmark = pytest.mark.django_db

EVE = "2026-12-19 18:05:00+01:00"
DAY = "2026-12-20 09:05:00+01:00"


def subscribe(org, person, election, channel="email", source="assistant"):
    return reminder_subscribe(
        organization=org,
        person=person,
        election=election,
        channel=channel,
        source=source,
        consent_text=CONSENT,
    )


def test_subscribe_records_the_consent_text_and_is_idempotent(org_a):
    election = GotvElectionFactory(organization=org_a)
    person = voter(org_a)
    first = subscribe(org_a, person, election)
    again = subscribe(org_a, person, election)
    assert again.pk == first.pk
    assert ReminderSubscription.objects.count() == 1
    consent = Consent.objects.get(person=person, purpose="reminders", current=True)
    assert consent.status == "granted" and consent.notice_text == CONSENT
    assert first.consent_text == CONSENT
    # No program yet: a draft one with the default texts was made for the election.
    program = reminder_program_for(organization=org_a, election=election)
    assert program.status == ReminderProgram.Status.DRAFT
    assert "{polling_station}" in program.day_text["fr"]["body"]
    assert Activity.objects.filter(person=person, kind="gotv.reminder_subscribed").count() == 1


def test_whatsapp_means_sms_and_bad_input_is_refused_clearly(org_a):
    election = GotvElectionFactory(organization=org_a)
    with_phone = voter(org_a, 1, phone=True)
    assert subscribe(org_a, with_phone, election, channel="whatsapp").channel == "sms"
    with pytest.raises(ReminderError) as error:
        subscribe(org_a, with_phone, election, channel="pigeon")
    assert error.value.code == "channel"
    email_only = voter(org_a, 2)
    with pytest.raises(ReminderError) as error:
        subscribe(org_a, email_only, election, channel="sms")
    assert error.value.code == "no_contact"
    assert "mobile phone" in error.value.message
    past = GotvElectionFactory(organization=org_a, date=date(2026, 1, 10))
    with pytest.raises(ReminderError) as error:
        subscribe(org_a, email_only, past)
    assert error.value.code == "over"


def test_unsubscribe_withdraws_the_consent_and_a_new_opt_in_turns_it_back_on(org_a):
    election = GotvElectionFactory(organization=org_a)
    person = voter(org_a)
    subscription = subscribe(org_a, person, election)
    reminder_unsubscribe(subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.status == "unsubscribed"
    assert Consent.objects.get(person=person, purpose="reminders", current=True).status == (
        "withdrawn"
    )
    again = subscribe(org_a, person, election, source="web")
    assert again.pk == subscription.pk and again.status == "active"
    assert Consent.objects.get(person=person, purpose="reminders", current=True).status == (
        "granted"
    )


def test_eve_and_day_reminders_go_once_each_with_the_station_filled_in(org_a, clock):
    election = GotvElectionFactory(organization=org_a, polls_close=time(19, 0))
    station = PollingStationFactory(
        organization=org_a, commune_code="29019", number=3, name="École Jean Macé",
        place="12 rue Jean Macé",
    )  # fmt: skip
    person = voter(org_a)
    PostalAddress.objects.filter(person=person).delete()
    PostalAddress.objects.create(
        organization=org_a, person=person, primary=True, postal_code="29200",
        locality="Brest", polling_station=station.code,
    )  # fmt: skip
    nowhere = voter(org_a, 9)
    for who in (person, nowhere):
        subscribe(org_a, who, election)
    program = reminder_program_for(organization=org_a, election=election)
    program_transition(program=program, operation="start", actor=None)

    assert reminders_send_due().queued == 0  # a month early: nothing due
    clock.move_to(EVE)
    assert reminders_send_due().queued == 2
    assert reminders_send_due().queued == 0  # the second run finds them handled
    message = Message.objects.get(person=person)
    assert "École Jean Macé, 12 rue Jean Macé" in message.body
    assert "Camille0" in message.body and "19:00" in message.body
    assert message.subject.startswith("Demain")  # the person's language
    assert "voter card" in Message.objects.get(person=nowhere).body or "carte" in (
        Message.objects.get(person=nowhere).body
    )
    clock.move_to(DAY)
    REGISTRY["gotv.reminders"].func()
    assert Message.objects.filter(person=person).count() == 2
    assert ReminderDelivery.objects.filter(subscription__person=person).count() == 2
    counts = program_list(organization=org_a)[0].counts
    assert counts["queued"] + counts["sent"] == 4


def test_paused_programs_unsubscribed_people_and_late_slots_send_nothing(org_a, clock):
    program = ReminderProgramFactory(organization=org_a, status=ReminderProgram.Status.PAUSED)
    kept = subscribe(org_a, voter(org_a, 1), program.election)
    left = subscribe(org_a, voter(org_a, 2), program.election)
    reminder_unsubscribe(subscription=left)
    clock.move_to(EVE)
    assert reminders_send_due().queued == 0
    program_transition(program=program, operation="start", actor=None)
    assert reminders_send_due().queued == 1
    assert Message.objects.get().person_id == kept.person_id
    clock.move_to("2026-12-20 19:30:00+01:00")  # the polls closed at 18:00
    assert reminders_send_due().queued == 0


def test_sms_respects_consent_and_the_sunday_rule_of_the_sending_hours(org_a, clock):
    program = ReminderProgramFactory(organization=org_a)
    person = voter(org_a, 3, email=False, phone=True)
    subscribe(org_a, person, program.election, channel="sms")
    clock.move_to(EVE)  # a Saturday, 18:05: inside the French SMS hours
    assert reminders_send_due().queued == 1
    assert Message.objects.get(person=person).channel == "sms"
    clock.move_to(DAY)  # Sunday: the default sending hours allow no SMS
    run = reminders_send_due()
    assert run.queued == 0 and run.skipped == {"sending_hours": 1}
    MessagingSettings.objects.filter(organization=org_a).update(quiet_hours="")
    # Handled once: changing the hours afterwards does not send it again.
    assert reminders_send_due().queued == 0


def test_a_withdrawn_consent_elsewhere_stops_the_reminder(org_a, clock):
    program = ReminderProgramFactory(organization=org_a)
    person = voter(org_a)
    subscribe(org_a, person, program.election)
    Person.objects.filter(pk=person.pk).update(do_not_contact=True)
    clock.move_to(EVE)
    run = reminders_send_due()
    assert run.queued == 0 and run.skipped == {"do_not_contact": 1}


def test_second_round_reminders(org_a, clock):
    election = GotvElectionFactory(organization=org_a, second_round_date=date(2026, 12, 27))
    program = ReminderProgramFactory(organization=org_a, election=election)
    subscribe(org_a, voter(org_a), election)
    clock.move_to("2026-12-26 18:30:00+01:00")
    assert reminders_send_due().queued == 1
    assert ReminderDelivery.objects.get().round == 2
    program.second_round = False
    program.save()
    clock.move_to("2026-12-27 09:30:00+01:00")
    assert reminders_send_due().queued == 0


def test_starting_needs_valid_texts(org_a):
    program = ReminderProgramFactory(organization=org_a, status=ReminderProgram.Status.DRAFT)
    program.eve_text = {"fr": {"subject": "Demain", "body": "Bonjour {prenom}"}}
    program.save()
    with pytest.raises(ReminderError) as error:
        program_transition(program=program, operation="start", actor=None)
    assert "prenom" in error.value.message
    program.refresh_from_db()
    assert program.status == "draft"


def test_segment_subscription_counts_who_was_left_out(org_a):
    program = ReminderProgramFactory(organization=org_a)
    voter(org_a, 1)
    voter(org_a, 2, email=False, phone=True)
    counts = segment_subscribe(
        program=program, people=Person.objects.filter(organization=org_a), channel="email",
        consent_text="Paper form at the market stall, 2026-11-20", actor=None,
    )  # fmt: skip
    assert counts == {"subscribed": 1, "no_contact": 1}
