"""Who may do what in training, as a role matrix."""

import pytest

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, UserFactory
from turnout.training import policies  # noqa: F401

pytestmark = pytest.mark.django_db

MATRIX = {
    # role: (take, manage, view_progress)
    Role.VOLUNTEER: (True, False, False),
    Role.ORGANIZER: (True, True, True),
    Role.ADMIN: (True, True, True),
    Role.OWNER: (True, True, True),
    None: (False, False, False),
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_training_permissions(org_a, role):
    user = MembershipFactory(organization=org_a, role=role).user if role else UserFactory()
    got = tuple(
        user.has_perm(f"training.{name}", org_a) for name in ("take", "manage", "view_progress")
    )
    assert got == MATRIX[role]
