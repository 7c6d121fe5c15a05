"""Permissions as a role x permission matrix."""

import pytest

from turnout.organizations.choices import Role

from .factories import MembershipFactory, OrganizationFactory, UserFactory

PERMISSIONS = {
    # permission:                        owner  admin  organizer volunteer outsider
    "organizations.view_workspace": (True, True, True, True, False),
    "organizations.run_jobs": (True, True, True, False, False),
    "organizations.manage_members": (True, True, False, False, False),
    "organizations.change_organization": (True, True, False, False, False),
    "organizations.view_audit": (True, True, False, False, False),
    "organizations.grant_owner": (True, False, False, False, False),
}
ROLES = [Role.OWNER, Role.ADMIN, Role.ORGANIZER, Role.VOLUNTEER, None]


@pytest.mark.django_db
@pytest.mark.parametrize("permission", PERMISSIONS)
def test_role_matrix(permission):
    org = OrganizationFactory()
    for role, expected in zip(ROLES, PERMISSIONS[permission], strict=True):
        user = UserFactory()
        if role:
            MembershipFactory(organization=org, user=user, role=role)
        assert user.has_perm(permission, org) is expected, (permission, role)


@pytest.mark.django_db
def test_a_role_in_one_organization_grants_nothing_in_another():
    org, other = OrganizationFactory(), OrganizationFactory()
    user = MembershipFactory(organization=org, role=Role.OWNER).user
    assert not user.has_perm("organizations.view_workspace", other)
