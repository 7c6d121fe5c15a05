"""The funnel report's figures, checked against the same figures computed here by hand from
the rows of a small hand-built ladder."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from turnout.actions.tests.factories import ActionFactory, SubmissionFactory
from turnout.funnels import report
from turnout.funnels.tests.factories import PersonRungFactory, RungFactory, RungReachedFactory
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()

# person -> {rung position: days ago when first reached}
JOURNEYS = {
    "ana": {0: 100, 1: 90, 2: 60, 3: 50},
    "ben": {0: 80, 1: 79},
    "cleo": {0: 70, 1: 40, 2: 38},
    "dan": {0: 60},
    "eva": {0: 50, 3: 20},  # skipped signer and donor
    "jo": {0: 30, 2: 25, 1: 15},  # gave before signing: no signer-to-donor conversion
    "finn": {0: 45, 1: 44, 2: 10},
    "gus": {0: 20, 1: 19, 2: 5},
    "hana": {0: 10, 1: 2},
    "ida": {0: 5},
}


def build(organization):
    rungs = [
        RungFactory(organization=organization, position=p, name={"en": n})
        for p, n in enumerate(["Supporter", "Signer", "Donor", "Volunteer"])
    ]
    people = {}
    for name, steps in JOURNEYS.items():
        person = PersonFactory(organization=organization, given_name=name)
        people[name] = person
        for position, ago in steps.items():
            RungReachedFactory(
                rung=rungs[position], person=person, reached_at=NOW - timedelta(days=ago)
            )
        PersonRungFactory(
            rung=rungs[max(steps)], person=person, since=NOW - timedelta(days=min(steps.values()))
        )
    return rungs, people


def expected(since_days=None):
    """The definitions of the report, applied in Python to JOURNEYS."""
    cutoff = None if since_days is None else NOW - timedelta(days=since_days)
    at = {
        name: [NOW - timedelta(days=steps[i]) if i in steps else None for i in range(4)]
        for name, steps in JOURNEYS.items()
    }

    def in_period(when):
        return when is not None and (cutoff is None or when >= cutoff)

    rows = []
    for i in range(4):
        reached = sum(in_period(times[i]) for times in at.values())
        row = {"reached": reached}
        if i:
            pairs = [
                times
                for times in at.values()
                if in_period(times[i - 1]) and times[i] is not None and times[i] >= times[i - 1]
            ]
            base = sum(in_period(times[i - 1]) for times in at.values())
            row["converted"], row["base"] = len(pairs), base
            durations = [(t[i] - t[i - 1]).total_seconds() for t in pairs]
            row["median"] = statistics.median(durations) if durations else None
        rows.append(row)
    return rows


@pytest.mark.parametrize("period, days", [("all", None), ("30", 30), ("90", 90)])
def test_the_funnel_counts_conversions_and_median_times(org_a, period, days):
    build(org_a)
    data = report.funnel(organization=org_a, period=period, now=NOW)
    wanted = expected(days)
    for step, row in zip(data["steps"], wanted, strict=True):
        assert step.reached == row["reached"], step.name
        if "converted" in row:
            assert (step.converted, step.base) == (row["converted"], row["base"]), step.name
            if row["median"] is None:
                assert step.median_seconds is None
            else:
                assert step.median_seconds == pytest.approx(row["median"], abs=1), step.name


def test_the_funnel_shows_each_rung_and_who_stands_where_now(org_a):
    build(org_a)
    data = report.funnel(organization=org_a, now=NOW)
    assert [s.reached for s in data["steps"]] == [10, 7, 5, 2]
    assert [s.current for s in data["steps"]] == [2, 2, 4, 2]
    assert data["steps"][1].conversion == pytest.approx(100 * 7 / 10, abs=0.1)
    # Jo gave before signing: a donor, but not a signer who converted.
    assert (data["steps"][2].converted, data["steps"][2].base) == (4, 7)
    # Bars as wide as their counts.
    bars = data["chart"]["bars"]
    assert bars[0]["width"] > bars[1]["width"] > bars[2]["width"] > bars[3]["width"] > 0
    assert bars[1]["width"] / bars[0]["width"] == pytest.approx(7 / 10, rel=0.01)


def test_another_organization_is_not_counted(org_a, org_b):
    build(org_a)
    build(org_b)
    RungReachedFactory(rung=RungFactory(organization=org_b, position=9))
    data = report.funnel(organization=org_a, now=NOW)
    assert data["steps"][0].reached == len(JOURNEYS)
    assert sum(s.current for s in data["steps"]) == len(JOURNEYS)


def test_cohorts_by_first_action_referrer_and_source(org_a):
    _rungs, people = build(org_a)
    petition = ActionFactory(organization=org_a, title={"en": "Save the night bus"})
    pledge = ActionFactory(organization=org_a, kind="pledge", title={"en": "I will vote"})
    partner = OrganizationFactory(name="Partner NGO")
    first = {"ana": petition, "ben": petition, "cleo": pledge, "dan": petition, "finn": pledge}
    for name, action in first.items():
        SubmissionFactory(
            action=action,
            person=people[name],
            referring_organization=partner if name in ("ana", "cleo") else None,
            utm_source="newsletter" if name != "dan" else "",
            created_at=NOW - timedelta(days=100),
        )
    # A later submission does not change the acquisition.
    SubmissionFactory(action=pledge, person=people["ana"], created_at=NOW - timedelta(days=1))
    for name in ("eva", "gus"):
        people[name].origin_system = "NationBuilder"
        people[name].save()

    by_action = report.cohorts(organization=org_a, dimension="action", now=NOW)
    rows = {row["cohort"].label: row for row in by_action["cohorts"]}
    petition_row = rows["Petition: Save the night bus"]
    assert petition_row["cohort"].people == 3  # ana, ben, dan
    signer_to_donor = petition_row["conversions"][1]
    assert (signer_to_donor["converted"], signer_to_donor["base"]) == (1, 2)  # ana of ana, ben
    assert signer_to_donor["percent"] == 50.0
    assert rows["Pledge: I will vote"]["cohort"].people == 2
    assert rows["No action, came from NationBuilder"]["cohort"].people == 2
    assert rows["No action, came from Turnout"]["cohort"].people == 3  # hana, ida, jo
    # The cohorts add up to the funnel.
    funnel = report.funnel(organization=org_a, now=NOW)
    assert sum(r["cohort"].people for r in by_action["cohorts"]) == funnel["steps"][0].reached
    for index in (1, 2, 3):
        assert sum(r["conversions"][index - 1]["converted"] for r in by_action["cohorts"]) == (
            funnel["steps"][index].converted
        )

    by_referrer = {
        row["cohort"].label: row["cohort"].people
        for row in report.cohorts(organization=org_a, dimension="referrer", now=NOW)["cohorts"]
    }
    assert by_referrer["Partner NGO"] == 2
    assert by_referrer["Direct (no referring organization)"] == 3
    by_source = {
        row["cohort"].label: row["cohort"].people
        for row in report.cohorts(organization=org_a, dimension="source", now=NOW)["cohorts"]
    }
    assert by_source["newsletter"] == 4
    assert by_source["No source given"] == 1


def test_small_cohorts_are_added_up(org_a):
    _rungs, people = build(org_a)
    for index, person in enumerate(people.values()):
        person.origin_system = f"system-{index}"
        person.save()
    data = report.cohorts(organization=org_a, dimension="source", limit=3, now=NOW)
    assert len(data["cohorts"]) == 4
    assert data["cohorts"][-1]["cohort"].label == "7 other cohorts"
    assert sum(r["cohort"].people for r in data["cohorts"]) == len(JOURNEYS)


@pytest.mark.parametrize(
    "seconds, text",
    [
        (20, "less than a minute"),
        (60 * 5, "5 minutes"),
        (3600 * 3, "3 hours"),
        (86400 * 3, "3 days"),
        (86400 * 21, "3 weeks"),
        (86400 * 200, "7 months"),
        (None, "—"),
    ],
)
def test_durations_read_like_people_say_them(seconds, text):
    assert report.human_duration(seconds) == text


def test_the_tables_download_as_csv(client_a, org_a):
    rungs, _people = build(org_a)
    rungs[1].name = {"en": "=Signer"}  # a name a spreadsheet would run as a formula
    rungs[1].save()
    url = reverse("funnels:report_csv", kwargs={"org_slug": org_a.slug})
    response = client_a.get(url, {"table": "funnel", "period": "all"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="funnel-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1:3] == ["Supporter", "10"]
    assert rows[2][1] == "'=Signer"
    assert rows[2][2] == "7" and float(rows[2][3]) == pytest.approx(70.0)

    response = client_a.get(url, {"table": "cohorts", "by": "source"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Source (utm_source)"
    assert rows[1][:2] == ["No action, came from Turnout", "10"]


def test_a_period_where_only_higher_rungs_were_reached_is_not_empty(client_a, org_a):
    rungs, _people = build(org_a)
    # Everyone joined long ago; one person signed recently.
    from turnout.funnels.models import RungReached

    RungReached.objects.filter(organization=org_a).update(reached_at=NOW - timedelta(days=400))
    RungReached.objects.filter(rung=rungs[1]).update(reached_at=NOW - timedelta(days=3))
    data = report.funnel(organization=org_a, period="30", now=NOW)
    assert data["steps"][0].reached == 0 and data["steps"][1].reached == 7
    page = client_a.get(
        reverse("funnels:report", kwargs={"org_slug": org_a.slug}), {"period": "30"}
    ).content.decode()
    assert "Nobody reached a rung in this period" not in page
    assert '<svg class="funnel-chart"' in page
