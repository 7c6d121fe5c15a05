"""The API's plumbing: tokens, scopes, errors, limits, the entry point."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from turnout.accounts.models import ApiToken
from turnout.people.models import Person
from turnout.people.tests.factories import PersonFactory

from .conftest import ApiClient
from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    return response.json()["error"]


def test_entry_point_lists_collections_and_page_size(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/hal+json")
    body = response.json()
    assert body["osdi_version"] == "1.1"
    assert body["max_pagesize"] == 100
    assert body["_links"]["osdi:people"]["href"] == "http://testserver/api/v1/people"
    assert body["_links"]["curies"][0]["name"] == "osdi"
    assert "osdi:person_signup_helper" in body["_links"]


def test_plain_json_is_served_when_asked(api):
    response = api.get("/api/v1/people", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("secret", [None, "tnt_wrong"])
def test_missing_or_unknown_token_is_401(secret, org_a):
    response = ApiClient(secret).get("/api/v1/people")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_revoked_token_is_401(api, token_a):
    assert api.get("/api/v1/people").status_code == 200
    ApiToken.objects.filter(pk=token_a.pk).update(revoked_at=timezone.now())
    response = api.get("/api/v1/people")
    assert response.status_code == 401
    assert "revoked" in error_of(response)["message"]


def test_read_scope_cannot_write(org_a):
    ApiTokenFactory(organization=org_a, secret="tnt_read_only_1", scopes=["people:read"])
    client = ApiClient("tnt_read_only_1")
    assert client.get("/api/v1/people").status_code == 200
    response = client.post("/api/v1/people", {"given_name": "Ana"})
    assert response.status_code == 403
    assert "people:write" in error_of(response)["message"]
    assert not Person.objects.filter(given_name="Ana").exists()


def test_token_without_the_family_cannot_read(org_a):
    ApiTokenFactory(organization=org_a, secret="tnt_no_scope_1", scopes=[])
    assert ApiClient("tnt_no_scope_1").get("/api/v1/people").status_code == 403


def test_action_network_flavour_needs_a_compatible_token(org_a):
    ApiTokenFactory(organization=org_a, secret="tnt_plain_osdi_1")
    client = ApiClient("tnt_plain_osdi_1")
    assert client.get("/api/v1/people").status_code == 200
    response = client.get("/api/v2/people")
    assert response.status_code == 403
    assert "Action Network" in error_of(response)["message"]


def test_another_organizations_person_is_404_for_every_method(api, org_b):
    other = PersonFactory(organization=org_b, given_name="Secret-Canary")
    for response in (
        api.get(f"/api/v1/people/{other.uuid}"),
        api.put(f"/api/v1/people/{other.uuid}", {"given_name": "X"}),
        api.delete(f"/api/v1/people/{other.uuid}"),
        api.get(f"/api/v1/people/{other.uuid}/taggings"),
    ):
        assert response.status_code == 404
        assert b"Secret-Canary" not in response.content
    other.refresh_from_db()
    assert other.given_name == "Secret-Canary" and other.erased_at is None


def test_token_of_b_does_not_see_people_of_a(org_a, org_b):
    PersonFactory(organization=org_a, given_name="Only-A")
    ApiTokenFactory(organization=org_b, secret="tnt_org_b_token")
    response = ApiClient("tnt_org_b_token").get("/api/v1/people")
    assert response.json()["total_records"] == 0


def test_malformed_json_is_400(api):
    response = api.post("/api/v1/people", '{"given_name": "Ana",')
    assert response.status_code == 400
    assert "JSON" in error_of(response)["message"]


def test_body_must_be_an_object(api):
    response = api.post("/api/v1/people", "[1, 2]")
    assert response.status_code == 400


def test_wrong_content_type_is_415(api):
    response = api.post("/api/v1/people", "given_name=Ana", content_type="text/plain")
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_hal_json_content_type_is_accepted(api):
    response = api.post(
        "/api/v1/people", {"given_name": "Hal"}, content_type="application/hal+json"
    )
    assert response.status_code == 200


def test_body_over_one_megabyte_is_413_and_writes_nothing(api):
    body = json.dumps({"given_name": "Big", "employer": "x" * (1024 * 1024)})
    response = api.post("/api/v1/people", body)
    assert response.status_code == 413
    assert not Person.objects.filter(given_name="Big").exists()


def test_unknown_fields_and_wrong_types_are_400_with_fields(api):
    response = api.post(
        "/api/v1/people",
        {"given_name": 12.5, "organization": 7, "email_addresses": [{"address": "nope"}]},
    )
    assert response.status_code == 400
    fields = error_of(response)["fields"]
    assert "organization" in fields
    assert "given_name" in fields
    assert "email_addresses.0.address" in fields
    assert Person.objects.count() == 0


def test_method_not_allowed_is_405(api):
    response = api.delete("/api/v1/people")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_unknown_address_is_a_json_404(api):
    response = api.get("/api/v1/nothing/here")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_nothing_is_half_written_when_a_later_step_fails(api, org_a):
    # The person would be created, then the list lookup fails: nothing stays.
    response = api.post(
        "/api/v1/people/person_signup_helper",
        {
            "person": {"given_name": "Half", "email_addresses": [{"address": "half@example.org"}]},
            "add_tags": ["volunteer"],
            "add_lists": ["No such list"],
        },
    )
    assert response.status_code == 400
    assert "add_lists" in error_of(response)["fields"]
    assert not Person.objects.filter(given_name="Half").exists()


@override_settings(TURNOUT_API_RATE_PER_S=1, TURNOUT_API_BURST=3)
def test_rate_limit_gives_429_with_retry_after(api):
    statuses = [api.get("/api/v1/people").status_code for _ in range(4)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3] == 429
    response = api.get("/api/v1/people")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert error_of(response)["code"] == "rate_limited"


def test_default_limits_let_a_burst_of_fifty_through(api):
    assert all(api.get("/api/v1/").status_code == 200 for _ in range(50))


def test_rate_limit_is_per_token(org_a):
    with override_settings(TURNOUT_API_RATE_PER_S=1, TURNOUT_API_BURST=1):
        ApiTokenFactory(organization=org_a, secret="tnt_first_token_x")
        ApiTokenFactory(organization=org_a, secret="tnt_other_token_x")
        assert ApiClient("tnt_first_token_x").get("/api/v1/").status_code == 200
        assert ApiClient("tnt_first_token_x").get("/api/v1/").status_code == 429
        assert ApiClient("tnt_other_token_x").get("/api/v1/").status_code == 200


def test_last_used_is_recorded_at_most_once_a_minute(api, token_a, django_assert_num_queries):
    api.get("/api/v1/")
    token_a.refresh_from_db()
    first = token_a.last_used_at
    assert first is not None
    api.get("/api/v1/")
    token_a.refresh_from_db()
    assert token_a.last_used_at == first
    ApiToken.objects.filter(pk=token_a.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    api.get("/api/v1/")
    token_a.refresh_from_db()
    assert token_a.last_used_at > first - dt.timedelta(minutes=2)
