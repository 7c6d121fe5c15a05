"""Events and attendances over the API; the record attendance helper through the events'
RSVP service (places, waiting list); cancelling an attendance frees its place."""

from __future__ import annotations

import pytest

from turnout.api.resources.testing import check_collection, check_scope, client_for
from turnout.events.models import Attendance, Event
from turnout.events.tests.factories import AttendanceFactory, EventFactory, ShiftFactory
from turnout.people.models import Person

pytestmark = pytest.mark.django_db


def guest(email="sam@example.org", **extra) -> dict:
    return {"person": {"given_name": "Sam", "email_addresses": [{"address": email}]}, **extra}


@pytest.fixture
def api_a(org_a, owner_a):
    return client_for(org_a, user=owner_a)


def test_events_list_and_one(api_a, org_a, org_b):
    event = EventFactory(organization=org_a, capacity=20)
    EventFactory(organization=org_a, status=Event.Status.DRAFT)
    EventFactory(organization=org_b)
    AttendanceFactory(organization=org_a, event=event)
    AttendanceFactory(organization=org_a, event=event, status=Attendance.Status.CANCELLED)
    body = check_collection(api_a, "/api/v1/events", "osdi:events", 2)
    first = body["_embedded"]["osdi:events"][0]
    assert first["identifiers"] == [f"turnout:{event.uuid}"]
    assert first["status"] == "confirmed" and first["visibility"] == "public"
    assert first["total_accepted"] == 1 and first["capacity"] == 20
    assert first["location"]["locality"] == "Brest"
    assert first["location"]["location"] == {"latitude": 48.3904, "longitude": -4.4875}
    assert first["browser_url"].endswith(f"/e/{event.slug}/")
    assert body["_embedded"]["osdi:events"][1]["status"] == "tentative"
    one = api_a.get(f"/api/v1/events/turnout:{event.uuid}").json()
    assert one["_links"]["osdi:attendances"]["href"].endswith(
        f"/api/v1/events/{event.uuid}/attendances"
    )


def test_events_filter_on_start_date(api_a, org_a):
    soon = EventFactory(organization=org_a)
    EventFactory(
        organization=org_a,
        starts_at=soon.starts_at.replace(year=soon.starts_at.year + 1),
        ends_at=soon.ends_at.replace(year=soon.ends_at.year + 1),
    )
    limit = soon.starts_at.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = api_a.get("/api/v1/events", {"$filter": f"start_date le '{limit}'"}).json()
    assert [e["identifiers"][0] for e in body["_embedded"]["osdi:events"]] == [
        f"turnout:{soon.uuid}"
    ]


def test_attendances_list_and_one(api_a, org_a):
    event = EventFactory(organization=org_a)
    going = AttendanceFactory(organization=org_a, event=event)
    AttendanceFactory(organization=org_a, event=event, status=Attendance.Status.WAITLISTED)
    url = f"/api/v1/events/{event.uuid}/attendances"
    body = check_collection(api_a, url, "osdi:attendances", 2)
    first, second = body["_embedded"]["osdi:attendances"]
    assert first["status"] == "accepted" and second["status"] == "tentative"
    assert second["waitlisted"] is True
    assert first["_links"]["osdi:person"]["href"].endswith(f"/people/{going.person.uuid}")
    assert first["_links"]["osdi:event"]["href"].endswith(f"/events/{event.uuid}")
    one = api_a.get(f"{url}/{going.pk}").json()
    assert one["identifiers"] == [f"turnout:{going.pk}"] and one["attended"] is False


def test_isolation(api_a, org_b):
    event = EventFactory(organization=org_b)
    attendance = AttendanceFactory(organization=org_b, event=event)
    for url in (
        f"/api/v1/events/{event.uuid}",
        f"/api/v1/events/{event.uuid}/attendances",
        f"/api/v1/events/{event.uuid}/attendances/{attendance.pk}",
    ):
        assert api_a.get(url).status_code == 404, url
    assert (
        api_a.post(f"/api/v1/events/{event.uuid}/record_attendance_helper", guest()).status_code
        == 404
    )
    assert (
        api_a.delete(f"/api/v1/events/{event.uuid}/attendances/{attendance.pk}").status_code == 404
    )
    attendance.refresh_from_db()
    assert attendance.status == Attendance.Status.GOING


def test_scopes(org_a):
    event = EventFactory(organization=org_a)
    check_scope(org_a, "/api/v1/events", "events")
    check_scope(
        org_a,
        f"/api/v1/events/{event.uuid}/record_attendance_helper",
        "events",
        method="post",
        body=guest(),
    )
    assert not Attendance.objects.exists()


def test_list_queries_are_bounded(api_a, org_a, django_assert_max_num_queries):
    event = EventFactory(organization=org_a)
    for _ in range(10):
        AttendanceFactory(organization=org_a, event=event)
    EventFactory.create_batch(4, organization=org_a)
    with django_assert_max_num_queries(8):
        assert api_a.get(f"/api/v1/events/{event.uuid}/attendances").status_code == 200
    with django_assert_max_num_queries(8):
        assert api_a.get("/api/v1/events").status_code == 200


def test_record_attendance_takes_places_then_the_waiting_list(api_a, org_a):
    event = EventFactory(organization=org_a, capacity=1, waitlist=True)
    url = f"/api/v1/events/{event.uuid}/record_attendance_helper"
    first = api_a.post(url, guest(add_tags=["bénévole"]))
    assert first.status_code == 200, first.content
    assert first.json()["status"] == "accepted"
    person = Person.objects.get(organization=org_a, emails__address="sam@example.org")
    assert list(person.tags.values_list("name", flat=True)) == ["bénévole"]
    # The same person again: the same attendance, still one place taken.
    again = api_a.post(url, guest())
    assert again.json()["identifiers"] == first.json()["identifiers"]
    second = api_a.post(f"/api/v1/events/{event.uuid}/attendances", guest("kim@example.org"))
    assert second.status_code == 200
    assert second.json()["status"] == "tentative" and second.json()["waitlisted"] is True
    # Cancelling the first gives the place to the waiting list.
    self_url = first.json()["_links"]["self"]["href"]
    assert api_a.delete(self_url).status_code == 200
    waiting = Attendance.objects.get(person__emails__address="kim@example.org")
    assert waiting.status == Attendance.Status.GOING
    assert api_a.get(self_url).json()["status"] == "declined"


def test_record_attendance_full_without_waiting_list_is_refused(api_a, org_a):
    event = EventFactory(organization=org_a, capacity=1, waitlist=False)
    AttendanceFactory(organization=org_a, event=event)
    response = api_a.post(f"/api/v1/events/{event.uuid}/record_attendance_helper", guest())
    assert response.status_code == 400
    assert "full" in response.json()["error"]["message"]
    assert not Person.objects.filter(emails__address="sam@example.org").exists()


def test_record_attendance_needs_a_shift_when_the_event_has_shifts(api_a, org_a):
    event = EventFactory(organization=org_a)
    shift = ShiftFactory(event=event)
    url = f"/api/v1/events/{event.uuid}/record_attendance_helper"
    response = api_a.post(url, guest())
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Choose at least one shift."
    other = ShiftFactory(event=EventFactory(organization=org_a))
    assert api_a.post(url, guest(shift=other.pk)).json()["error"]["fields"] == {
        "shift": ["This event has no such shift."]
    }
    ok = api_a.post(url, guest(shift=shift.pk))
    assert ok.status_code == 200 and ok.json()["shift"] == shift.pk


@pytest.mark.parametrize(
    "body",
    [
        {"person": {"given_name": "Nobody"}},
        {**guest(), "shift": "morning"},
        {**guest(), "unknown": 1},
        {"person": {"email_addresses": [{"address": "sam@example.org"}], "given_name": 5}},
    ],
)
def test_record_attendance_bad_input(api_a, org_a, body):
    event = EventFactory(organization=org_a)
    response = api_a.post(f"/api/v1/events/{event.uuid}/record_attendance_helper", body)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"]
    assert not Attendance.objects.exists()


def test_record_attendance_on_a_cancelled_event_is_refused(api_a, org_a):
    event = EventFactory(organization=org_a, status=Event.Status.CANCELLED)
    response = api_a.post(f"/api/v1/events/{event.uuid}/record_attendance_helper", guest())
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "This event is not taking sign-ups."
