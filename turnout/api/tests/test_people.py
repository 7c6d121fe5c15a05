"""People over the API: upsert, consent, custom fields, updates, erasure, tags and lists."""

from __future__ import annotations

import pytest

from turnout.people.models import (
    Activity,
    Consent,
    CustomField,
    ListMembership,
    PeopleList,
    Person,
    Suppression,
    Tag,
    Tagging,
)
from turnout.people.tests.factories import (
    CustomFieldFactory,
    EmailAddressFactory,
    PersonFactory,
    TagFactory,
)

from .conftest import ApiClient
from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def person_id(body: dict) -> str:
    return body["identifiers"][0].split(":", 1)[1]


def create(api, **fields) -> dict:
    response = api.post("/api/v1/people", fields)
    assert response.status_code == 200, response.content
    return response.json()


def test_post_creates_a_person_with_identifiers_and_self_link(api, org_a):
    body = create(
        api,
        given_name="Ana",
        family_name="Lopez",
        identifiers=["my_crm:42"],
        email_addresses=[{"address": "Ana@Example.org", "primary": True}],
        postal_addresses=[
            {
                "address_lines": ["3 rue de la Paix"],
                "locality": "Brest",
                "postal_code": "29200",
                "country": "FR",
                "location": {"latitude": 48.39, "longitude": -4.48},
            }
        ],
        languages_spoken=["fr"],
        gender="Female",
        birthdate={"year": 1990, "month": 5, "day": 17},
    )
    person = Person.objects.get(organization=org_a)
    assert body["identifiers"] == [f"turnout:{person.uuid}", "my_crm:42"]
    assert body["_links"]["self"]["href"].endswith(f"/api/v1/people/{person.uuid}")
    assert body["email_addresses"][0]["address"] == "ana@example.org"
    assert body["postal_addresses"][0]["locality"] == "Brest"
    assert body["postal_addresses"][0]["location"] == {"latitude": 48.39, "longitude": -4.48}
    assert body["languages_spoken"] == ["fr"]
    assert body["gender"] == "Female"
    assert body["birthdate"] == {"year": 1990, "month": 5, "day": 17}
    assert body["created_date"].endswith("Z")
    assert person.origin_system == "Turnout"


def test_post_matches_on_email_then_phone(api, org_a):
    first = create(api, given_name="Ana", email_addresses=[{"address": "ana@example.org"}])
    again = create(api, family_name="Lopez", email_addresses=[{"address": "ANA@example.org"}])
    assert person_id(again) == person_id(first)
    assert again["given_name"] == "Ana" and again["family_name"] == "Lopez"
    by_phone = create(api, given_name="Bo", phone_numbers=[{"number": "06 12 34 56 78"}])
    matched = create(
        api,
        phone_numbers=[{"number": "+33612345678"}],
        email_addresses=[{"address": "bo@example.org"}],
    )
    assert person_id(matched) == person_id(by_phone)
    assert Person.objects.filter(organization=org_a).count() == 2


def test_subscribing_records_consent_with_api_provenance(api, org_a, token_a):
    create(api, email_addresses=[{"address": "c@example.org", "status": "subscribed"}])
    consent = Consent.objects.get(person__organization=org_a, channel="email", current=True)
    assert consent.status == Consent.Status.GRANTED
    assert consent.source == Consent.Source.API
    assert consent.source_ref == f"API, token {token_a.name}"


def test_no_status_records_no_consent(api, org_a):
    create(api, email_addresses=[{"address": "d@example.org"}])
    assert not Consent.objects.filter(person__organization=org_a).exists()


def test_unsubscribing_suppresses_and_withdraws(api, org_a):
    body = create(api, email_addresses=[{"address": "e@example.org", "status": "subscribed"}])
    body = create(api, email_addresses=[{"address": "e@example.org", "status": "unsubscribed"}])
    assert body["email_addresses"][0]["status"] == "unsubscribed"
    assert Suppression.objects.filter(organization=org_a, channel="email").exists()
    current = Consent.objects.get(person__organization=org_a, channel="email", current=True)
    assert current.status == Consent.Status.WITHDRAWN
    # An opt-out stands: a later "subscribed" from the API does not undo it.
    body = create(api, email_addresses=[{"address": "e@example.org", "status": "subscribed"}])
    assert body["email_addresses"][0]["status"] == "unsubscribed"


def test_custom_fields_are_typed_and_unknown_keys_refused(api, org_a):
    CustomFieldFactory(
        organization=org_a, key="shirt", kind=CustomField.Kind.CHOICE, choices=["S", "M", "L"]
    )
    CustomFieldFactory(organization=org_a, key="age", kind=CustomField.Kind.NUMBER)
    body = create(api, given_name="F", custom_fields={"shirt": "M", "age": 31})
    assert body["custom_fields"] == {"shirt": "M", "age": 31.0}
    response = api.post(
        "/api/v1/people",
        {"given_name": "G", "custom_fields": {"shirt": "XXL", "age": "old", "nope": 1}},
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"custom_fields.shirt", "custom_fields.age", "custom_fields.nope"}


def test_sensitive_custom_fields_need_their_scope(org_a):
    CustomFieldFactory(organization=org_a, key="vote", sensitive=True)
    person = PersonFactory(organization=org_a, custom_fields={"vote": "left", "x": 1})
    ApiTokenFactory(organization=org_a, secret="tnt_plain_people_1", scopes=["people:write"])
    client = ApiClient("tnt_plain_people_1")
    body = client.get(f"/api/v1/people/{person.uuid}").json()
    assert "vote" not in body["custom_fields"]
    response = client.put(f"/api/v1/people/{person.uuid}", {"custom_fields": {"vote": "r"}})
    assert response.status_code == 400


def test_mass_assignment_of_server_fields_is_refused(api, org_a):
    person = PersonFactory(organization=org_a, given_name="H")
    for field, value in (
        ("do_not_contact", True),
        ("organization", 99),
        ("id", 1),
        ("erased_at", "2026-01-01"),
        ("support_level", 5),
    ):
        response = api.put(f"/api/v1/people/{person.uuid}", {field: value})
        assert response.status_code == 400, field
        assert field in response.json()["error"]["fields"]
    person.refresh_from_db()
    assert person.do_not_contact is False and person.support_level is None


def test_read_only_osdi_fields_sent_back_are_ignored(api, org_a):
    body = create(api, given_name="I", email_addresses=[{"address": "i@example.org"}])
    body["family_name"] = "Round-trip"
    body["created_date"] = "1999-01-01T00:00:00Z"
    response = api.put(body["_links"]["self"]["href"], body)
    assert response.status_code == 200, response.content
    assert response.json()["family_name"] == "Round-trip"
    assert response.json()["created_date"] != "1999-01-01T00:00:00Z"


def test_put_changes_only_given_fields(api, org_a):
    body = create(
        api, given_name="J", family_name="Keep", email_addresses=[{"address": "j@example.org"}]
    )
    url = f"/api/v1/people/{person_id(body)}"
    response = api.put(url, {"given_name": "Jay", "phone_numbers": [{"number": "0611223344"}]})
    assert response.status_code == 200
    out = response.json()
    assert out["given_name"] == "Jay" and out["family_name"] == "Keep"
    assert out["email_addresses"][0]["address"] == "j@example.org"
    assert out["phone_numbers"][0]["number"] == "+33611223344"


def test_put_with_an_email_of_someone_else_is_400_and_changes_nothing(api, org_a):
    other = PersonFactory(organization=org_a)
    EmailAddressFactory(person=other, address="taken@example.org")
    body = create(api, given_name="K", email_addresses=[{"address": "k@example.org"}])
    response = api.put(
        f"/api/v1/people/{person_id(body)}",
        {"given_name": "Changed", "email_addresses": [{"address": "taken@example.org"}]},
    )
    assert response.status_code == 400
    assert Person.objects.get(uuid=person_id(body)).given_name == "K"


def test_delete_erases_and_the_person_disappears_everywhere(api, org_a):
    tag = TagFactory(organization=org_a, name="volunteer")
    body = create(api, given_name="L", email_addresses=[{"address": "l@example.org"}])
    pid = person_id(body)
    api.post(
        f"/api/v1/tags/{tag.pk}/taggings",
        {"_links": {"osdi:person": {"href": body["_links"]["self"]["href"]}}},
    )
    response = api.delete(f"/api/v1/people/{pid}")
    assert response.status_code == 200
    person = Person.objects.get(uuid=pid)
    assert person.erased_at is not None and person.given_name == ""
    assert api.get(f"/api/v1/people/{pid}").status_code == 404
    assert api.get("/api/v1/people").json()["total_records"] == 0
    assert api.get(f"/api/v1/tags/{tag.pk}/taggings").json()["total_records"] == 0
    # The erased email cannot come back through the API.
    response = api.post("/api/v1/people", {"email_addresses": [{"address": "l@example.org"}]})
    assert response.status_code == 400


def test_prefixed_ids_and_urls_reach_the_person(api, org_a):
    body = create(api, given_name="M")
    pid = person_id(body)
    for ref in (pid, f"turnout:{pid}", f"action_network:{pid}"):
        assert api.get(f"/api/v1/people/{ref}").status_code == 200
    assert api.get("/api/v1/people/not-a-uuid").status_code == 404


def test_people_list_uses_a_bounded_number_of_queries(api, org_a, django_assert_max_num_queries):
    for n in range(30):
        p = PersonFactory(organization=org_a)
        EmailAddressFactory(person=p, address=f"q{n}@example.org")
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/people?per_page=30")
    assert len(response.json()["_embedded"]["osdi:people"]) == 30


def test_filter_on_email_address(api, org_a):
    create(api, given_name="N", email_addresses=[{"address": "n@example.org"}])
    create(api, given_name="O", email_addresses=[{"address": "o@example.org"}])
    response = api.get("/api/v1/people", {"filter": "email_address eq 'o@example.org'"})
    people = response.json()["_embedded"]["osdi:people"]
    assert [p["given_name"] for p in people] == ["O"]


# --- Tags, taggings ------------------------------------------------------------------------


def test_tags_and_taggings(api, org_a):
    response = api.post("/api/v1/tags", {"name": "donor"})
    assert response.status_code == 200
    tag = response.json()
    tag_url = tag["_links"]["self"]["href"]
    assert api.post("/api/v1/tags", {"name": "donor"}).json()["identifiers"] == tag["identifiers"]
    body = create(api, given_name="P")
    # A link with a foreign host: the trailing id counts.
    foreign = f"https://actionnetwork.org/api/v2/people/{person_id(body)}"
    response = api.post(
        tag["_links"]["osdi:taggings"]["href"], {"_links": {"osdi:person": {"href": foreign}}}
    )
    assert response.status_code == 200, response.content
    tagging = response.json()
    assert tagging["_links"]["osdi:person"]["href"] == body["_links"]["self"]["href"]
    assert tagging["_links"]["osdi:tag"]["href"] == tag_url
    person_taggings = api.get(body["_links"]["osdi:taggings"]["href"]).json()
    assert person_taggings["total_records"] == 1
    response = api.delete(tagging["_links"]["self"]["href"])
    assert response.status_code == 200
    assert not Tagging.objects.exists()
    assert Activity.objects.filter(kind="tag.removed").exists()


def test_tagging_an_unknown_person_is_400(api, org_a, org_b):
    tag = TagFactory(organization=org_a)
    stranger = PersonFactory(organization=org_b)
    response = api.post(
        f"/api/v1/tags/{tag.pk}/taggings",
        {"_links": {"osdi:person": {"href": f"/people/{stranger.uuid}"}}},
    )
    assert response.status_code == 400
    assert not Tagging.objects.exists()


def test_tag_of_another_organization_is_404(api, org_b):
    tag = TagFactory(organization=org_b)
    assert api.get(f"/api/v1/tags/{tag.pk}").status_code == 404
    assert api.get(f"/api/v1/tags/{tag.pk}/taggings").status_code == 404


# --- Lists --------------------------------------------------------------------------------


def test_lists_and_items(api, org_a):
    response = api.post("/api/v1/lists", {"name": "Phone bank", "description": "Callers"})
    assert response.status_code == 200
    lst = response.json()
    body = create(api, given_name="Q")
    response = api.post(
        lst["_links"]["osdi:items"]["href"],
        {"_links": {"osdi:person": {"href": body["_links"]["self"]["href"]}}},
    )
    assert response.status_code == 200
    item = response.json()
    assert api.get(lst["_links"]["self"]["href"]).json()["total_items"] == 1
    assert api.get(body["_links"]["osdi:items"]["href"]).json()["total_records"] == 1
    assert api.delete(item["_links"]["self"]["href"]).status_code == 200
    assert not ListMembership.objects.exists()


# --- Signup helper ------------------------------------------------------------------------


def test_signup_helper_adds_tags_and_lists(api, org_a):
    existing = TagFactory(organization=org_a, name="donor")
    PeopleList.objects.create(organization=org_a, name="Newsletter")
    lst = PeopleList.objects.create(organization=org_a, name="Callers")
    response = api.post(
        "/api/v1/people/person_signup_helper",
        {
            "person": {
                "given_name": "R",
                "email_addresses": [{"address": "r@example.org", "status": "subscribed"}],
            },
            "add_tags": ["volunteer"],
            "add_tags_uri": [f"http://testserver/api/v1/tags/{existing.pk}"],
            "add_lists": ["Newsletter"],
            "add_lists_uri": [f"http://testserver/api/v1/lists/{lst.pk}"],
        },
    )
    assert response.status_code == 200, response.content
    person = Person.objects.get(uuid=person_id(response.json()))
    assert set(person.tags.values_list("name", flat=True)) == {"volunteer", "donor"}
    assert set(person.lists.values_list("name", flat=True)) == {"Newsletter", "Callers"}
    assert Tag.objects.filter(organization=org_a).count() == 2


def test_signup_helper_unknown_tag_uri_is_400(api, org_b):
    other = TagFactory(organization=org_b)
    response = api.post(
        "/api/v1/people/person_signup_helper",
        {"person": {"given_name": "S"}, "add_tags_uri": [f"/api/v1/tags/{other.pk}"]},
    )
    assert response.status_code == 400
    assert not Person.objects.filter(given_name="S").exists()


def test_a_person_needs_a_name_or_contact(api):
    response = api.post("/api/v1/people", {"languages_spoken": ["fr"]})
    assert response.status_code == 400
