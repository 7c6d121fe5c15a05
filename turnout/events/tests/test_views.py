import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from turnout.core.models import AuditEvent
from turnout.events.models import Event, Shift
from turnout.events.services import checkin, rsvp_create
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import AccessLog
from turnout.people.tests.factories import EmailAddressFactory

from .factories import AttendanceFactory, EventFactory, ShiftFactory
from .helpers import person

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"events:{name}", kwargs={"org_slug": org.slug, **kwargs})


def form_data(**overrides):
    data = {
        "title_fr": "Tractage marché Saint-Louis",
        "title_en": "",
        "visibility": "public",
        "time_zone": "Europe/Paris",
        "starts_at": "2026-12-05T09:00",
        "ends_at": "2026-12-05T13:00",
        "venue": "Halles Saint-Louis",
        "postal_code": "29200",
        "locality": "Brest",
        "country": "FR",
        "latitude": "48.3904",
        "longitude": "-4.4875",
        "capacity": "",
        "waitlist": "on",
        "remind_email": "on",
        "shifts-TOTAL_FORMS": "2",
        "shifts-INITIAL_FORMS": "0",
        "shifts-MIN_NUM_FORMS": "0",
        "shifts-MAX_NUM_FORMS": "50",
        "shifts-0-label_fr": "Matin",
        "shifts-0-starts_at": "2026-12-05T09:00",
        "shifts-0-ends_at": "2026-12-05T11:00",
        "shifts-0-capacity": "6",
        "shifts-1-label_fr": "",
        "shifts-1-starts_at": "",
        "shifts-1-ends_at": "",
        "shifts-1-capacity": "",
    }
    data.update(overrides)
    return data


# --- Policies (role x action) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.OWNER, True),
        (Role.ADMIN, True),
        (Role.ORGANIZER, True),
        (Role.VOLUNTEER, False),
    ],
)
def test_policy_matrix(org_a, role, allowed):
    user = MembershipFactory(organization=org_a, role=role).user
    for perm in (
        "events.change_events",
        "events.review_proposals",
        "events.view_attendees",
        "events.export_attendees",
        "events.checkin",
    ):
        assert user.has_perm(perm, org_a) is allowed, perm
    assert user.has_perm("events.view_events", org_a)
    assert user.has_perm("events.propose_event", org_a)


def test_a_volunteer_proposes_but_cannot_create_publish_or_approve(client, org_a, volunteer_a):
    client.force_login(volunteer_a)
    assert client.get(url("create", org_a)).status_code == 403
    response = client.post(url("propose", org_a), form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == Event.Status.AWAITING and event.proposed_by == volunteer_a
    assert event.shifts.count() == 1
    assert client.post(url("publish", org_a, event_id=event.pk)).status_code == 403
    assert client.post(url("approve", org_a, event_id=event.pk)).status_code == 403
    event.refresh_from_db()
    assert event.status == Event.Status.AWAITING
    # The proposer follows their proposal; the attendees are not shown to volunteers.
    page = client.get(url("detail", org_a, event_id=event.pk))
    assert page.status_code == 200 and "Who is coming" not in page.content.decode()
    listing = client.get(url("list", org_a)).content.decode()
    assert "Tractage marché Saint-Louis" in listing and "Propose an event" in listing


def test_volunteers_do_not_see_drafts_of_others(client, org_a, volunteer_a):
    draft = EventFactory(organization=org_a, status=Event.Status.DRAFT, title={"fr": "Secret"})
    client.force_login(volunteer_a)
    assert "Secret" not in client.get(url("list", org_a)).content.decode()
    assert client.get(url("detail", org_a, event_id=draft.pk)).status_code == 404


# --- The event form -------------------------------------------------------------------------------


def test_create_an_event_with_a_shift_in_its_time_zone(client_a, org_a):
    response = client_a.post(url("create", org_a), form_data())
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == url(
        "detail", org_a, event_id=event.pk
    )
    assert event.status == Event.Status.DRAFT
    assert event.starts_at.isoformat() == "2026-12-05T08:00:00+00:00"  # 09:00 in Paris
    shift = event.shifts.get()
    assert shift.label == {"fr": "Matin"} and shift.capacity == 6
    assert (event.latitude, event.longitude) == (48.3904, -4.4875)
    vienna = client_a.post(
        url("create", org_a), form_data(time_zone="Europe/Vienna", title_fr="Wien")
    )
    assert vienna.status_code == 302
    assert Event.objects.get(title__fr="Wien").starts_at.isoformat() == "2026-12-05T08:00:00+00:00"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2026-12-05T08:00"}, "ends_at", "The event must end after it starts."),
        ({"capacity": "0"}, "capacity", "Enter at least 1 place"),
        ({"capacity": "-4"}, "capacity", "Enter at least 1 place"),
        ({"title_fr": ""}, "title_fr", "Give the event a title"),
        ({"latitude": "48.39", "longitude": ""}, "latitude", "both the latitude and"),
        ({"latitude": "123", "longitude": "2"}, "latitude", "between -90 and 90"),
    ],
)
def test_bad_event_input_is_shown_next_to_the_field_and_nothing_is_lost(
    client_a, org_a, overrides, field, message
):
    response = client_a.post(url("create", org_a), form_data(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    body = response.content.decode()
    assert "Halles Saint-Louis" in body and 'value="Matin"' in body  # what was typed stays
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"shifts-0-starts_at": "2026-12-05T12:00", "shifts-0-ends_at": "2026-12-05T14:00"},
         "starts_at", "fit within the event"),
        ({"shifts-0-ends_at": "2026-12-05T08:30"}, "ends_at", "end after it starts"),
        ({"shifts-0-capacity": "0"}, "capacity", "Enter at least 1 place"),
        ({"shifts-0-capacity": "-1"}, "capacity", "Enter at least 1 place"),
    ],
)  # fmt: skip
def test_bad_shift_input_is_shown_on_its_row(client_a, org_a, overrides, field, message):
    response = client_a.post(url("create", org_a), form_data(**overrides))
    assert response.status_code == 400
    shift_form = response.context["shifts"].forms[0]
    assert any(message in error for error in shift_form.errors[field])
    assert "Tractage marché Saint-Louis" in response.content.decode()
    assert not Event.objects.exists()


def test_an_unknown_host_email_is_refused(client_a, org_a):
    response = client_a.post(url("create", org_a), form_data(host_email="nobody@example.org"))
    assert response.status_code == 400 and "No one in your people" in str(
        response.context["form"].errors["host_email"]
    )
    host = EmailAddressFactory(person__organization=org_a, address="host@example.org").person
    response = client_a.post(url("create", org_a), form_data(host_email="host@example.org"))
    assert response.status_code == 302 and Event.objects.get().host == host


def test_edit_keeps_the_shifts_removes_an_empty_one_and_shows_dates_in_local_time(client_a, org_a):
    event = EventFactory(organization=org_a, time_zone="Europe/Paris", status=Event.Status.DRAFT)
    shift = ShiftFactory(event=event)
    page = client_a.get(url("edit", org_a, event_id=event.pk)).content.decode()
    local = timezone.localtime(
        event.starts_at, timezone=__import__("zoneinfo").ZoneInfo("Europe/Paris")
    )
    assert local.strftime("%Y-%m-%dT%H:%M") in page
    start = local.strftime("%Y-%m-%dT%H:%M")
    end = (local + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    data = form_data(
        starts_at=start,
        ends_at=end,
        **{
            "shifts-TOTAL_FORMS": "1",
            "shifts-INITIAL_FORMS": "1",
            "shifts-0-id": str(shift.pk),
            "shifts-0-starts_at": start,
            "shifts-0-ends_at": end,
            "shifts-0-DELETE": "on",
        },
    )
    response = client_a.post(url("edit", org_a, event_id=event.pk), data)
    assert response.status_code == 302
    assert not Shift.objects.filter(pk=shift.pk).exists()


def test_publish_and_cancel_from_the_workspace(client_a, org_a):
    event = EventFactory(organization=org_a, status=Event.Status.DRAFT, published_at=None)
    client_a.post(url("publish", org_a, event_id=event.pk))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    page = client_a.get(url("cancel", org_a, event_id=event.pk))
    assert page.status_code == 200
    client_a.post(url("cancel", org_a, event_id=event.pk), {"reason": "Salle indisponible"})
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert AuditEvent.objects.filter(action="event.cancel").exists()


def test_organizers_answer_proposals(client, org_a, organizer_a, volunteer_a):
    from turnout.events.services import event_propose

    starts = timezone.now() + timedelta(days=4)
    fields = {"title": {"fr": "Apéro"}, "starts_at": starts, "ends_at": starts + timedelta(hours=2)}
    first = event_propose(organization=org_a, actor=volunteer_a, fields=fields)
    second = event_propose(organization=org_a, actor=volunteer_a, fields=fields)
    client.force_login(organizer_a)
    listing = client.get(url("proposals", org_a)).content.decode()
    assert listing.count("Apéro") >= 2
    client.post(url("approve", org_a, event_id=first.pk))
    response = client.post(url("reject", org_a, event_id=second.pk), {"reason": ""})
    second.refresh_from_db()
    assert second.status == Event.Status.AWAITING  # no reason: nothing done
    client.post(url("reject", org_a, event_id=second.pk), {"reason": "Trop tard"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("published", "rejected")
    assert response.status_code == 302


# --- The event's page, the export -------------------------------------------------------------


def test_detail_lists_going_per_shift_the_waiting_list_in_order_and_check_ins(client_a, org_a):
    event = EventFactory(organization=org_a)
    shift = ShiftFactory(event=event, capacity=1)
    first = rsvp_create(event=event, data=person(1), shifts=[shift]).attendances[0]
    rsvp_create(event=event, data=person(2, given_name="Bastien"), shifts=[shift])
    rsvp_create(event=event, data=person(3, given_name="Chloé"), shifts=[shift])
    checkin(attendance=first, actor=None)
    body = client_a.get(url("detail", org_a, event_id=event.pk)).content.decode()
    assert "Waiting list, in order" in body
    assert body.index("Bastien") < body.index("Chloé")
    assert "1 going · 2 waiting · 1 checked in" in body
    assert AccessLog.objects.filter(description=f"attendees of event {event.pk}").exists()


def test_export_csv_of_the_attendees(client_a, org_a):
    event = EventFactory(organization=org_a)
    rsvp_create(
        event=event,
        data=person(1, family_name="=HYPERLINK()"),
        attribution={"utm_source": "tract"},
    )
    response = client_a.get(url("export", org_a, event_id=event.pk))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["family_name"] == "'=HYPERLINK()"
    assert rows[0]["email"] == "marie1@example.org" and rows[0]["utm_source"] == "tract"
    assert rows[0]["status"] == "going"
    assert AuditEvent.objects.filter(action="event.attendees_exported").exists()


def test_the_list_splits_upcoming_and_past(client_a, org_a):
    EventFactory(organization=org_a, title={"fr": "Bientôt"})
    EventFactory(
        organization=org_a,
        title={"fr": "Hier"},
        starts_at=timezone.now() - timedelta(days=1, hours=3),
        ends_at=timezone.now() - timedelta(days=1),
    )
    upcoming = client_a.get(url("list", org_a)).content.decode()
    past = client_a.get(url("list", org_a) + "?when=past").content.decode()
    assert "Bientôt" in upcoming and "Hier" not in upcoming
    assert "Hier" in past and "Bientôt" not in past


def test_query_budget_of_the_list(client_a, org_a, django_assert_max_num_queries):
    for _n in range(3):
        event = EventFactory(organization=org_a)
        ShiftFactory(event=event)
        AttendanceFactory(organization=org_a, event=event)
    client_a.get(url("list", org_a))
    with django_assert_max_num_queries(12) as captured:
        client_a.get(url("list", org_a))
    few = len(captured)
    for _n in range(10):
        event = EventFactory(organization=org_a)
        ShiftFactory(event=event)
        AttendanceFactory(organization=org_a, event=event)
    with django_assert_max_num_queries(few):
        client_a.get(url("list", org_a))


def test_query_budget_of_the_detail(client_a, org_a, django_assert_max_num_queries):
    event = EventFactory(organization=org_a)
    shift = ShiftFactory(event=event, capacity=None)
    for _n in range(3):
        AttendanceFactory(organization=org_a, event=event, shift=shift)
    with django_assert_max_num_queries(25) as captured:
        client_a.get(url("detail", org_a, event_id=event.pk))
    few = len(captured)
    for _n in range(15):
        EmailAddressFactory(
            person=AttendanceFactory(organization=org_a, event=event, shift=shift).person
        )
    with django_assert_max_num_queries(few):
        client_a.get(url("detail", org_a, event_id=event.pk))


def test_another_organizations_event_and_ticket_are_not_found(client_a, org_a, org_b):
    theirs = AttendanceFactory(organization=org_b)
    event_id = theirs.event_id
    for name in ("detail", "edit", "cancel", "checkin", "export"):
        assert client_a.get(url(name, org_a, event_id=event_id)).status_code == 404, name
    for name in ("publish", "approve", "reject"):
        assert client_a.post(url(name, org_a, event_id=event_id)).status_code == 404, name
    checkin_page = url("checkin_one", org_a, attendance_token=theirs.token)
    assert client_a.get(checkin_page).status_code == 404
    assert client_a.post(checkin_page).status_code == 404
    theirs.refresh_from_db()
    assert theirs.attended_at is None


def test_the_forms_open_and_volunteers_cannot_probe_the_people(client, org_a, volunteer_a):
    EmailAddressFactory(person__organization=org_a, address="known@example.org")
    client.force_login(volunteer_a)
    page = client.get(url("propose", org_a))
    assert page.status_code == 200 and "host_email" not in page.content.decode()
    response = client.post(url("propose", org_a), form_data(host_email="known@example.org"))
    assert response.status_code == 302 and Event.objects.get().host is None


def test_the_create_form_has_the_map_to_place_the_marker(client_a, org_a):
    body = client_a.get(url("create", org_a)).content.decode()
    assert 'data-pick-lat="id_latitude"' in body and "leaflet/leaflet.js" in body
    assert 'name="shifts-TOTAL_FORMS"' in body
