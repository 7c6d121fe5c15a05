"""Who may do what in the assistant's workspace, as a role matrix, and what volunteers and
strangers get."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

import pytest

from turnout.assistant import policies
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, UserFactory

from .ui_helpers import organizer_a, url  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

ORGANIZER_ALL = tuple(name != "manage_channels" for name in policies.PERMISSIONS)
MATRIX = {
    Role.VOLUNTEER: (False,) * len(policies.PERMISSIONS),
    Role.ORGANIZER: ORGANIZER_ALL,
    Role.ADMIN: (True,) * len(policies.PERMISSIONS),
    Role.OWNER: (True,) * len(policies.PERMISSIONS),
    None: (False,) * len(policies.PERMISSIONS),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_assistant_permissions(org_a, role):
    user = MembershipFactory(organization=org_a, role=role).user if role else UserFactory()
    got = tuple(user.has_perm(f"assistant.{name}", org_a) for name in policies.PERMISSIONS)
    assert got == MATRIX[role]


def test_a_member_of_another_organization_has_no_right_here(org_a, owner_b):
    assert not any(owner_b.has_perm(f"assistant.{name}", org_a) for name in policies.PERMISSIONS)


@pytest.mark.parametrize(
    "name", ["home", "entries", "entry_new", "install", "console", "inbox", "elections",
             "election_new", "conversations", "channels", "channel_new"],
)  # fmt: skip
def test_volunteers_are_refused_every_page(client, org_a, name):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    assert client.get(url(name, org_a)).status_code == 403


def test_strangers_get_not_found_and_anonymous_visitors_the_login(client, org_a, owner_b):
    response = client.get(url("home", org_a))
    assert response.status_code == 302 and "login" in response.url
    client.force_login(owner_b)
    assert client.get(url("home", org_a)).status_code == 404


def test_organizers_see_channels_but_only_admins_change_them(client, org_a, organizer_a):
    client.force_login(organizer_a)
    assert client.get(url("channels", org_a)).status_code == 200
    assert client.get(url("channel_new", org_a)).status_code == 403
    assert "Add a channel" not in client.get(url("channels", org_a)).content.decode()
