import importlib

import pytest
from django.apps import apps

from turnout.core.tests.clock import clock  # noqa: F401  (frozen Tue 2026-11-24 10:00 Paris)

SEED = importlib.import_module("turnout.donations.migrations.0002_legal_limits")


@pytest.fixture(autouse=True)
def legal_limits(request):
    """The legal limits the data migration seeds: a transactional test elsewhere in the suite
    flushes the tables, migration rows included, so they are put back (idempotent)."""
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")
        SEED.forwards(apps, None)
