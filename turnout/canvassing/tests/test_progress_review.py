"""Live progress of an effort for organizers, and the review of rejected visits."""

import datetime as dt

import pytest
from django.utils import timezone

from turnout.canvassing.models import Visit, VisitRejected
from turnout.canvassing.services.visits import visits_sync
from turnout.canvassing.tests import test_visits_api as api_tests
from turnout.canvassing.tests.factories import TurfFactory, TurfStopFactory, VisitFactory
from turnout.canvassing.tests.test_visits_api import talked_with, visit
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, UserFactory
from turnout.people.models import Person

pytestmark = pytest.mark.django_db

# The volunteer's turf of three addresses (fixtures shared with the API's tests).
turf, volunteer = api_tests.turf, api_tests.volunteer


def effort_url(org, effort, rest=""):
    return f"/en/o/{org.slug}/canvassing/efforts/{effort.pk}/{rest}"


def review_url(org, rest=""):
    return f"/en/o/{org.slug}/canvassing/visits/rejected/{rest}"


def test_the_figures_count_doors_contacts_canvassers_and_the_last_hour(
    client_a,
    org_a,
    turf,
    volunteer,
):
    other = MembershipFactory(organization=org_a, user__full_name="Omar").user
    stops = list(turf.stops.values_list("address_id", flat=True))
    for outcome, minutes in [("talked", 5), ("not_home", 30), ("refused", 90), ("talked", 200)]:
        VisitFactory(
            turf=turf,
            address_id=stops[0],
            canvasser=volunteer,
            outcome=outcome,
            visited_at=timezone.now() - dt.timedelta(minutes=minutes),
        )
    VisitFactory(turf=turf, address_id=stops[1], canvasser=other, outcome="come_back")
    data = client_a.get(effort_url(org_a, turf.effort, "progress.json")).json()
    assert (data["knocked"], data["talked"], data["contact_rate"], data["last_hour"]) == (
        5,
        2,
        40,
        3,
    )
    assert {o["outcome"]: o["count"] for o in data["outcomes"]} == {
        "not_home": 1,
        "refused": 1,
        "talked": 2,
        "come_back": 1,
        "moved": 0,
    }
    assert [(c["name"], c["knocked"], c["contact_rate"]) for c in data["canvassers"]] == [
        ("Vera", 4, 50),
        ("Omar", 1, 0),
    ]
    # The map: one dot per visited address, in the colour of its latest visit.
    assert sorted((p["address"], p["outcome"], p["visits"]) for p in data["points"]) == [
        (stops[0], "talked", 4),
        (stops[1], "come_back", 1),
    ]


def test_the_effort_page_shows_the_progress_and_the_visits_to_review(
    client_a, org_a, turf, volunteer
):
    phone_sync(org_a, volunteer, [visit(turf, outcome="talked")])
    foreign = TurfFactory(effort=turf.effort, number=12)
    stop = TurfStopFactory(turf=foreign)
    phone_sync(org_a, volunteer, [visit(foreign, stop.address_id)])
    page = client_a.get(effort_url(org_a, turf.effort)).content.decode()
    assert "Progress at the doors" in page and "1 visit to review" in page
    assert 'data-progress="contact_rate">100<' in page
    assert "<td>Vera</td><td>1</td><td>1</td><td>100 %</td>" in page


def phone_sync(org, user, visits):
    return visits_sync(organization=org, canvasser=user, visits=visits)["results"]


def test_a_rejected_visit_is_attached_to_the_turf_holding_its_address(
    client_a, org_a, turf, volunteer
):
    foreign = TurfFactory(effort=turf.effort, number=12, assigned_to=UserFactory())
    stop = TurfStopFactory(turf=foreign, address__number="40")
    sent = talked_with(foreign)
    sent["address"] = stop.address_id
    [result] = phone_sync(org_a, volunteer, [sent])
    assert result["status"] == "rejected"
    listed = client_a.get(review_url(org_a)).content.decode()
    assert "40 Rue de Siam" in listed and "never yours" in listed
    rejected = VisitRejected.objects.get()
    detail = client_a.get(review_url(org_a, f"{rejected.pk}/")).content.decode()
    assert "Ana" in detail and "ana@example.org" in detail
    assert "Housing" in detail  # the owner may see sensitive answers
    response = client_a.post(review_url(org_a, f"{rejected.pk}/"), {"turf": foreign.pk})
    assert response.status_code == 302
    recorded = Visit.objects.get(client_id=sent["client_id"])
    assert (recorded.turf, recorded.canvasser, recorded.outcome) == (foreign, volunteer, "talked")
    assert recorded.person == Person.objects.get(emails__address="ana@example.org")
    rejected.refresh_from_db()
    assert rejected.status == VisitRejected.Status.ATTACHED and rejected.visit == recorded
    # The phone's replay now finds it recorded.
    assert phone_sync(org_a, volunteer, [sent])[0]["status"] == "duplicate"
    assert "Nothing to review" in client_a.get(review_url(org_a)).content.decode()


def test_a_rejected_visit_can_only_go_to_a_turf_holding_its_address(
    client_a, org_a, turf, volunteer
):
    foreign = TurfFactory(effort=turf.effort, number=12)
    stop = TurfStopFactory(turf=foreign)
    phone_sync(org_a, volunteer, [visit(foreign, stop.address_id)])
    rejected = VisitRejected.objects.get()
    response = client_a.post(review_url(org_a, f"{rejected.pk}/"), {"turf": turf.pk})
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_a_dismissed_visit_leaves_the_list_and_stays_on_record(client_a, org_a, turf, volunteer):
    phone_sync(org_a, volunteer, [visit(turf, outcome="asleep")])
    rejected = VisitRejected.objects.get()
    client_a.post(review_url(org_a, f"{rejected.pk}/dismiss/"))
    rejected.refresh_from_db()
    assert rejected.status == VisitRejected.Status.DISMISSED and rejected.reviewed_at
    assert "Nothing to review" in client_a.get(review_url(org_a)).content.decode()
    again = client_a.post(review_url(org_a, f"{rejected.pk}/dismiss/"), follow=True)
    assert "This visit was reviewed already." in again.content.decode()


def test_an_organizer_does_not_see_sensitive_answers_of_a_rejected_visit(
    client, org_a, turf, volunteer
):
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    sent = talked_with(turf)
    sent["outcome"] = "asleep"
    phone_sync(org_a, volunteer, [sent])
    client.force_login(organizer)
    detail = client.get(review_url(org_a, f"{VisitRejected.objects.get().pk}/")).content.decode()
    assert "will_vote" in detail and "Housing" not in detail
    assert "1 sensitive answer is shown only to owners and admins." in detail


def test_volunteers_see_neither_progress_nor_rejected_visits(client, org_a, turf, volunteer):
    client.force_login(volunteer)
    assert client.get(effort_url(org_a, turf.effort, "progress.json")).status_code == 403
    assert client.get(review_url(org_a)).status_code == 403
