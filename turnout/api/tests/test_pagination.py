"""Pages and incremental sync: nothing skipped or repeated while data changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from turnout.people.models import Person
from turnout.people.rights.services import person_erase
from turnout.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [p["given_name"] for p in response.json()["_embedded"]["osdi:people"]]


def make_people(org, count, start=0):
    return [
        PersonFactory(organization=org, given_name=f"P{n:03d}") for n in range(start, start + count)
    ]


def test_envelope_and_default_page_size(api, org_a):
    make_people(org_a, 30)
    body = api.get("/api/v1/people").json()
    assert (body["page"], body["per_page"], body["total_records"], body["total_pages"]) == (
        1,
        25,
        30,
        2,
    )
    assert len(body["_embedded"]["osdi:people"]) == 25
    assert "next" in body["_links"] and "prev" not in body["_links"]


def test_per_page_is_capped_at_the_maximum(api, org_a):
    make_people(org_a, 3)
    assert api.get("/api/v1/people", {"per_page": 1000}).json()["per_page"] == 100
    assert api.get("/api/v2/people", {"per_page": 1000}).json()["per_page"] == 25


@pytest.mark.parametrize(
    "query", [{"page": "x"}, {"per_page": "0"}, {"page": "-1"}, {"after": "a"}]
)
def test_bad_page_parameters_are_400(api, query):
    response = api.get("/api/v1/people", query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_query"


def test_page_past_the_end_is_empty_200(api, org_a):
    make_people(org_a, 3)
    response = api.get("/api/v1/people", {"page": 99})
    assert response.status_code == 200
    assert response.json()["_embedded"]["osdi:people"] == []
    assert api.get("/api/v1/people", {"page": 10**14}).status_code == 200


def test_page_numbers_walk_every_record_once(api, org_a):
    make_people(org_a, 7)
    seen = []
    for page in range(1, 5):
        seen += names(api.get("/api/v1/people", {"page": page, "per_page": 3}))
    assert seen == [f"P{n:03d}" for n in range(7)]


def test_following_next_neither_skips_nor_repeats_while_data_changes(api, org_a):
    people = make_people(org_a, 10)
    response = api.get("/api/v1/people", {"per_page": 4})
    seen = names(response)
    # Meanwhile: two of the first page are erased, one of the rest is updated, one created.
    person_erase(person=people[0], actor=None, reason="request")
    person_erase(person=people[1], actor=None, reason="request")
    Person.objects.filter(pk=people[6].pk).update(given_name="P006-changed")
    PersonFactory(organization=org_a, given_name="P010")
    while "next" in response.json()["_links"]:
        response = api.get(response.json()["_links"]["next"]["href"])
        seen += names(response)
    assert seen == [
        "P000",
        "P001",
        "P002",
        "P003",
        "P004",
        "P005",
        "P006-changed",
        "P007",
        "P008",
        "P009",
        "P010",
    ]


def test_incremental_sync_with_modified_date(api, org_a):
    old, _new = make_people(org_a, 2)
    long_ago = timezone.now() - dt.timedelta(days=10)
    Person.objects.filter(pk=old.pk).update(updated_at=long_ago, created_at=long_ago)
    since = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert names(api.get("/api/v1/people", {"$filter": f"modified_date gt '{since}'"})) == ["P001"]
    assert names(api.get("/api/v1/people", {"$filter": f"modified_date lt '{since}'"})) == ["P000"]
    both = f"created_date ge '2000-01-01' and modified_date le '{since}'"
    assert names(api.get("/api/v1/people", {"$filter": both})) == ["P000"]
    stamp = long_ago.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert names(api.get("/api/v1/people", {"filter": f"modified_date eq '{stamp}'"})) == ["P000"]


def test_filter_keeps_filtering_on_next_pages(api, org_a):
    make_people(org_a, 5)
    since = "2000-01-01T00:00:00Z"
    response = api.get("/api/v1/people", {"$filter": f"modified_date gt '{since}'", "per_page": 2})
    assert "%24filter=" in response.json()["_links"]["next"]["href"]


@pytest.mark.parametrize(
    "text",
    [
        "modified_date gt 2026-01-01",
        "modified_date after '2026-01-01'",
        "password eq 'x'",
        "modified_date gt 'yesterday'",
        "modified_date gt '2026-01-01' or created_date gt '2026-01-01'",
        "modified_date gt '2026-01-01' and",
        "modified_date gt '2026",
    ],
)
def test_filters_that_do_not_parse_are_400_with_a_reason(api, text):
    response = api.get("/api/v1/people", {"$filter": text})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_filter"
    assert error["message"]


def test_filters_on_tags_and_lists(api, org_a):
    api.post("/api/v1/tags", {"name": "t1"})
    response = api.get("/api/v1/tags", {"$filter": "modified_date gt '2000-01-01T00:00:00Z'"})
    assert response.json()["total_records"] == 1
    response = api.get("/api/v1/lists", {"$filter": "created_date lt '2000-01-01T00:00:00Z'"})
    assert response.json()["total_records"] == 0


def test_a_walk_of_next_links_keeps_its_count_and_a_first_page_counts_afresh(api, org_a):
    make_people(org_a, 6)
    first = api.get("/api/v1/people", {"per_page": 2}).json()
    make_people(org_a, 1, start=6)  # added while the client walks
    second = api.get(first["_links"]["next"]["href"]).json()
    assert (first["total_records"], second["total_records"]) == (6, 6)
    assert api.get("/api/v1/people", {"per_page": 2}).json()["total_records"] == 7
