"""Retention: the boundaries (day before / day after), dry run == real run, the daily task,
and the page that shows a dry run before the policy is turned on."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from turnout.core import periodic
from turnout.core.models import AuditEvent, Job
from turnout.people.models import AccessLog, Person, RetentionPolicy
from turnout.people.rights.forms import RetentionForm
from turnout.people.rights.services import months_before, retention_run

from .factories import ActivityFactory, PersonFactory, RetentionPolicyFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
CUTOFF = datetime(2023, 6, 15, 12, 0, tzinfo=UTC)  # 36 months earlier
DAY = timedelta(days=1)


def erased(*people):
    return [Person.objects.get(pk=p.pk).erased_at is not None for p in people]


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2026, 6, 15, tzinfo=UTC), 36, datetime(2023, 6, 15, tzinfo=UTC)),
        (datetime(2026, 3, 31, tzinfo=UTC), 1, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2024, 3, 31, tzinfo=UTC), 1, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2026, 1, 10, tzinfo=UTC), 13, datetime(2024, 12, 10, tzinfo=UTC)),
    ],
)
def test_months_before(moment, months, expected):
    assert months_before(moment, months) == expected


@pytest.fixture
def population(org_a, org_b):
    with freeze_time(CUTOFF - 2 * DAY):
        never_active_old = PersonFactory(organization=org_a, family_name="Neverold")
    with freeze_time(CUTOFF + 2 * DAY):
        never_active_young = PersonFactory(organization=org_a, family_name="Neveryoung")
    return {
        "day_before": PersonFactory(
            organization=org_a, family_name="Daybefore", last_activity_at=CUTOFF - DAY
        ),
        "day_after": PersonFactory(
            organization=org_a, family_name="Dayafter", last_activity_at=CUTOFF + DAY
        ),
        "never_active_old": never_active_old,
        "never_active_young": never_active_young,
        "recent": PersonFactory(organization=org_a, last_activity_at=NOW - DAY),
        "other_org_old": PersonFactory(organization=org_b, last_activity_at=CUTOFF - 300 * DAY),
    }


def test_boundaries_day_before_and_day_after(org_a, population):
    p = population
    with freeze_time(NOW):
        report = retention_run(organization=org_a, dry_run=False)
    assert report["erased"] == 2
    assert erased(p["day_before"], p["never_active_old"]) == [True, True]
    assert erased(p["day_after"], p["never_active_young"], p["recent"], p["other_org_old"]) == [
        False,
        False,
        False,
        False,
    ]
    # Two days later, the "day after" person has crossed the line too.
    with freeze_time(NOW + 2 * DAY):
        report = retention_run(organization=org_a, dry_run=False)
    assert report["erased"] == 1
    assert erased(p["day_after"], p["never_active_young"]) == [True, False]
    with freeze_time(NOW + 3 * DAY):
        retention_run(organization=org_a, dry_run=False)
    assert erased(p["never_active_young"], p["recent"]) == [True, False]


def test_dry_run_matches_the_real_run_and_changes_nothing(org_a, population):
    with freeze_time(NOW):
        dry = retention_run(organization=org_a, dry_run=True)
        assert Person.objects.filter(erased_at__isnull=False).count() == 0
        assert not AuditEvent.objects.filter(action__startswith="retention").exists()
        real = retention_run(organization=org_a, dry_run=False)
    assert dry["count"] == real["count"] == real["erased"] == 2
    assert dry["digest"] == real["digest"]
    assert dry["oldest_last_activity"] == real["oldest_last_activity"]
    assert dry["oldest_last_activity"].startswith((CUTOFF - 2 * DAY).date().isoformat())
    assert sorted(dry["sample"]) == sorted(
        [str(population["day_before"]), str(population["never_active_old"])]
    )
    assert "sample" not in real
    policy = RetentionPolicy.objects.get(organization=org_a)
    assert policy.last_run_at == NOW
    assert policy.last_report["erased"] == 2
    assert "Daybefore" not in str(policy.last_report)
    assert AccessLog.objects.filter(action="erase", description="reason: retention").count() == 2
    event = AuditEvent.objects.get(action="retention.run")
    assert event.data["erased"] == 2


def test_dry_run_sample_is_at_most_twenty(org_a):
    for i in range(25):
        PersonFactory(organization=org_a, family_name=f"Old{i}", last_activity_at=CUTOFF - DAY)
    with freeze_time(NOW):
        report = retention_run(organization=org_a, dry_run=True)
    assert report["count"] == 25 and len(report["sample"]) == 20


def test_donors_are_kept_when_the_policy_says_so(org_a):
    donor = PersonFactory(organization=org_a, last_activity_at=CUTOFF - 30 * DAY)
    ActivityFactory(person=donor, kind="donation.made", occurred_at=CUTOFF - 30 * DAY)
    with freeze_time(NOW):
        assert retention_run(organization=org_a, dry_run=False, keep_donors=True)["erased"] == 0
        assert erased(donor) == [False]
        assert retention_run(organization=org_a, dry_run=False, keep_donors=False)["erased"] == 1
    assert erased(donor) == [True]


def test_daily_task_runs_every_enabled_policy(
    org_a, org_b, population, django_capture_on_commit_callbacks
):
    task = periodic.REGISTRY["people_retention"]
    assert task.every == timedelta(days=1)
    RetentionPolicyFactory(organization=org_a, enabled=True, inactive_months=36)
    RetentionPolicyFactory(organization=org_b, enabled=False, inactive_months=1)
    with freeze_time(NOW), django_capture_on_commit_callbacks(execute=True):
        report = task.func()
    assert report == {"jobs": 1, "dsar_files_purged": 0}
    job = Job.objects.get(kind="people_retention_run")
    assert job.status == Job.Status.SUCCEEDED and job.result["erased"] == 2
    assert erased(population["day_before"], population["other_org_old"]) == [True, False]
    assert RetentionPolicy.objects.get(organization=org_a).last_run_at == NOW
    assert RetentionPolicy.objects.get(organization=org_b).last_run_at is None


# --- The page ---------------------------------------------------------------------------------


def test_turning_the_policy_on_shows_a_dry_run_first(client_a, org_a, population):
    url = reverse("people:retention", kwargs={"org_slug": org_a.slug})
    with freeze_time(NOW):
        assert client_a.get(url).status_code == 200
        values = {"enabled": "on", "inactive_months": "36", "keep_donors": "on"}
        response = client_a.post(url, values)
        assert response.status_code == 200
        report = response.context["report"]
        assert report["count"] == 2
        body = response.content.decode()
        assert "Daybefore" in body and "Neverold" in body and "Dayafter" not in body
        assert not RetentionPolicy.objects.filter(organization=org_a, enabled=True).exists()
        assert AccessLog.objects.filter(action="view", description="retention dry run").exists()
        # A token for other values does not count as a dry run of these ones.
        other_token = RetentionForm.sign(
            org_a.pk, {"enabled": True, "inactive_months": 12, "keep_donors": True}
        )
        response = client_a.post(url, {**values, "token": other_token})
        assert response.status_code == 200 and "report" in response.context
        token = response.context["form"].initial["token"]
        response = client_a.post(url, {**values, "token": token})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(organization=org_a)
    assert (policy.enabled, policy.inactive_months, policy.keep_donors) == (True, 36, True)
    assert AuditEvent.objects.filter(action="retention.updated").exists()
    assert erased(population["day_before"]) == [False]  # nothing erased by the page itself
    # Turning it off needs no dry run.
    with freeze_time(NOW):  # (the session was saved at NOW)
        response = client_a.post(url, {"inactive_months": "36"})
    assert response.status_code == 302
    assert RetentionPolicy.objects.get(organization=org_a).enabled is False


def test_a_token_from_another_organization_is_refused(client_a, org_a, org_b):
    url = reverse("people:retention", kwargs={"org_slug": org_a.slug})
    values = {"enabled": True, "inactive_months": 36, "keep_donors": True}
    token = RetentionForm.sign(org_b.pk, values)
    response = client_a.post(
        url, {"enabled": "on", "inactive_months": "36", "keep_donors": "on", "token": token}
    )
    assert response.status_code == 200 and "report" in response.context
    assert not RetentionPolicy.objects.filter(organization=org_a, enabled=True).exists()


def test_access_export_files_are_deleted_after_a_week(org_a):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from turnout.people.rights.services import dsar_files_purge

    old = Job.objects.create(
        organization=org_a,
        kind="person_dsar_export",
        title="x",
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=8),
    )
    old.result_file.save("old.zip", ContentFile(b"PK"), save=True)
    recent = Job.objects.create(
        organization=org_a,
        kind="person_dsar_export",
        title="y",
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=1),
    )
    recent.result_file.save("recent.zip", ContentFile(b"PK"), save=True)
    path = old.result_file.path
    assert dsar_files_purge() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_file and recent.result_file
    assert not os.path.exists(path)
