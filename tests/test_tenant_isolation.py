from django.test import override_settings
from django.urls import clear_url_caches

from tests.isolation import check_isolation, iter_routes
from turnout.organizations.choices import Role


def test_no_workspace_url_reaches_another_organization(client, org_a, org_b, owner_a, owner_b):
    failures = check_isolation(client, member_of_a=owner_a, org_a=org_a, org_b=org_b)
    assert failures == []


def test_the_walker_covers_the_workspace():
    names = {route.name for route in iter_routes()}
    # A sample of what must be walked; new workspace views are found the same way.
    assert {"organizations:dashboard", "organizations:membership", "core:job_download"} <= names


def test_walker_catches_a_view_that_forgets_scoping(client, org_a, org_b, owner_a):
    """The test of the test: a view that looks a job up without its organization leaks, and
    the walker reports it."""
    with override_settings(ROOT_URLCONF="tests.leaky_urls"):
        clear_url_caches()
        try:
            failures = check_isolation(client, member_of_a=owner_a, org_a=org_a, org_b=org_b)
        finally:
            clear_url_caches()
    leaky = [line for line in failures if line.startswith("leaky [A's workspace, B's objects]")]
    assert any(line.endswith("-> 200, expected [403, 404, 405]") for line in leaky), failures


def test_walker_rejects_an_unregistered_object_kwarg(client, org_a, org_b, owner_a):
    with override_settings(ROOT_URLCONF="tests.leaky_urls"):
        clear_url_caches()
        try:
            failures = check_isolation(client, member_of_a=owner_a, org_a=org_a, org_b=org_b)
        finally:
            clear_url_caches()
    assert any("no OBJECT_KWARGS entry for ['widget_id']" in line for line in failures)


def test_a_volunteer_is_also_kept_out(client, org_a, org_b, owner_b):
    from turnout.organizations.tests.factories import MembershipFactory

    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    assert check_isolation(client, member_of_a=volunteer, org_a=org_a, org_b=org_b) == []
