"""How events follow the CRM: the person page, merges, erasure, and the demo data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from turnout.events.models import Attendance, Event
from turnout.events.services import checkin, rsvp_create
from turnout.people.rights.merge import person_merge
from turnout.people.rights.services import person_erase
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory

from .factories import EventFactory
from .helpers import person

pytestmark = pytest.mark.django_db


def test_the_person_page_lists_their_events_and_check_ins(client_a, org_a):
    event = EventFactory(organization=org_a, title={"en": "Market leafleting"})
    attendance = rsvp_create(event=event, data=person(1)).attendances[0]
    checkin(attendance=attendance, actor=None)
    url = reverse(
        "people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": attendance.person.uuid}
    )
    body = client_a.get(url).content.decode()
    assert "Market leafleting" in body and "came" in body


def test_a_merge_keeps_the_better_answer_and_the_check_in(org_a, owner_a):
    event = EventFactory(organization=org_a, capacity=1)
    survivor = rsvp_create(event=event, data=person(1)).person
    other_attendance = rsvp_create(event=event, data=person(2)).attendances[0]  # waiting
    other_event = EventFactory(organization=org_a)
    moved = rsvp_create(event=other_event, data=person(2)).attendances[0]
    checkin(attendance=moved, actor=owner_a)
    person_merge(survivor=survivor, other=other_attendance.person, choices={}, actor=owner_a)
    rows = Attendance.objects.filter(person=survivor)
    assert rows.count() == 2
    assert rows.get(event=event).status == "going"
    assert rows.get(event=other_event).attended_at is not None


def test_an_erasure_cancels_what_is_to_come_and_kills_the_links(client, org_a, owner_a):
    event = EventFactory(organization=org_a, capacity=1)
    mine = rsvp_create(event=event, data=person(1), attribution={"utm_source": "x"})
    waiting = rsvp_create(event=event, data=person(2)).attendances[0]
    token = mine.attendances[0].token
    person_erase(person=mine.person, actor=owner_a, reason="asked by email")
    attendance = Attendance.objects.get(pk=mine.attendances[0].pk)
    waiting.refresh_from_db()
    assert attendance.status == "cancelled" and attendance.utm_source == ""
    assert attendance.token != token
    assert waiting.status == "going"
    assert client.get(reverse("events_public:rsvp", kwargs={"token": token})).status_code == 404


def test_a_host_erased_leaves_the_event_without_host(org_a, owner_a):
    host = EmailAddressFactory(person=PersonFactory(organization=org_a)).person
    event = EventFactory(organization=org_a, host=host)
    person_erase(person=host, actor=owner_a, reason="asked")
    event.refresh_from_db()
    assert event.host is None


def test_the_demo_events_load_once_with_their_story(settings):
    call_command("seed_demo", stdout=StringIO())
    events = Event.objects.filter(organization__slug="voix-citoyennes")
    counts = (events.count(), Attendance.objects.count())
    market = events.get(slug="tractage-marche-saint-louis")
    assert market.shifts.count() == 3 and {s.capacity for s in market.shifts.all()} == {6}
    assert market.attendances.filter(status="waitlisted").exists()
    assert {e.locality for e in events} >= {"Brest", "Paris", "Lyon"}
    past = events.get(slug="soiree-lancement-capucins")
    assert past.attendances.filter(attended_at__isnull=False).exists()
    assert events.filter(status=Event.Status.AWAITING, proposed_by__isnull=False).exists()
    call_command("seed_demo", stdout=StringIO())
    assert (events.count(), Attendance.objects.count()) == counts
