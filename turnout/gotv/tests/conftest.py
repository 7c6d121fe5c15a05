"""GOTV tests run on the frozen Tuesday morning in Paris (``core.tests.clock``), 2026-11-24,
inside the sending hours; the factories' election is on 2026-12-20."""

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
