"""Petitions (with pledges), forms, signatures and submissions over the API, and the record
signature / submission helpers through the actions' submission service."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from turnout.actions.models import Action, Submission
from turnout.actions.tests.factories import ActionFactory, SubmissionFactory
from turnout.api.resources.testing import check_collection, check_scope, client_for
from turnout.people.models import Consent, PeopleList, Person
from turnout.people.rights.services import ErasureReason, person_erase
from turnout.people.tests.factories import TagFactory

pytestmark = pytest.mark.django_db
CONTRACT = Path(__file__).resolve().parents[1] / "resources" / "contract"


def signer(email="lea@example.org", **person) -> dict:
    return {
        "person": {
            "given_name": "Léa",
            "family_name": "Martin",
            "email_addresses": [{"address": email, "status": "subscribed"}],
            **person,
        }
    }


@pytest.fixture
def api_a(org_a, owner_a):
    return client_for(org_a, user=owner_a)


# --- Reading ---------------------------------------------------------------------------------


def test_petitions_list_pledges_too_but_not_forms(api_a, org_a, org_b):
    petition = ActionFactory(organization=org_a, targets="Le maire\nLe préfet", goal=500)
    pledge = ActionFactory(organization=org_a, kind=Action.Kind.PLEDGE)
    ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    ActionFactory(organization=org_b)
    body = check_collection(api_a, "/api/v1/petitions", "osdi:petitions", 2)
    first, second = body["_embedded"]["osdi:petitions"]
    assert first["identifiers"] == [f"turnout:{petition.pk}"]
    assert first["kind"] == "petition" and second["kind"] == "pledge"
    assert second["identifiers"] == [f"turnout:{pledge.pk}"]
    assert first["target"] == [{"name": "Le maire"}, {"name": "Le préfet"}]
    assert first["goal"] == 500 and first["total_signatures"] == 0
    assert first["browser_url"].endswith(f"/a/{petition.slug}/")
    assert first["_links"]["osdi:signatures"]["href"].endswith(
        f"/api/v1/petitions/{petition.pk}/signatures"
    )


def test_forms_list_only_forms(api_a, org_a):
    form = ActionFactory(organization=org_a, kind=Action.Kind.FORM, status=Action.Status.DRAFT)
    ActionFactory(organization=org_a)
    body = check_collection(api_a, "/api/v1/forms", "osdi:forms", 1)
    item = body["_embedded"]["osdi:forms"][0]
    assert item["identifiers"] == [f"turnout:{form.pk}"]
    assert item["status"] == "draft" and "browser_url" not in item
    assert api_a.get(f"/api/v1/forms/{form.pk}").json()["total_submissions"] == 0
    # A petition is not a form, and the other way round.
    assert api_a.get(f"/api/v1/petitions/{form.pk}").status_code == 404


def test_one_petition_and_its_signatures(api_a, org_a):
    action = ActionFactory(organization=org_a)
    subs = [SubmissionFactory(action=action) for _ in range(3)]
    body = api_a.get(f"/api/v1/petitions/{action.pk}").json()
    assert body["_links"]["self"]["href"].endswith(f"/api/v1/petitions/{action.pk}")
    url = f"/api/v1/petitions/{action.pk}/signatures"
    listed = check_collection(api_a, url, "osdi:signatures", 3)
    signature = listed["_embedded"]["osdi:signatures"][0]
    assert signature["_links"]["osdi:person"]["href"].endswith(f"/people/{subs[0].person.uuid}")
    assert signature["_links"]["osdi:petition"]["href"].endswith(f"/petitions/{action.pk}")
    one = api_a.get(f"{url}/{subs[1].pk}").json()
    assert one["identifiers"] == [f"turnout:{subs[1].pk}"]
    assert one["status"] == "confirmed"


def test_signatures_of_an_erased_person_disappear(api_a, org_a, owner_a):
    action = ActionFactory(organization=org_a)
    kept, gone = SubmissionFactory(action=action), SubmissionFactory(action=action)
    person_erase(person=gone.person, actor=owner_a, reason=ErasureReason.REQUEST)
    body = api_a.get(f"/api/v1/petitions/{action.pk}/signatures").json()
    assert [s["identifiers"][0] for s in body["_embedded"]["osdi:signatures"]] == [
        f"turnout:{kept.pk}"
    ]
    assert api_a.get(f"/api/v1/petitions/{action.pk}/signatures/{gone.pk}").status_code == 404


def test_another_organizations_records_are_404(api_a, org_b):
    action = ActionFactory(organization=org_b)
    submission = SubmissionFactory(action=action)
    form = ActionFactory(organization=org_b, kind=Action.Kind.FORM)
    for url in (
        f"/api/v1/petitions/{action.pk}",
        f"/api/v1/petitions/{action.pk}/signatures",
        f"/api/v1/petitions/{action.pk}/signatures/{submission.pk}",
        f"/api/v1/forms/{form.pk}/submissions",
    ):
        assert api_a.get(url).status_code == 404, url
    response = api_a.post(f"/api/v1/petitions/{action.pk}/record_signature_helper", signer())
    assert response.status_code == 404
    assert not Submission.objects.filter(action=action).exclude(pk=submission.pk).exists()


def test_a_signature_of_another_petition_is_404(api_a, org_a):
    one, other = ActionFactory(organization=org_a), ActionFactory(organization=org_a)
    submission = SubmissionFactory(action=other)
    url = f"/api/v1/petitions/{one.pk}/signatures/{submission.pk}"
    assert api_a.get(url).status_code == 404


def test_scopes(org_a):
    action = ActionFactory(organization=org_a)
    check_scope(org_a, "/api/v1/petitions", "actions")
    check_scope(
        org_a,
        f"/api/v1/petitions/{action.pk}/record_signature_helper",
        "actions",
        method="post",
        body=signer(),
    )
    assert not Submission.objects.exists()


def test_list_queries_are_bounded(api_a, org_a, django_assert_max_num_queries):
    action = ActionFactory(organization=org_a)
    for _ in range(12):
        SubmissionFactory(action=action)
    ActionFactory.create_batch(5, organization=org_a)
    with django_assert_max_num_queries(8):
        assert api_a.get(f"/api/v1/petitions/{action.pk}/signatures").status_code == 200
    with django_assert_max_num_queries(8):
        assert api_a.get("/api/v1/petitions").status_code == 200


# --- Record signature helper -----------------------------------------------------------------


def test_record_signature_creates_the_person_and_counts_once(api_a, org_a, owner_a):
    action = ActionFactory(organization=org_a)
    url = f"/api/v1/petitions/{action.pk}/record_signature_helper"
    response = api_a.post(url, {**signer(), "referrer_data": {"source": "newsletter-12"}})
    assert response.status_code == 200, response.content
    body = response.json()
    person = Person.objects.get(organization=org_a)
    assert body["_links"]["osdi:person"]["href"].endswith(f"/api/v1/people/{person.uuid}")
    assert body["referrer_data"] == {"source": "newsletter-12"}
    submission = Submission.objects.get(action=action)
    assert body["identifiers"] == [f"turnout:{submission.pk}"]
    assert submission.source_code == "newsletter-12"
    consent = Consent.objects.get(person=person, current=True)
    assert consent.status == Consent.Status.GRANTED
    # The same person again (matched on the email): one signature, counted once.
    again = api_a.post(url, signer(email="LEA@example.org", family_name="Martin-Roux"))
    assert again.status_code == 200
    assert again.json()["identifiers"] == body["identifiers"]
    action.refresh_from_db()
    assert action.signature_count == 1
    assert Person.objects.filter(organization=org_a).count() == 1
    assert Person.objects.get(organization=org_a).family_name == "Martin-Roux"
    # POST on the collection takes the same shape.
    third = api_a.post(f"/api/v1/petitions/{action.pk}/signatures", signer("max@example.org"))
    assert third.status_code == 200
    action.refresh_from_db()
    assert action.signature_count == 2


def test_record_signature_tags_and_lists(api_a, org_a):
    action = ActionFactory(organization=org_a)
    tag = TagFactory(organization=org_a, name="climat")
    callers = PeopleList.objects.create(organization=org_a, name="Callers")
    response = api_a.post(
        f"/api/v1/petitions/{action.pk}/signatures",
        {
            **signer(),
            "add_tags": ["signataire"],
            "add_tags_uri": [f"http://elsewhere.example/api/v1/tags/{tag.pk}"],
            "add_lists": ["Callers"],
        },
    )
    assert response.status_code == 200, response.content
    person = Person.objects.get(organization=org_a)
    assert set(person.tags.values_list("name", flat=True)) == {"signataire", "climat"}
    assert list(person.lists.all()) == [callers]


@pytest.mark.parametrize(
    "body,field",
    [
        ({"person": {"given_name": "No contact"}}, "person"),
        ({"person": {"email_addresses": [{"address": "not-an-email"}]}}, "person"),
        ({**signer(), "add_lists": ["Nope"]}, "add_lists"),
        ({**signer(), "add_questions_responses_uri": []}, "add_questions_responses_uri"),
        ({**signer(), "action_date": "yesterday"}, "action_date"),
        ({**signer(), "referrer_data": {"source": 12}}, "referrer_data.source"),
    ],
)
def test_record_signature_bad_input_is_400_and_writes_nothing(api_a, org_a, body, field):
    action = ActionFactory(organization=org_a)
    response = api_a.post(f"/api/v1/petitions/{action.pk}/record_signature_helper", body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert any(key == field or key.startswith(field + ".") for key in error["fields"]), error
    assert not Person.objects.filter(organization=org_a).exists()
    assert not Submission.objects.exists()


def test_record_signature_on_a_closed_petition_is_refused(api_a, org_a):
    action = ActionFactory(organization=org_a, status=Action.Status.CLOSED)
    response = api_a.post(f"/api/v1/petitions/{action.pk}/record_signature_helper", signer())
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "This action is not open."
    assert not Person.objects.filter(organization=org_a).exists()


def test_malformed_json_is_400(api_a, org_a):
    action = ActionFactory(organization=org_a)
    response = api_a.post(f"/api/v1/petitions/{action.pk}/record_signature_helper", "{not json")
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_record_submission_on_a_form(api_a, org_a):
    form = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    response = api_a.post(f"/api/v1/forms/{form.pk}/record_submission_helper", signer())
    assert response.status_code == 200, response.content
    body = response.json()
    submission = Submission.objects.get(action=form)
    assert body["_links"]["self"]["href"].endswith(
        f"/api/v1/forms/{form.pk}/submissions/{submission.pk}"
    )
    assert body["_links"]["osdi:form"]["href"].endswith(f"/api/v1/forms/{form.pk}")
    listed = check_collection(api_a, f"/api/v1/forms/{form.pk}/submissions", "osdi:submissions", 1)
    assert listed["_embedded"]["osdi:submissions"][0]["identifiers"] == body["identifiers"]
    # A form's helper does not sign a petition.
    petition = ActionFactory(organization=org_a)
    assert (
        api_a.post(f"/api/v1/forms/{petition.pk}/record_submission_helper", signer()).status_code
        == 404
    )


# --- Contract: the OSDI documentation's example ----------------------------------------------


def _fill(value, **names):
    text = json.dumps(value)
    for key, replacement in names.items():
        text = text.replace("{" + key + "}", str(replacement))
    return json.loads(text)


def _contains(actual, expected, where="body"):
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            _contains(actual[key], value, f"{where}.{key}")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("flavour,prefix", [("v1", "turnout"), ("v2", "action_network")])
def test_record_signature_helper_example(org_a, owner_a, flavour, prefix):
    example = json.loads((CONTRACT / "record_signature_helper.json").read_text("utf-8"))
    api = client_for(org_a, user=owner_a)
    action = ActionFactory(organization=org_a)
    tag = TagFactory(organization=org_a, name="member")
    supporters = PeopleList.objects.create(organization=org_a, name="supporters")
    callers = PeopleList.objects.create(organization=org_a, name="Callers")
    base = f"http://testserver/api/{flavour}/"
    request = _fill(
        example["request"],
        petition_id=action.pk,
        tag_uri=f"{base}tags/{tag.pk}",
        list_uri=f"{base}lists/{callers.pk}",
    )
    response = api.post(base + request["path"], request["body"])
    expected = example["response"]
    assert response.status_code == expected["status"], response.content
    assert response["Content-Type"].startswith(expected["content_type"])
    person = Person.objects.get(organization=org_a)
    submission = Submission.objects.get(action=action)
    wanted = _fill(
        expected["body"],
        our_prefix=prefix,
        id=submission.pk,
        base=base,
        petition_id=action.pk,
        person_id=person.uuid,
    )
    _contains(response.json(), wanted)
    assert (person.given_name, person.family_name) == ("Labadie", "Edwin")
    assert person.identifiers == ["foreign_system:1"]
    assert set(person.tags.values_list("name", flat=True)) == {"volunteer", "donor", "member"}
    assert set(person.lists.all()) == {supporters, callers}
    action.refresh_from_db()
    assert action.signature_count == 1


# --- Real concurrency (PostgreSQL) -----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_signer_posted_six_times_at_once_signs_once(org_a, owner_a):
    import threading

    from django.db import connection

    action = ActionFactory(organization=org_a)
    api = client_for(org_a, user=owner_a)
    url = f"/api/v1/petitions/{action.pk}/record_signature_helper"
    start = threading.Barrier(6)
    statuses, errors = [], []

    def worker():
        try:
            start.wait()
            statuses.append(api.post(url, signer("race@example.org")).status_code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [200] * 6
    action.refresh_from_db()
    assert action.signature_count == 1
    assert Submission.objects.filter(action=action).count() == 1
    assert Person.objects.filter(organization=org_a).count() == 1
