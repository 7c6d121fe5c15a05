"""Contract tests: the request/response examples of the OSDI documentation, replayed.

The examples are kept as JSON in tests/fixtures/osdi/ (each names its spec section). Where the
spec example shows a value Turnout stores differently, the test says so: phone numbers come
back as E.164 strings ("+12025550123", not the number 12025550123)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from turnout.people.models import PeopleList, Person
from turnout.people.tests.factories import PersonFactory, TagFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(settings.BASE_DIR) / "tests" / "fixtures" / "osdi"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fill(value, **names):
    text = json.dumps(value)
    for key, replacement in names.items():
        text = text.replace("{" + key + "}", replacement)
    return json.loads(text)


def assert_contains(actual, expected, where="body"):
    """Every key and value of the expected example is in the actual response."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), where
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            assert_contains(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert len(actual) == len(expected), where
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_contains(a, e, f"{where}.{index}")
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


@pytest.mark.parametrize("flavour,prefix", [("v1", "turnout"), ("v2", "action_network")])
def test_person_signup_helper_example(api, org_a, flavour, prefix):
    example = load("person_signup_helper.json")
    tag = TagFactory(organization=org_a, name="member")
    people_list = PeopleList.objects.create(organization=org_a, name="Callers")
    base = f"http://testserver/api/{flavour}/"
    body = fill(
        example["request"]["body"],
        tag_uri=f"{base}tags/{tag.pk}",
        list_uri=f"{base}lists/{people_list.pk}",
    )
    response = api.post(base + example["request"]["path"], body)
    expected = example["response"]
    assert response.status_code == expected["status"], response.content
    assert response["Content-Type"].startswith(expected["content_type"])
    actual = response.json()
    person = Person.objects.get(organization=org_a)
    wanted = fill(expected["body"], our_prefix=prefix, id=str(person.uuid))
    links = wanted.pop("_links")
    assert_contains(actual, wanted)
    assert actual["phone_numbers"][0]["number"] == "+12025550123"
    assert set(links) <= set(actual["_links"])
    assert set(person.tags.values_list("name", flat=True)) == {"volunteer", "donor", "member"}
    assert list(person.lists.all()) == [people_list]


def test_people_pagination_example(api, org_a):
    example = load("people_pagination.json")
    for n in range(example["seed_people"]):
        PersonFactory(organization=org_a, given_name=f"Page{n}")
    response = api.get("/api/v1/" + example["request"]["path"])
    expected = example["response"]
    assert response.status_code == expected["status"]
    assert response["Content-Type"].startswith(expected["content_type"])
    actual = response.json()
    wanted = dict(expected["body"])
    embedded = wanted.pop("_embedded")
    links = wanted.pop("_links")
    assert_contains(actual, wanted)
    for rel, count in embedded.items():
        assert len(actual["_embedded"][rel]) == count
    assert set(links) <= set(actual["_links"])
