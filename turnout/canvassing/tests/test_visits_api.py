"""The canvassing app's API as the phone uses it: my turfs, a turf's package, the sync of
visits (replayed, out of order, after a reassignment, bad input)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.utils import timezone

from turnout.canvassing.models import Turf, TurfAssignment, Visit, VisitRejected
from turnout.canvassing.services.scripts import default_script
from turnout.canvassing.tests.factories import (
    AddressPointFactory,
    EffortFactory,
    TurfAssignmentFactory,
    TurfFactory,
    TurfStopFactory,
)
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, UserFactory
from turnout.people.activity_kinds import CANVASS_DONE
from turnout.people.models import Activity, Consent, Person

pytestmark = pytest.mark.django_db

CONSENT = "I agree that Org keeps my name and contact details."


def api(org, name="") -> str:
    return f"/en/o/{org.slug}/canvass/api/{name}"


@pytest.fixture
def volunteer(org_a):
    return MembershipFactory(organization=org_a, role=Role.VOLUNTEER, user__full_name="Vera").user


@pytest.fixture
def turf(org_a, volunteer):
    """A turf of three addresses of Rue de Siam, held by the volunteer since two days ago."""
    effort = EffortFactory(organization=org_a, name="Siam", script=default_script())
    turf = TurfFactory(effort=effort, number=4, assigned_to=volunteer, status=Turf.Status.ASSIGNED)
    for position, number in enumerate(["12 bis", "14", "16"]):
        TurfStopFactory(
            turf=turf, position=position, address__number=number, address__doors=position + 1
        )
    TurfAssignmentFactory(
        turf=turf, user=volunteer, assigned_at=timezone.now() - dt.timedelta(days=2)
    )
    return turf


@pytest.fixture
def phone(client, volunteer):
    client.force_login(volunteer)
    return client


def addresses(turf) -> list[int]:
    return list(turf.stops.order_by("position").values_list("address_id", flat=True))


def visit(of_turf, address=None, /, *, minutes_ago=10, **fields) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "turf": str(of_turf.uuid),
        "address": address or addresses(of_turf)[0],
        "door": "2nd floor left",
        "outcome": "not_home",
        "answers": {},
        "notes": "",
        "visited_at": (timezone.now() - dt.timedelta(minutes=minutes_ago)).isoformat(),
        "latitude": 48.39,
        "longitude": -4.48,
        "person": None,
        **fields,
    }


def sync(phone, org, visits, **extra):
    return phone.post(
        api(org, "visits/"),
        data=json.dumps({"visits": visits}),
        content_type="application/json",
        **extra,
    )


def statuses(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.content
    return [(r["status"], r["reason"]) for r in response.json()["results"]]


# --- Downloading turfs -----------------------------------------------------------------------


def test_my_turfs_lists_only_the_turfs_assigned_to_me(phone, org_a, turf):
    TurfFactory(effort=turf.effort, number=5)  # nobody's
    data = phone.get(api(org_a, "turfs/")).json()
    assert [t["number"] for t in data["turfs"]] == [4]
    mine = data["turfs"][0]
    assert mine["uuid"] == str(turf.uuid)
    assert mine["effort"] == {"uuid": str(turf.effort.uuid), "name": "Siam"}
    assert mine["stops"] == 3 and mine["status"] == "assigned" and mine["version"] == turf.version


def test_the_turf_package_has_the_route_the_script_and_the_consent_text(phone, org_a, turf):
    data = phone.get(api(org_a, f"turfs/{turf.uuid}/")).json()
    assert [s["label"] for s in data["stops"]] == [
        "12 bis Rue de Siam",
        "14 Rue de Siam",
        "16 Rue de Siam",
    ]
    assert [s["doors"] for s in data["stops"]] == [1, 2, 3]
    assert data["route"] == [
        [round(s["latitude"], 6), round(s["longitude"], 6)] for s in data["stops"]
    ]
    assert [q["key"] for q in data["effort"]["script"]] == [
        "will_vote",
        "polling_station",
        "reminder",
        "issue",
    ]
    assert set(data["consent_text"]) == {"fr", "en", "de"}
    assert org_a.name in data["consent_text"]["fr"]


def test_the_package_shows_the_visits_made_at_each_address(phone, org_a, turf):
    sent = visit(turf, outcome="refused")
    statuses(sync(phone, org_a, [sent]))
    stop = phone.get(api(org_a, f"turfs/{turf.uuid}/")).json()["stops"][0]
    assert [(v["client_id"], v["outcome"], v["door"]) for v in stop["visits"]] == [
        (sent["client_id"], "refused", "2nd floor left")
    ]


def test_someone_elses_turf_is_not_found_and_a_turf_taken_back_is_gone(
    phone, org_a, turf, volunteer
):
    other = TurfFactory(effort=turf.effort, number=9)
    assert phone.get(api(org_a, f"turfs/{other.uuid}/")).status_code == 404
    Turf.objects.filter(pk=turf.pk).update(assigned_to=UserFactory())
    response = phone.get(api(org_a, f"turfs/{turf.uuid}/"))
    assert response.status_code == 410
    assert response.json()["reassigned"] is True and response.json()["error"]


def test_the_api_answers_in_json_when_not_logged_in_and_outside_the_organization(
    client, org_a, org_b, turf
):
    response = client.get(api(org_a, "turfs/"))
    assert response.status_code == 401 and "error" in response.json()
    client.force_login(UserFactory())
    response = client.get(api(org_a, "turfs/"))
    assert response.status_code == 404 and "error" in response.json()


def test_a_get_on_the_sync_is_a_json_405(phone, org_a):
    response = phone.get(api(org_a, "visits/"))
    assert response.status_code == 405 and response.json()["error"]


def test_the_sync_needs_the_csrf_header(org_a, turf, volunteer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(volunteer)
    assert sync(strict, org_a, [visit(turf)]).status_code == 403
    secret = "a" * 32
    strict.cookies["csrftoken"] = secret
    assert sync(strict, org_a, [visit(turf)], HTTP_X_CSRFTOKEN=secret).status_code == 200
    assert Visit.objects.count() == 1


# --- Syncing visits --------------------------------------------------------------------------


def test_a_visit_is_recorded_once_even_when_the_sync_is_replayed(phone, org_a, turf):
    batch = [visit(turf), visit(turf, addresses(turf)[1], outcome="refused")]
    assert statuses(sync(phone, org_a, batch)) == [("created", ""), ("created", "")]
    assert statuses(sync(phone, org_a, batch)) == [("duplicate", ""), ("duplicate", "")]
    assert Visit.objects.count() == 2
    recorded = Visit.objects.get(client_id=batch[1]["client_id"])
    assert (recorded.outcome, recorded.door, recorded.canvasser.full_name) == (
        "refused",
        "2nd floor left",
        "Vera",
    )


def test_the_same_visit_twice_in_one_batch_counts_once(phone, org_a, turf):
    same = visit(turf)
    assert [s for s, _ in statuses(sync(phone, org_a, [same, same]))] == ["created", "duplicate"]
    assert Visit.objects.count() == 1


def test_visits_arriving_out_of_order_keep_the_order_they_were_made_in(phone, org_a, turf):
    first = visit(turf, outcome="not_home", minutes_ago=60)
    second = visit(turf, outcome="talked", minutes_ago=5)
    statuses(sync(phone, org_a, [second]))
    statuses(sync(phone, org_a, [first]))
    stop = phone.get(api(org_a, f"turfs/{turf.uuid}/")).json()["stops"][0]
    assert [v["outcome"] for v in stop["visits"]] == ["not_home", "talked"]
    assert list(Visit.objects.values_list("outcome", flat=True)) == ["talked", "not_home"]


def test_a_turf_reassigned_while_offline_still_records_the_visits_made_while_it_was_mine(
    phone, org_a, turf, volunteer
):
    made_offline = visit(turf, minutes_ago=30)
    TurfAssignment.objects.filter(turf=turf).update(
        ended_at=timezone.now() - dt.timedelta(minutes=5)
    )
    Turf.objects.filter(pk=turf.pk).update(assigned_to=UserFactory())
    assert statuses(sync(phone, org_a, [made_offline])) == [("created", "turf reassigned since")]
    assert Visit.objects.get().canvasser == volunteer


def test_a_visit_on_a_turf_i_never_held_is_rejected_and_kept_for_review(phone, org_a, turf):
    other = TurfFactory(effort=turf.effort, number=7, assigned_to=UserFactory())
    stop = TurfStopFactory(turf=other, address__number="40")
    sent = visit(other, stop.address_id, notes="Lovely dog")
    [(status, reason)] = statuses(sync(phone, org_a, [sent]))
    assert status == "rejected" and "never yours" in reason
    assert not Visit.objects.exists()
    kept = VisitRejected.objects.get()
    assert kept.payload["notes"] == "Lovely dog" and kept.address == stop.address
    assert kept.effort == turf.effort and kept.reason_code == "not_your_turf"
    # A replay answers the same and keeps one copy.
    assert statuses(sync(phone, org_a, [sent])) == [(status, reason)]
    assert VisitRejected.objects.count() == 1


def test_an_address_of_another_organization_is_rejected(phone, org_a, org_b, turf):
    theirs = AddressPointFactory(organization=org_b)
    [(status, reason)] = statuses(sync(phone, org_a, [visit(turf, theirs.pk)]))
    assert status == "rejected" and "not one of the organization's" in reason
    kept = VisitRejected.objects.get()
    assert kept.organization == org_a and kept.address is None
    assert not Visit.objects.exists()


def test_one_bad_visit_does_not_reject_the_others(phone, org_a, turf):
    batch = [visit(turf), visit(turf, outcome="asleep"), visit(turf, addresses(turf)[2])]
    results = statuses(sync(phone, org_a, batch))
    assert [s for s, _ in results] == ["created", "rejected", "created"]
    assert "asleep" in results[1][1]
    assert Visit.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"visited_at": "2026-11-24T09:00:00"}, "time zone"),
        ({"visited_at": "yesterday"}, "time zone"),
        ({"answers": {"will_vote": {"x": 1}}}, "will_vote"),
        ({"answers": ["yes"]}, "cannot be read"),
    ],
)
def test_unreadable_visits_are_rejected_with_a_reason(phone, org_a, turf, change, words):
    [(status, reason)] = statuses(sync(phone, org_a, [visit(turf, **change)]))
    assert status == "rejected" and words in reason
    assert VisitRejected.objects.count() == 1


def test_a_turf_cut_again_while_offline_leaves_the_visit_for_review(phone, org_a, turf):
    elsewhere = AddressPointFactory(organization=org_a)
    [(status, reason)] = statuses(
        sync(phone, org_a, [visit(turf, elsewhere.pk, turf=str(uuid.uuid4()))])
    )
    assert status == "rejected" and "no longer exists" in reason
    assert VisitRejected.objects.get().address == elsewhere


def test_a_visit_without_a_client_id_is_rejected_without_being_kept(phone, org_a, turf):
    results = sync(phone, org_a, [visit(turf, client_id="not-a-uuid"), "nonsense"]).json()[
        "results"
    ]
    assert [r["status"] for r in results] == ["rejected", "rejected"]
    assert not VisitRejected.objects.exists()


def test_a_phone_clock_far_ahead_is_kept_for_review(phone, org_a, turf):
    [(status, reason)] = statuses(sync(phone, org_a, [visit(turf, minutes_ago=-600)]))
    assert status == "rejected" and "clock" in reason


@pytest.mark.parametrize(
    "body",
    [b"{not json", b'{"visits": "all of them"}', b"[1, 2]", b"\xff\xfe"],
)
def test_a_body_that_is_not_a_list_of_visits_is_a_400(phone, org_a, body):
    response = phone.post(api(org_a, "visits/"), data=body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]


def test_more_than_200_visits_at_once_are_refused_whole(phone, org_a, turf):
    response = sync(phone, org_a, [visit(turf) for _ in range(201)])
    assert response.status_code == 400 and "200" in response.json()["error"]
    assert not Visit.objects.exists()


def test_the_sync_answers_the_versions_of_my_turfs(phone, org_a, turf):
    data = sync(phone, org_a, []).json()
    assert data == {"results": [], "turfs": {str(turf.uuid): turf.version}}


# --- Personal data, the timeline, the turf's status -----------------------------------------


def talked_with(turf, **person):
    return visit(
        turf,
        outcome="talked",
        answers={"will_vote": "yes", "polling_station": "no", "issue": "Housing"},
        person={
            "given_name": "Ana",
            "family_name": "Le Goff",
            "email": "ana@example.org",
            "phone": "",
            "consent": {"email": True, "sms": False, "text_shown": CONSENT},
            **person,
        },
    )


def test_a_person_met_at_the_door_lands_in_the_crm_with_the_consent_shown(phone, org_a, turf):
    sent = talked_with(turf)
    assert statuses(sync(phone, org_a, [sent])) == [("created", "")]
    person = Person.objects.get(organization=org_a)
    recorded = Visit.objects.get()
    assert recorded.person == person and recorded.has_sensitive
    consent = Consent.objects.get(person=person)
    assert (consent.channel, consent.status, consent.source) == ("email", "granted", "canvass")
    assert consent.notice_text == CONSENT and consent.source_ref == f"visit:{sent['client_id']}"
    line = Activity.objects.get(person=person, kind=CANVASS_DONE)
    assert line.summary == "Canvassed: talked — 12 bis Rue de Siam"
    assert line.occurred_at == recorded.visited_at and not line.sensitive
    assert line.data["answers"] == {"will_vote": "yes", "polling_station": "no"}
    secret = Activity.objects.get(person=person, kind="survey_answer")
    assert secret.sensitive and secret.data["answers"] == {"issue": "Housing"}


def test_personal_data_without_the_consent_text_is_refused_and_not_kept(phone, org_a, turf):
    sent = talked_with(turf, consent={"email": True, "sms": False, "text_shown": ""})
    [(status, reason)] = statuses(sync(phone, org_a, [sent]))
    assert status == "rejected" and "consent" in reason
    assert not Person.objects.exists() and not Visit.objects.exists()
    kept = VisitRejected.objects.get()
    assert "person" not in kept.payload and kept.payload["answers"]["will_vote"] == "yes"


def test_an_unusable_email_rejects_the_visit_and_keeps_it(phone, org_a, turf):
    [(status, reason)] = statuses(sync(phone, org_a, [talked_with(turf, email="ana@")]))
    assert status == "rejected" and reason
    assert not Visit.objects.exists() and not Person.objects.exists()
    assert VisitRejected.objects.get().payload["person"]["email"] == "ana@"


def test_the_turf_is_started_by_its_first_visit_and_done_when_every_address_has_one(
    phone, org_a, turf
):
    statuses(sync(phone, org_a, [visit(turf)]))
    turf.refresh_from_db()
    assert turf.status == Turf.Status.STARTED
    statuses(sync(phone, org_a, [visit(turf, a) for a in addresses(turf)[1:]]))
    turf.refresh_from_db()
    assert turf.status == Turf.Status.DONE


def test_an_address_moved_to_another_turf_while_offline_is_recorded_there(phone, org_a, turf):
    other = TurfFactory(effort=turf.effort, number=8)
    moved = addresses(turf)[2]
    turf.stops.filter(address_id=moved).update(turf=other)
    [(status, reason)] = statuses(sync(phone, org_a, [visit(turf, moved)]))
    assert status == "created" and "moved" in reason
    assert Visit.objects.get().turf == other


def test_a_merged_turf_still_takes_the_visits_made_on_it(phone, org_a, turf, volunteer):
    gone_uuid = uuid.uuid4()
    [(status, _reason)] = statuses(sync(phone, org_a, [visit(turf, turf=str(gone_uuid))]))
    assert status == "created"  # its stops and assignments live in the surviving turf
    assert Visit.objects.get().turf == turf
