"""The Action Network flavour (/api/v2/), driven by a real client written for Action
Network's API: the ``osdi`` package from PyPI (0.3.1, ``osdi.action_network``), used
unmodified; only its base URL and token are ours. It talks HTTP to a live server."""

from __future__ import annotations

import pytest

from turnout.people.models import Person, Tag
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory, TagFactory

from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

SECRET = "tnt_action_network_tool"


@pytest.fixture
def an_org(org_a):
    ApiTokenFactory(
        organization=org_a, secret=SECRET, scopes=["people:write"], action_network_compatible=True
    )
    return org_a


def test_v2_shows_action_network_identifiers_and_accepts_them(api, org_a):
    person = PersonFactory(organization=org_a, given_name="Vera")
    body = api.get(f"/api/v2/people/action_network:{person.uuid}").json()
    assert body["identifiers"][0] == f"action_network:{person.uuid}"
    assert body["_links"]["self"]["href"] == f"http://testserver/api/v2/people/{person.uuid}"
    assert api.get("/api/v2/").json()["max_pagesize"] == 25


def test_v2_post_people_takes_the_signup_shape_and_returns_identifiers(api, org_a):
    response = api.post(
        "/api/v2/people/",
        {
            "person": {
                "given_name": "Wes",
                "email_addresses": [{"address": "wes@example.org", "status": "subscribed"}],
            },
            "add_tags": ["volunteer"],
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["identifiers"][0].startswith("action_network:")
    assert body["_links"]["self"]["href"].startswith("http://testserver/api/v2/people/")
    assert Person.objects.get(organization=org_a).tags.get().name == "volunteer"


def test_v2_page_past_the_end_and_page_size(api, org_a):
    for n in range(30):
        PersonFactory(organization=org_a, given_name=f"N{n}")
    body = api.get("/api/v2/people", {"page": 2, "per_page": 25}).json()
    assert len(body["_embedded"]["osdi:people"]) == 5
    body = api.get("/api/v2/people", {"page": 7}).json()
    assert body["_embedded"]["osdi:people"] == []


def test_an_action_network_client_works_unmodified(live_server, an_org):
    service_module = pytest.importorskip("osdi.action_network.service")
    ANPerson = pytest.importorskip("osdi.action_network.person").ANPerson
    tag = TagFactory(organization=an_org, name="volunteer")
    existing = PersonFactory(organization=an_org, given_name="Yann", family_name="Old")
    EmailAddressFactory(person=existing, address="yann@example.org")
    for n in range(30):  # more than one page of 25
        PersonFactory(organization=an_org, given_name=f"Bulk{n}")

    service = service_module.ActionNetworkService(f"{live_server.url}/api/v2", SECRET)
    assert "volunteer" in service.tags_by_name  # it read the tags collection at start

    # Look up by email (filter=email_address eq '...'), then by id.
    found = service.find_person(email="yann@example.org", model=ANPerson)
    assert found is not None and found.id == str(existing.uuid)
    again = service.find_person(an_id=str(existing.uuid), model=ANPerson)
    assert again.raw_data["given_name"] == "Yann"

    # Create (POST people with the signup shape), tag it, change a custom field, untag it.
    created = service.create_person("Zoé", "New", "zoe@example.org")
    person = Person.objects.get(uuid=created["identifiers"][0].split(":")[-1])
    assert person.given_name == "Zoé"
    model = service.find_person(email="zoe@example.org", model=ANPerson)
    model.update_tag("volunteer", True)
    model.update()
    assert list(person.tags.all()) == [tag]
    refreshed = service.find_person(an_id=str(person.uuid), model=ANPerson)
    assert "volunteer" in refreshed.tags
    refreshed.update_tag("volunteer", False)
    refreshed.update()
    assert not person.tags.exists()

    # Page through everyone by following _links.next.
    everyone = service.get_model_raw("people", "osdi:people")
    assert len(everyone) == Person.objects.filter(organization=an_org).count() == 32
    assert Tag.objects.filter(organization=an_org).count() == 1
