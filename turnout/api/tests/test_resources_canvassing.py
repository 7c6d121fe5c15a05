"""Canvassing efforts, canvasses, questions and answers over the API; the record canvass
helper through the visit sync (idempotent on client_id); sensitive answers only with the
people_sensitive scope."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from turnout.api.resources.testing import check_collection, check_scope, client_for
from turnout.canvassing.models import Visit
from turnout.canvassing.tests.factories import (
    EffortFactory,
    TurfAssignmentFactory,
    TurfFactory,
    TurfStopFactory,
    VisitFactory,
)
from turnout.people.models import Person

pytestmark = pytest.mark.django_db

SCRIPT = [
    {
        "key": "issue",
        "text": {"fr": "Sujet ?", "en": "Main issue?", "de": ""},
        "kind": "single",
        "sensitive": False,
        "next": "",
        "choices": [
            {"key": "housing", "text": {"en": "Housing"}, "next": ""},
            {"key": "transport", "text": {"en": "Transport"}, "next": ""},
        ],
    },
    {
        "key": "vote",
        "text": {"en": "Who will you vote for?"},
        "kind": "single",
        "sensitive": True,
        "next": "",
        "choices": [
            {"key": "us", "text": {"en": "Us"}, "next": ""},
            {"key": "them", "text": {"en": "Them"}, "next": ""},
        ],
    },
    {
        "key": "comment",
        "text": {"en": "Anything else?"},
        "kind": "text",
        "sensitive": False,
        "next": "",
        "choices": [],
    },
]


@pytest.fixture
def effort(org_a):
    return EffortFactory(organization=org_a, script=SCRIPT)


@pytest.fixture
def turf(effort, owner_a):
    turf = TurfFactory(effort=effort)
    TurfAssignmentFactory(
        turf=turf, user=owner_a, assigned_at=timezone.now() - dt.timedelta(days=2)
    )
    return turf


@pytest.fixture
def stop(turf):
    return TurfStopFactory(turf=turf)


@pytest.fixture
def api_a(org_a, owner_a):
    return client_for(org_a, user=owner_a)


@pytest.fixture
def api_sensitive(org_a, owner_a):
    return client_for(org_a, user=owner_a, scopes=["canvassing:write", "people_sensitive:read"])


def canvass(stop, turf, **extra) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "canvass": {
            "action_date": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "contact_type": "in-person",
            "success": True,
        },
        "address": stop.address_id,
        "turf": str(turf.uuid),
        **extra,
    }


def test_efforts_list_and_one(api_a, org_a, org_b, effort, turf):
    VisitFactory(turf=turf)
    EffortFactory(organization=org_b)
    body = check_collection(api_a, "/api/v1/canvassing_efforts", "osdi:canvassing_efforts", 1)
    item = body["_embedded"]["osdi:canvassing_efforts"][0]
    assert item["identifiers"] == [f"turnout:{effort.uuid}"]
    assert item["total_questions"] == 3 and item["total_canvasses"] == 1
    one = api_a.get(f"/api/v1/canvassing_efforts/{effort.uuid}").json()
    assert one["_links"]["osdi:canvasses"]["href"].endswith(
        f"/api/v1/canvassing_efforts/{effort.uuid}/canvasses"
    )


def test_canvasses_hide_sensitive_answers_without_the_scope(api_a, api_sensitive, turf, effort):
    visit = VisitFactory(
        turf=turf, answers={"issue": "housing", "vote": "us"}, outcome=Visit.Outcome.TALKED
    )
    VisitFactory(turf=turf, outcome=Visit.Outcome.NOT_HOME)
    url = f"/api/v1/canvassing_efforts/{effort.uuid}/canvasses"
    body = check_collection(api_a, url, "osdi:canvasses", 2)
    first, second = body["_embedded"]["osdi:canvasses"]
    assert first["success"] is True and second["status_code"] == "not-home"
    assert first["answers"] == [
        {
            "question": f"http://testserver/api/v1/questions/{effort.uuid}.issue",
            "responses": ["housing"],
        }
    ]
    assert first["answers_withheld"] == 1
    full = api_sensitive.get(f"{url}/{visit.pk}").json()
    assert len(full["answers"]) == 2 and full["answers_withheld"] == 0


def test_questions_and_answers(api_a, api_sensitive, turf, effort):
    VisitFactory(turf=turf, answers={"issue": "transport", "comment": "Plus de bus"})
    VisitFactory(turf=turf, answers={"vote": "them"})
    body = api_a.get("/api/v1/questions").json()
    assert body["total_records"] == 3
    issue = body["_embedded"]["osdi:questions"][0]
    assert issue["identifiers"] == [f"turnout:{effort.uuid}.issue"]
    assert issue["question_type"] == "SingleChoice"
    assert [r["key"] for r in issue["responses"]] == ["housing", "transport"]
    paged = api_a.get("/api/v1/questions", {"per_page": 2, "page": 2}).json()
    assert [q["name"] for q in paged["_embedded"]["osdi:questions"]] == ["comment"]
    answers = check_collection(
        api_a, f"/api/v1/questions/{effort.uuid}.issue/answers", "osdi:answers", 1
    )
    assert answers["_embedded"]["osdi:answers"][0]["responses"] == ["transport"]
    text = api_a.get(f"/api/v1/questions/{effort.uuid}.comment/answers").json()
    assert text["_embedded"]["osdi:answers"][0]["value"] == "Plus de bus"
    # A sensitive question's answers need the sensitive scope.
    secret_url = f"/api/v1/questions/{effort.uuid}.vote/answers"
    response = api_a.get(secret_url)
    assert response.status_code == 403
    assert "people_sensitive" in response.json()["error"]["message"]
    assert api_sensitive.get(secret_url).json()["total_records"] == 1
    assert api_a.get(f"/api/v1/questions/{effort.uuid}.nope").status_code == 404


def test_isolation(api_a, org_b):
    effort = EffortFactory(organization=org_b, script=SCRIPT)
    turf = TurfFactory(effort=effort)
    visit = VisitFactory(turf=turf, answers={"issue": "housing"})
    for url in (
        f"/api/v1/canvassing_efforts/{effort.uuid}",
        f"/api/v1/canvassing_efforts/{effort.uuid}/canvasses",
        f"/api/v1/canvassing_efforts/{effort.uuid}/canvasses/{visit.pk}",
        f"/api/v1/questions/{effort.uuid}.issue",
        f"/api/v1/questions/{effort.uuid}.issue/answers",
    ):
        assert api_a.get(url).status_code == 404, url
    assert api_a.get("/api/v1/questions").json()["total_records"] == 0


def test_scopes(org_a, effort, stop, turf):
    check_scope(org_a, "/api/v1/canvassing_efforts", "canvassing")
    check_scope(
        org_a,
        f"/api/v1/canvassing_efforts/{effort.uuid}/record_canvass_helper",
        "canvassing",
        method="post",
        body=canvass(stop, turf),
    )
    assert not Visit.objects.exists()


def test_list_queries_are_bounded(api_a, turf, effort, django_assert_max_num_queries):
    for _ in range(8):
        VisitFactory(turf=turf, answers={"issue": "housing"})
    with django_assert_max_num_queries(8):
        assert api_a.get(f"/api/v1/canvassing_efforts/{effort.uuid}/canvasses").status_code == 200
    with django_assert_max_num_queries(8):
        assert api_a.get(f"/api/v1/questions/{effort.uuid}.issue/answers").status_code == 200


def test_record_canvass_is_idempotent_on_client_id(api_a, org_a, effort, stop, turf):
    url = f"/api/v1/canvassing_efforts/{effort.uuid}/record_canvass_helper"
    body = canvass(
        stop,
        turf,
        person={"given_name": "Yann", "email_addresses": [{"address": "yann@example.org"}]},
        consent={"text_shown": "J'accepte d'être recontacté.", "email": True},
        add_answers=[
            {
                "question": f"http://other.example/api/v1/questions/{effort.uuid}.issue",
                "responses": ["housing"],
            },
            {"question": "comment", "value": "Parking"},
        ],
    )
    response = api_a.post(url, body)
    assert response.status_code == 200, response.content
    out = response.json()
    visit = Visit.objects.get(organization=org_a)
    assert out["identifiers"] == [f"turnout:{visit.pk}"]
    assert visit.answers == {"issue": "housing", "comment": "Parking"}
    assert visit.person.emails.get().address == "yann@example.org"
    assert out["_links"]["osdi:target"]["href"].endswith(f"/people/{visit.person.uuid}")
    # The same canvass again (a retry): recorded once.
    again = api_a.post(f"/api/v1/canvassing_efforts/{effort.uuid}/canvasses", body)
    assert again.status_code == 200
    assert again.json()["identifiers"] == out["identifiers"]
    assert Visit.objects.count() == 1 and Person.objects.filter(organization=org_a).count() == 1


def test_record_canvass_refused_by_the_sync_writes_nothing(api_a, org_a, effort, stop, turf):
    # The canvasser never held this turf.
    other = TurfFactory(effort=effort)
    other_stop = TurfStopFactory(turf=other)
    response = api_a.post(
        f"/api/v1/canvassing_efforts/{effort.uuid}/record_canvass_helper",
        canvass(other_stop, other),
    )
    assert response.status_code == 400
    assert "never yours" in response.json()["error"]["message"]
    assert not Visit.objects.exists()


@pytest.mark.parametrize(
    "change,field",
    [
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"canvass": {"action_date": "2026-01-01"}}, "canvass.action_date"),
        (
            {"canvass": {"action_date": "2026-01-01T10:00:00Z", "status_code": "asleep"}},
            "canvass.status_code",
        ),
        (
            {"add_answers": [{"question": "issue", "responses": ["parking"]}]},
            "add_answers.0.responses",
        ),
        ({"add_answers": [{"question": "unknown", "value": "x"}]}, "add_answers.0.question"),
        ({"person": {"given_name": "Yann"}}, "consent"),
        ({"canvasser_email": "nobody@example.org"}, "canvasser_email"),
    ],
)
def test_record_canvass_bad_input(api_a, effort, stop, turf, change, field):
    response = api_a.post(
        f"/api/v1/canvassing_efforts/{effort.uuid}/record_canvass_helper",
        {**canvass(stop, turf), **change},
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"], response.json()
    assert not Visit.objects.exists()
