from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from turnout.events.models import Attendance, Event
from turnout.events.services import event_cancel, event_update, rsvp_create
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .factories import EventFactory, ShiftFactory
from .helpers import person

pytestmark = pytest.mark.django_db


def public(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"events_public:{name}", kwargs=kwargs)


def answer(**overrides):
    data = {"given_name": "Marie", "family_name": "Dupont", "email": "marie@example.org"}
    data.update(overrides)
    return data


# --- The event's page, in each language ---------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "day"),
    [
        ("fr", "Tractage au marché", "samedi 28 novembre 2026"),
        ("en", "Leafleting at the market", "Saturday 28 November 2026"),
        ("de", "Flyer am Markt", "Samstag 28 November 2026"),
    ],
)
def test_the_event_page_speaks_the_visitors_language(client, org_a, language, title, day):
    starts = timezone.make_aware(timezone.datetime(2026, 11, 28, 9, 0))
    event = EventFactory(organization=org_a, starts_at=starts, ends_at=starts + timedelta(hours=3))
    body = client.get(public("event", language, slug=event.slug)).content.decode()
    assert f"<h1>{title}</h1>" in body
    assert day.split()[1] in body and "09:00–12:00" in body
    assert f'<meta property="og:title" content="{title}">' in body
    assert "Halles Saint-Louis" in body and "data-map" in body


def test_drafts_and_proposals_are_not_public_but_organizers_preview_them(client, org_a, owner_a):
    draft = EventFactory(organization=org_a, status=Event.Status.DRAFT, published_at=None)
    assert client.get(public("event", slug=draft.slug)).status_code == 404
    assert client.post(public("event", slug=draft.slug), answer()).status_code == 404
    client.force_login(owner_a)
    body = client.get(public("event", slug=draft.slug)).content.decode()
    assert "Preview: this event is not public" in body
    assert client.post(public("event", slug=draft.slug), answer()).status_code == 400
    assert not Attendance.objects.exists()


def test_an_internal_event_is_for_members_only(client, org_a, org_b, owner_b):
    event = EventFactory(organization=org_a, visibility=Event.Visibility.INTERNAL)
    assert client.get(public("event", slug=event.slug)).status_code == 404
    client.force_login(owner_b)  # a member of another organization
    assert client.get(public("event", slug=event.slug)).status_code == 404
    member = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(member)
    assert client.get(public("event", slug=event.slug)).status_code == 200
    assert event.slug not in client.get(public("search")).content.decode()


# --- RSVP, ticket, calendar file, cancel ---------------------------------------------------------


def test_rsvp_to_a_shift_then_the_ticket_with_its_qr_code(client, org_a):
    event = EventFactory(organization=org_a)
    shift = ShiftFactory(event=event, capacity=2)
    page = client.get(public("event", slug=event.slug) + "?utm_source=flyer").content.decode()
    assert "2 places left" in page and 'value="flyer"' in page
    response = client.post(
        public("event", slug=event.slug),
        answer(shifts=[str(shift.pk)], remind_email="on", utm_source="flyer"),
    )
    attendance = Attendance.objects.get()
    assert response.status_code == 302
    assert response["Location"] == public("rsvp", token=attendance.token) + "?new=1"
    assert attendance.shift == shift and attendance.utm_source == "flyer"
    ticket = client.get(response["Location"])
    body = ticket.content.decode()
    assert "Thank you, you're signed up!" in body and '<svg class="qr"' in body
    assert ticket["Referrer-Policy"] == "no-referrer" and "noindex" in ticket["X-Robots-Tag"]
    assert public("rsvp_ics", token=attendance.token) in body


def test_the_qr_code_scans_to_the_check_in_page_of_the_ticket(client, org_a):
    zxingcpp = pytest.importorskip("zxingcpp")
    resvg = pytest.importorskip("resvg_py")
    from io import BytesIO

    from PIL import Image

    from turnout.events import text
    from turnout.events.qr import qr_svg

    attendance = rsvp_create(event=EventFactory(organization=org_a), data=person(1)).attendances[0]
    svg = qr_svg(text.checkin_url(attendance), label="code")
    png = bytes(
        resvg.svg_to_bytes(svg_string=svg.replace("<svg ", '<svg width="400" height="400" ', 1))
    )
    found = zxingcpp.read_barcodes(Image.open(BytesIO(png)))
    assert [code.text for code in found] == [text.checkin_url(attendance)]
    assert f"/o/{org_a.slug}/events/checkin/{attendance.token}/" in found[0].text


def test_bad_rsvp_input_is_shown_and_nothing_is_lost(client, org_a):
    event = EventFactory(organization=org_a)
    ShiftFactory(event=event)
    response = client.post(
        public("event", slug=event.slug), answer(email="not-an-email", remind_sms="on")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"email", "shifts", "phone"} <= set(form.errors)
    assert "Choose at least one shift." in form.errors["shifts"]
    assert 'value="Marie"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_when_full_the_page_speaks_of_the_waiting_list(client, org_a):
    event = EventFactory(organization=org_a, capacity=1, waitlist=True)
    rsvp_create(event=event, data=person(1))
    body = client.get(public("event", slug=event.slug)).content.decode()
    assert "It is full for now" in body and "Join the waiting list" in body
    response = client.post(public("event", slug=event.slug), answer())
    ticket = client.get(response["Location"]).content.decode()
    assert "On the waiting list: number 1" in ticket and '<svg class="qr"' not in ticket


def test_when_full_without_waiting_list_the_form_is_gone(client, org_a):
    event = EventFactory(organization=org_a, capacity=1, waitlist=False)
    rsvp_create(event=event, data=person(1))
    body = client.get(public("event", slug=event.slug)).content.decode()
    assert "It is full, sorry." in body and "Sign me up" not in body
    response = client.post(public("event", slug=event.slug), answer())
    assert response.status_code == 400
    assert "full and has no waiting list" in str(response.context["form"].non_field_errors())


def test_a_bot_is_thanked_and_ignored(client, org_a):
    event = EventFactory(organization=org_a)
    response = client.post(public("event", slug=event.slug), answer(website="http://spam"))
    assert response.status_code == 302 and not Attendance.objects.exists()


def test_cancel_my_rsvp_needs_the_button(client, org_a):
    event = EventFactory(organization=org_a, capacity=1)
    mine = rsvp_create(event=event, data=person(1)).attendances[0]
    waiting = rsvp_create(event=event, data=person(2)).attendances[0]
    page = client.get(public("rsvp_cancel", token=mine.token))
    assert page.status_code == 200 and "Cancel my sign-up" in page.content.decode()
    mine.refresh_from_db()
    assert mine.status == "going"  # a GET cancels nothing
    done = client.post(public("rsvp_cancel", token=mine.token)).content.decode()
    assert "Your sign-up is cancelled" in done
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("cancelled", "going")
    assert client.get(public("rsvp", token="forged-token")).status_code == 404


def parse(body: bytes):
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_the_ics_of_an_rsvp_has_a_stable_uid_utc_times_and_follows_changes(client, org_a, owner_a):
    event = EventFactory(organization=org_a, online_url="https://meet.example.org/abc")
    shift = ShiftFactory(event=event)
    attendance = rsvp_create(event=event, data=person(1), shifts=[shift]).attendances[0]
    response = client.get(public("rsvp_ics", token=attendance.token))
    assert response["Content-Type"].startswith("text/calendar")
    [entry] = parse(response.content)
    uid, sequence = str(entry["UID"]), int(entry["SEQUENCE"])
    assert uid == f"event-{event.uuid}-shift-{shift.pk}@turnout"
    assert entry.decoded("DTSTART") == shift.starts_at.replace(microsecond=0)
    assert entry.decoded("DTSTART").utcoffset() == timedelta(0)
    assert b"DTSTART:" in response.content and b"Z\r\n" in response.content
    assert str(entry["STATUS"]) == "CONFIRMED"
    assert "https://meet.example.org/abc" in str(entry["DESCRIPTION"])
    event_update(event=event, actor=owner_a, fields={"venue": "Place de la Liberté"})
    [changed] = parse(client.get(public("rsvp_ics", token=attendance.token)).content)
    assert str(changed["UID"]) == uid and int(changed["SEQUENCE"]) == sequence + 1
    assert "Place de la Liberté" in str(changed["LOCATION"])
    event_cancel(event=event, actor=owner_a)
    [cancelled] = parse(client.get(public("rsvp_ics", token=attendance.token)).content)
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["UID"]) == uid


def test_the_feed_lists_public_published_events_and_cancelled_ones(client, org_a, owner_a, org_b):
    shown = EventFactory(organization=org_a, title={"fr": "Public"})
    cancelled = EventFactory(organization=org_a, title={"fr": "Annulé"})
    event_cancel(event=cancelled, actor=owner_a)
    EventFactory(organization=org_a, visibility=Event.Visibility.INTERNAL, title={"fr": "Interne"})
    EventFactory(organization=org_a, status=Event.Status.DRAFT, published_at=None)
    EventFactory(organization=org_b, title={"fr": "Ailleurs"})
    response = client.get(public("feed", organization_slug=org_a.slug))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    entries = {str(e["UID"]): e for e in parse(response.content)}
    assert set(entries) == {f"event-{shown.uuid}@turnout", f"event-{cancelled.uuid}@turnout"}
    assert str(entries[f"event-{cancelled.uuid}@turnout"]["STATUS"]) == "CANCELLED"
    assert str(entries[f"event-{shown.uuid}@turnout"]["STATUS"]) == "CONFIRMED"
    for entry in entries.values():
        assert entry.decoded("DTSTART").utcoffset() == timedelta(0)
    assert client.get(public("feed", organization_slug="nobody")).status_code == 404


# --- Search by distance --------------------------------------------------------------------------


def place(org, title, lat, lon, postal_code="", **extra):
    return EventFactory(
        organization=org,
        title={"fr": title},
        latitude=lat,
        longitude=lon,
        postal_code=postal_code,
        **extra,
    )


def test_search_near_a_postal_code_sorts_by_distance_and_shows_it(client, org_a, org_b):
    from turnout.canvassing.models import AddressPoint

    for lat, lon in ((48.3897, -4.4866), (48.3911, -4.4884)):  # the Saint-Louis market
        AddressPoint.objects.create(
            organization=org_b,
            street="Rue de Siam",
            postal_code="29200",
            latitude=lat,
            longitude=lon,
        )
    place(org_a, "Recouvrance", 48.3833, -4.4997)  # ~1.2 km
    place(org_a, "Saint-Louis", 48.3904, -4.4875)  # ~0 km
    place(org_b, "Guipavas", 48.4350, -4.4000)  # ~8 km
    place(org_a, "Quimper", 47.9960, -4.1020)  # ~52 km
    response = client.get(public("search") + "?near=29 200&radius=10")
    body = response.content.decode()
    titles = [item["title"] for item in response.context["results"]]
    assert titles == ["Saint-Louis", "Recouvrance", "Guipavas"]
    assert "0.1 km" in body or "0.0 km" in body
    assert "Within 10 km of 29200" in body


def test_search_by_the_browsers_location(client, org_a):
    place(org_a, "Bellecour", 45.7578, 4.8320)
    place(org_a, "Brest", 48.3904, -4.4875)
    response = client.get(public("search") + "?lat=45.76&lon=4.84&radius=5")
    assert [item["title"] for item in response.context["results"]] == ["Bellecour"]
    assert "Within 5 km of your location" in response.content.decode()


def test_an_unknown_postal_code_is_said_clearly(client, org_a):
    place(org_a, "Brest", 48.3904, -4.4875, postal_code="29200")
    response = client.get(public("search") + "?near=99999")
    assert response.status_code == 400
    assert "We do not know where the postal code 99999 is." in response.content.decode()
    assert 'value="99999"' in response.content.decode()


def test_a_postal_code_known_from_events_or_enough_people(client, org_a):
    from turnout.people.tests.factories import PostalAddressFactory

    place(org_a, "Lyon", 45.7578, 4.8320, postal_code="69002")
    assert client.get(public("search") + "?near=69002").status_code == 200
    for _n in range(4):
        PostalAddressFactory(
            person__organization=org_a, postal_code="75011", latitude=48.8590, longitude=2.3800
        )
    assert client.get(public("search") + "?near=75011").status_code == 400  # too few people
    PostalAddressFactory(
        person__organization=org_a, postal_code="75011", latitude=48.8590, longitude=2.3800
    )
    assert client.get(public("search") + "?near=75011").status_code == 200


def test_search_without_a_place_lists_upcoming_events_and_online_ones(client, org_a):
    place(org_a, "Brest", 48.3904, -4.4875)
    EventFactory(
        organization=org_a,
        title={"fr": "Webinaire"},
        latitude=None,
        longitude=None,
        venue="",
        address_lines="",
        postal_code="",
        locality="",
        online_url="https://meet.example.org/x",
    )
    past = place(org_a, "Passé", 48.39, -4.48)
    Event.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    body = client.get(public("search")).content.decode()
    assert "Brest" in body and "Webinaire" in body and "Passé" not in body


# --- Query budgets -------------------------------------------------------------------------------


def test_query_budget_of_the_public_pages(client, org_a, django_assert_max_num_queries):
    event = EventFactory(organization=org_a)
    for n in range(3):
        ShiftFactory(event=event, starts_at=event.starts_at + timedelta(minutes=n))
    for n in range(3):
        place(org_a, f"E{n}", 48.39 + n / 100, -4.48)
    with django_assert_max_num_queries(10):
        client.get(public("event", slug=event.slug))
    with django_assert_max_num_queries(8):
        client.get(public("search") + "?lat=48.39&lon=-4.48&radius=25")
    attendance = rsvp_create(event=event, data=person(1), shifts=list(event.shifts.all()))
    with django_assert_max_num_queries(12):
        client.get(public("rsvp", token=attendance.attendances[0].token))
    with django_assert_max_num_queries(5):
        client.get(public("feed", organization_slug=org_a.slug))


def test_a_location_that_cannot_be_read_is_said(client, org_a):
    response = client.get(public("search") + "?lat=999&lon=2")
    assert response.status_code == 400
    assert "Your location could not be read." in response.content.decode()
