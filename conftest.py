"""Fixtures shared by every test: two tenants, their members, and database-aware markers."""

import shutil

import pytest
from django.db import connection

from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    skip_e2e = pytest.mark.skip(
        reason="browser tests need Debian's chromium (/usr/bin/chromium); .ci/run installs it"
    )
    grouping = (
        "postgresql" in engine
        and hasattr(config, "workerinput")
        and config.getoption("dist", "no") == "loadgroup"
    )
    for item in items:
        if "postgres" in item.keywords and "postgresql" not in engine:
            item.add_marker(skip_pg)
        if "e2e" in item.keywords and not chromium:
            item.add_marker(skip_e2e)
        if getattr(item, "operation_label", None) and not item.nodeid.endswith("]"):
            # schemathesis makes one item per API operation but gives them all the function's
            # node id; pytest-xdist tells items apart by node id (it would run only one).
            _set_node_id(item, f"{item.nodeid}[{item.operation_label}]")
        if grouping and "postgres" in item.keywords:
            # Under pytest-xdist (--dist loadgroup), the PostgreSQL race tests (up to 50
            # connections each) run on one worker, so that two of them never add up past
            # PostgreSQL's 100 connections; the others are shared out. The "@group" suffix is
            # how the loadgroup scheduler reads a group.
            _set_node_id(item, f"{item.nodeid}@many-connections")


def _set_node_id(item, nodeid: str) -> None:
    """pytest 9.2 keeps an item's node id in ``_id`` (pytest-xdist 3.8 still writes
    ``_nodeid``, which pytest 9.2 no longer reads)."""
    try:
        from _pytest.nodeid import coerce_node_id
    except ImportError:  # pytest < 9.2
        item._nodeid = nodeid
    else:
        item._id = coerce_node_id(nodeid)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code outside a request (services, tasks) speaks the default language, French; tests
    read its messages in English. Requests still choose their language from the URL."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def org_a(db):
    return OrganizationFactory(name="Voix Citoyennes", slug="voix-citoyennes", country="FR")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(name="Demokratie Jetzt", slug="demokratie-jetzt", country="AT")


@pytest.fixture
def owner_a(org_a):
    return MembershipFactory(
        organization=org_a, role=Role.OWNER, user__email="owner-a@example.org"
    ).user


@pytest.fixture
def owner_b(org_b):
    return MembershipFactory(
        organization=org_b, role=Role.OWNER, user__email="owner-b@example.org"
    ).user


@pytest.fixture
def client_a(client, owner_a):
    client.force_login(owner_a)
    return client


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
