from datetime import UTC, datetime, timedelta

import pytest

from turnout.core import periodic
from turnout.core.models import PeriodicRun

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_test_tasks(monkeypatch):
    """Run these tests with only the tasks they register (the apps register real ones)."""
    monkeypatch.setattr(periodic, "REGISTRY", {})


def test_a_periodic_task_runs_once_per_slot_whatever_the_number_of_workers():
    calls = []
    periodic.periodic("count", every=timedelta(hours=24))(lambda: calls.append(1) or {"n": 1})
    try:
        monday = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        assert periodic.periodic_run_due(monday) == ["count"]
        assert periodic.periodic_run_due(monday + timedelta(hours=3)) == []  # second worker
        assert periodic.periodic_run_due(monday + timedelta(days=1)) == ["count"]
        assert len(calls) == 2
        assert PeriodicRun.objects.filter(name="count", finished_at__isnull=False).count() == 2
    finally:
        periodic.REGISTRY.clear()


def test_a_failing_periodic_task_is_recorded_and_does_not_stop_the_others():
    ran = []
    periodic.periodic("bad", every=timedelta(hours=1))(lambda: 1 / 0)
    periodic.periodic("good", every=timedelta(hours=1))(lambda: ran.append(1))
    try:
        assert periodic.periodic_run_due() == ["bad", "good"]
        assert PeriodicRun.objects.get(name="bad").result == {"error": True}
        assert ran == [1]
    finally:
        periodic.REGISTRY.clear()
