"""The same file imported twice at the same moment (a double click, two organizers): on
PostgreSQL, real concurrent jobs; no duplicate address, no failed import."""

from dataclasses import asdict

import pytest

from turnout.canvassing.models import AddressPoint, ElectionResult, PollingStation
from turnout.canvassing.services.targeting import (
    ADDRESSES_JOB,
    RESULTS_JOB,
    address_import_start,
    import_draft_create,
    results_import_start,
)
from turnout.core.jobs import job_run
from turnout.core.tests.concurrency import run_together
from turnout.people.imports import reader

from .factories import LAT, LON
from .targeting_helpers import ban_file, ban_line, csv_file
from .test_targeting_results import HEADER, row

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _jobs_wait_for_us(settings):
    """The jobs are queued, not run at commit: the test starts them together."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "jobs", "messages"],
        }
    }


def _draft(org, upload, kind):
    info = reader.inspect(upload, upload.name)
    _token, draft = import_draft_create(
        organization=org, kind=kind, upload=upload, extension="csv", info=asdict(info)
    )
    return draft


def test_one_address_file_imported_twice_at_once_has_no_duplicate(org_a, owner_a, monkeypatch):
    from turnout.canvassing.imports import addresses

    monkeypatch.setattr(addresses, "BATCH_SIZE", 25)
    lines = [
        ban_line(f"29019_1_{n:05d}", n, "Rue de Siam", LAT, LON + n * 1e-5) for n in range(200)
    ]
    jobs = [
        address_import_start(
            organization=org_a,
            user=owner_a,
            draft=_draft(org_a, ban_file(lines), ADDRESSES_JOB),
            columns=None,
        )
        for _ in range(2)
    ]
    outcomes = run_together(2, lambda i: job_run(job_id=jobs[i].pk))
    assert outcomes == ["succeeded", "succeeded"]
    assert AddressPoint.objects.filter(organization=org_a).count() == 200
    for job in jobs:
        job.refresh_from_db()
    assert sum(j.result["created"] for j in jobs) == 200
    assert (
        sum(j.result["created"] + j.result["unchanged"] + j.result["updated"] for j in jobs) == 400
    )


def test_one_round_imported_twice_at_once_keeps_one_figure_per_station(org_a, owner_a):
    import datetime as dt

    text = "\n".join([HEADER, *(row(str(n), 900, 650, 250) for n in range(1, 41))]) + "\n"
    jobs = [
        results_import_start(
            organization=org_a,
            user=owner_a,
            draft=_draft(org_a, csv_file(text), RESULTS_JOB),
            election="Législatives 2024, 1er tour",
            election_date=dt.date(2024, 6, 30),
            round_=1,
        )
        for _ in range(2)
    ]
    assert run_together(2, lambda i: job_run(job_id=jobs[i].pk)) == ["succeeded", "succeeded"]
    assert PollingStation.objects.filter(organization=org_a).count() == 40
    assert ElectionResult.objects.filter(organization=org_a).count() == 40
