"""Every assistant workspace URL, as an owner of organization A, against objects of
organization B: 404, and nothing of B shown (the project-wide walker, on this app's routes)."""

import pytest

from tests import isolation

pytestmark = pytest.mark.django_db


def test_no_assistant_page_leaks_another_organization(client, owner_a, org_a, org_b, monkeypatch):
    routes = [r for r in isolation.iter_routes() if r.name.startswith("assistant:")]
    assert len(routes) >= 20
    monkeypatch.setattr(isolation, "iter_routes", lambda: iter(routes))
    assert isolation.check_isolation(client, member_of_a=owner_a, org_a=org_a, org_b=org_b) == []
