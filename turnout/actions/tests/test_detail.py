import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from turnout.actions import services
from turnout.actions.charts import daily_bars
from turnout.actions.models import Action, Submission
from turnout.actions.referral import referral_code
from turnout.actions.tests.factories import ActionFactory, ActionSponsorFactory
from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory
from turnout.people.models import AccessLog
from turnout.people.services import PersonData

pytestmark = pytest.mark.django_db


def detail_url(org, action, query=""):
    url = reverse("actions:detail", kwargs={"org_slug": org.slug, "action_id": action.pk})
    return url + query


def sign(action, email, given="Anne", family="Martin", **attribution):
    submission, _ = services.submission_record(
        action=action,
        data=PersonData(given_name=given, family_name=family, email=email),
        consent_given=True,
        sponsor_ids=set(),
        attribution=attribution,
    )
    return submission


def test_daily_bars_scale_to_the_peak_and_cover_every_day():
    start = date(2026, 3, 1)
    chart = daily_bars({date(2026, 3, 2): 4, date(2026, 3, 5): 2}, start, date(2026, 3, 10))
    assert len(chart["bars"]) == 10 and chart["max"] == 4 and chart["total"] == 6
    heights = [float(bar["height"]) for bar in chart["bars"]]
    assert heights[1] == max(heights) and heights[4] == heights[1] / 2 and heights[0] == 0
    assert all("," not in bar["x"] for bar in chart["bars"])  # never localized
    empty = daily_bars({}, start, start + timedelta(days=29))
    assert empty["max"] == 0 and all(bar["height"] == "0" for bar in empty["bars"])


def test_detail_shows_counters_chart_and_attribution(client_a, org_a, org_b):
    action = ActionFactory(organization=org_a, goal=10, double_opt_in=False)
    ActionSponsorFactory(action=action, organization=org_b)
    anne = sign(action, "anne@example.org", utm_source="newsletter", source_code="NL1")
    for index in range(3):
        sign(
            action,
            f"friend{index}@example.org",
            referrer=referral_code(anne.person_id),
            utm_source="whatsapp",
            utm_medium="share",
            referring_organization=org_b.slug,
        )
    Submission.objects.filter(person__emails__address="friend2@example.org").update(
        confirmed_at=timezone.now() - timedelta(days=3)
    )
    pending = ActionFactory(organization=org_a)
    Action.objects.filter(pk=action.pk).update(double_opt_in=True)
    action.refresh_from_db()  # the service uses the action as given
    sign(action, "waiting@example.org")
    Action.objects.filter(pk=action.pk).update(double_opt_in=False)
    action.refresh_from_db()  # the service uses the action as given
    response = client_a.get(detail_url(org_a, action))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["confirmed"] == 4 and stats["pending"] == 1
    assert stats["utm_source"] == [("whatsapp", 3), ("newsletter", 1)]
    assert stats["sources"] == [("NL1", 1)]
    assert stats["referring_organizations"] == [("Demokratie Jetzt", 3)]
    assert [(r["name"], r["n"]) for r in stats["referrers"]] == [("Anne Martin", 3)]
    body = response.content.decode()
    assert '<progress max="100" value="40">' in body
    assert "<svg" in body and "tone-brand" in body and "<script>" not in body
    chart = response.context["chart"]
    assert chart["total"] == 4 and chart["bars"][-1]["n"] == 3 and chart["bars"][-4]["n"] == 1
    assert pending.pk  # another action of ours does not mix in


def test_submissions_list_filters_searches_and_pages(client_a, org_a, org_b):
    action = ActionFactory(organization=org_a)
    for index in range(55):
        sign(action, f"s{index}@example.org", given=f"Person{index}")
    sign(action, "zoe@example.org", given="Zoé", family="Kervella")
    theirs = ActionFactory(organization=org_b)
    sign(theirs, "other@example.org", given="Stranger")
    Submission.objects.filter(action=action, person__given_name="Person3").update(
        status="pending", confirmed_at=None
    )
    response = client_a.get(detail_url(org_a, action))
    assert len(response.context["submissions"]) == 50
    assert response.context["page"].paginator.count == 56
    assert "Stranger" not in response.content.decode()
    body = client_a.get(detail_url(org_a, action, "?q=kervella")).content.decode()
    assert "Zoé Kervella" in body and "Person1 " not in body
    person = Submission.objects.get(action=action, person__given_name="Zoé").person
    assert (
        reverse("people:detail", kwargs={"org_slug": org_a.slug, "person_uuid": person.uuid})
        in body
    )
    by_email = client_a.get(detail_url(org_a, action, "?q=s42%40example"))
    assert [s["row"].person.given_name for s in by_email.context["submissions"]] == ["Person42"]
    waiting = client_a.get(detail_url(org_a, action, "?status=pending"))
    assert [s["row"].person.given_name for s in waiting.context["submissions"]] == ["Person3"]
    second = client_a.get(detail_url(org_a, action, "?page=2"))
    assert len(second.context["submissions"]) == 6


def test_detail_page_query_budget(client_a, org_a, django_assert_max_num_queries):
    action = ActionFactory(organization=org_a, questions=[{"key": "k", "kind": "short_text"}])
    for index in range(30):
        sign(action, f"q{index}@example.org")
    with django_assert_max_num_queries(28):  # none per row; two for the intake queue
        response = client_a.get(detail_url(org_a, action))
    assert response.status_code == 200 and len(response.context["submissions"]) == 30


def test_export_submissions_as_a_job_for_admins(
    client, client_a, org_a, org_b, django_capture_on_commit_callbacks
):
    action = ActionFactory(organization=org_a)
    sign(action, "anne@example.org", utm_campaign="spring")
    sign(ActionFactory(organization=org_b), "other@example.org", given="Stranger")
    export = reverse("actions:export", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(export)
    job = Job.objects.get(organization=org_a, kind="actions_submissions_export")
    assert response["Location"].endswith(f"/jobs/{job.uuid}/")
    job.refresh_from_db()
    assert job.status == "succeeded" and job.percent == 100
    assert job.result["url"] == detail_url(org_a, action)  # "See the result" on the job page
    rows = list(csv.DictReader(io.StringIO(job.result_file.read().decode("utf-8-sig"))))
    assert [(r["given_name"], r["email"], r["utm_campaign"]) for r in rows] == [
        ("Anne", "anne@example.org", "spring")
    ]
    assert AccessLog.objects.get(organization=org_a, action="export").record_count == 1

    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    client.force_login(organizer)
    assert client.post(export).status_code == 403
    assert "Export to CSV" not in client.get(detail_url(org_a, action)).content.decode()


def test_an_erasure_deletes_the_exports_of_the_actions_the_person_answered(
    client_a, org_a, owner_a, django_capture_on_commit_callbacks
):
    from turnout.people.rights.services import person_erase

    action = ActionFactory(organization=org_a)
    other = ActionFactory(organization=org_a)
    gone = sign(action, "gone@example.org")
    sign(other, "stays@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for target in (action, other):
            client_a.post(
                reverse("actions:export", kwargs={"org_slug": org_a.slug, "action_id": target.pk})
            )
    jobs = {j.params["action"]: j for j in Job.objects.filter(kind="actions_submissions_export")}
    name = jobs[action.pk].result_file.name
    storage = jobs[action.pk].result_file.storage
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(person=gone.person, actor=owner_a, reason="asked")
    for job in jobs.values():
        job.refresh_from_db()
    assert not jobs[action.pk].result_file and not storage.exists(name)
    assert jobs[other.pk].result_file  # nothing of theirs in it
