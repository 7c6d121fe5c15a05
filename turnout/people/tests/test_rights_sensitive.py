"""Political opinions (support level, sensitive custom fields, sensitive timeline entries) are
shown only to roles with people.view_sensitive, on every page that shows a person."""

import pytest
from django.urls import reverse

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people import services

from .factories import CustomFieldFactory, PersonFactory

pytestmark = pytest.mark.django_db

OPINION = "Votes for the Canary party"
SURVEY = "Canary survey answer: strongly agrees"


@pytest.fixture
def person(org_a):
    CustomFieldFactory(organization=org_a, key="vote", label="Voting intention", sensitive=True)
    CustomFieldFactory(organization=org_a, key="shirt", label="Shirt size")
    person = PersonFactory(
        organization=org_a,
        family_name="Opinionated",
        custom_fields={"vote": OPINION, "shirt": "XL"},
    )
    services.person_update(person=person, actor=None, fields={"support_level": 4})
    services.activity_record(
        person=person, kind="survey", summary=SURVEY, data={"answer": SURVEY}, sensitive=True
    )
    services.activity_record(person=person, kind="note", summary="Likes cats")
    return person


def get(client, user, name, org, person):
    client.force_login(user)
    url = reverse(f"people:{name}", kwargs={"org_slug": org.slug, "person_uuid": person.uuid})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_organizer_does_not_see_political_opinions(client, org_a, person):
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    for page in ("detail", "edit"):
        body = get(client, organizer, page, org_a, person)
        assert "Opinionated" in body, page
        assert "Shirt size" in body and "XL" in body, page  # ordinary custom fields are shown
        assert "Voting intention" not in body and OPINION not in body, page
        assert "4/5" not in body and 'name="support_level"' not in body, page
        assert SURVEY not in body, page
        assert "support_level" not in body, page  # not even the name of the changed field
    assert "Likes cats" in get(client, organizer, "detail", org_a, person)


@pytest.mark.parametrize("role", [Role.OWNER, Role.ADMIN])
def test_owners_and_admins_see_them(client, org_a, person, role):
    admin = MembershipFactory(organization=org_a, role=role).user
    body = get(client, admin, "detail", org_a, person)
    assert "Voting intention" in body and OPINION in body
    assert "4/5" in body
    assert SURVEY in body


def test_an_organizer_saving_the_edit_form_keeps_the_hidden_opinions(client, org_a, person):
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    url = reverse("people:edit", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
    response = client.post(
        url, {"given_name": "New", "family_name": "Opinionated", "cf_shirt": "S"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "New"
    assert person.support_level == 4
    assert person.custom_fields == {"vote": OPINION, "shirt": "S"}
