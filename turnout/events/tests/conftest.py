"""Events tests run on the frozen Tuesday morning in Paris (``core.tests.clock``): inside
the sending hours, so what they send is not held back."""

import pytest

from turnout.core.tests.clock import clock  # noqa: F401
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory


@pytest.fixture
def organizer_a(org_a):
    return MembershipFactory(organization=org_a, role=Role.ORGANIZER).user


@pytest.fixture
def volunteer_a(org_a):
    return MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
