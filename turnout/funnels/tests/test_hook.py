"""The activity hook places people on the ladder as their activities arrive."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from turnout.funnels import services
from turnout.funnels.ladder import ladder_summary_fresh
from turnout.funnels.models import PersonRung, RungReached
from turnout.funnels.rules import analyze
from turnout.funnels.services import matching_rungs
from turnout.people.models import Activity, Tag
from turnout.people.segments.filters import people_matching
from turnout.people.services import person_update, tag_remove, tags_add
from turnout.people.tests.factories import ActivityFactory, PersonFactory, TagFactory

from .helpers import announcements, current_rung, days_ago, did, newcomer, reached, suggested

pytestmark = pytest.mark.django_db


def test_people_climb_the_suggested_ladder_as_their_activities_arrive(org_a):
    suggested(org_a)
    person = newcomer(org_a, "lea@example.org")
    assert current_rung(person) == "Supporter"

    signed = did(person, "petition_signed", days_ago(30))
    assert current_rung(person) == "Signer"
    gave = did(person, "donation.made", days_ago(20), amount=2500)
    assert current_rung(person) == "Donor"
    did(person, "shift.attended", days_ago(10))
    assert current_rung(person) == "Volunteer"
    tags_add(person=person, names=["leader"])
    assert current_rung(person) == "Leader"

    times = reached(person)
    assert set(times) == {"Supporter", "Signer", "Donor", "Volunteer", "Leader"}
    assert times["Signer"] == signed.occurred_at
    assert times["Donor"] == gave.occurred_at
    assert announcements(person) == ["Supporter", "Signer", "Donor", "Volunteer", "Leader"]
    # Each announcement names its rung as the source (what journeys trigger on).
    leader = Activity.objects.get(person=person, kind="rung.reached", summary="Leader")
    assert leader.source_id == str(PersonRung.objects.get(person=person).rung_id)
    assert leader.data["rung"] == PersonRung.objects.get(person=person).rung_id


def test_a_person_steps_down_when_a_rule_stops_matching_and_is_announced_once(org_a):
    suggested(org_a)
    person = newcomer(org_a, "hugo@example.org")
    did(person, "petition_signed")
    tags_add(person=person, names=["volunteer"])
    assert current_rung(person) == "Volunteer"
    first_time = reached(person)["Volunteer"]

    tag_remove(person=person, tag=Tag.objects.get(organization=org_a, name="volunteer"))
    assert current_rung(person) == "Signer"
    assert reached(person)["Volunteer"] == first_time  # the history stays

    tags_add(person=person, names=["volunteer"])
    assert current_rung(person) == "Volunteer"
    assert announcements(person).count("Volunteer") == 1
    assert reached(person)["Volunteer"] == first_time


def test_a_person_can_skip_rungs(org_a):
    suggested(org_a)
    person = newcomer(org_a, "ines@example.org")
    tags_add(person=person, names=["leader"])
    assert current_rung(person) == "Leader"
    # Only the rules they match are recorded as reached (the report counts them as having
    # got at least as far as the rungs below).
    assert set(reached(person)) == {"Supporter", "Leader"}


def test_activities_no_rule_looks_at_do_not_touch_the_ladder(org_a):
    suggested(org_a)
    person = newcomer(org_a, "nathan@example.org")
    tags_add(person=person, names=["newsletter"])  # a tag no rung looks at
    with CaptureQueriesContext(connection) as queries:
        did(person, "note")
        tags_add(person=person, names=["jeunes"])
    assert not [q for q in queries.captured_queries if "funnels_" in q["sql"]]
    assert current_rung(person) == "Supporter"


def test_an_organization_without_a_ladder_costs_no_query(org_a):
    person = PersonFactory(organization=org_a)
    did(person, "petition_signed")  # fills the cache
    with CaptureQueriesContext(connection) as queries:
        did(person, "petition_signed")
    assert not [q for q in queries.captured_queries if "funnels_" in q["sql"]]
    assert not PersonRung.objects.exists()


def test_creating_a_ladder_is_seen_by_the_next_activity(org_a):
    person = PersonFactory(organization=org_a)
    did(person, "petition_signed")  # "no ladder" is now cached
    suggested(org_a)
    did(person, "petition_signed")
    assert current_rung(person) == "Signer"


def test_a_ladder_changed_elsewhere_is_read_again(org_a):
    """Another process changed the ladder and this one still has the old one cached: the
    version check catches it before anyone is placed by an old rule."""
    from django.core.cache import cache

    rungs = suggested(org_a)
    person = newcomer(org_a, "jade@example.org")
    stale = cache.get(f"funnels:ladder:{org_a.pk}")
    services.rung_delete(rung=rungs["Donor"], actor=None)
    cache.set(f"funnels:ladder:{org_a.pk}", stale)
    did(person, "donation.made")
    assert current_rung(person) == "Supporter"
    assert not RungReached.objects.filter(person=person, rung__name__en="Donor").exists()


def test_rules_outside_the_fast_path_are_asked_to_the_database(org_a):
    rung = services.rung_create(
        organization=org_a,
        actor=None,
        name={"en": "German speakers"},
        description={},
        definition={
            "match": "all",
            "conditions": [{"field": "language", "op": "eq", "value": "de"}],
        },
    )
    person = PersonFactory(organization=org_a, language="fr")
    person_update(person=person, actor=None, fields={"language": "de"})
    assert PersonRung.objects.get(person=person).rung == rung
    person_update(person=person, actor=None, fields={"language": "fr"})
    assert not PersonRung.objects.filter(person=person).exists()


def test_the_fast_evaluation_agrees_with_the_segment_query(org_a):
    """The hook answers tag and activity rules from the person's own rows; the recompute
    asks people_matching. Both must agree, for every kind of condition they share."""
    volunteer, leader = TagFactory(organization=org_a), TagFactory(organization=org_a)
    rng = random.Random(7)
    people = []
    for _n in range(25):
        person = PersonFactory(organization=org_a)
        for kind in ("petition_signed", "donation.made"):
            for _times in range(rng.choice([0, 0, 1, 2, 3])):
                ActivityFactory(person=person, kind=kind, occurred_at=days_ago(rng.randint(0, 60)))
        for tag in (volunteer, leader):
            if rng.random() < 0.3:
                from turnout.people.models import Tagging

                Tagging.objects.create(person=person, tag=tag)
        people.append(person)
    since = days_ago(20).date().isoformat()
    definitions = [
        {"match": "all", "conditions": []},
        {"match": "all", "conditions": [{"field": "tag", "op": "has", "value": [volunteer.pk]}]},
        {"match": "all", "conditions": [{"field": "tag", "op": "has_not", "value": [leader.pk]}]},
        {
            "match": "any",
            "conditions": [
                {"field": "activity", "op": "done", "value": {"kind": "donation.made"}},
                {"field": "tag", "op": "has", "value": [volunteer.pk, leader.pk]},
            ],
        },
        {
            "match": "all",
            "conditions": [
                {
                    "field": "activity",
                    "op": "done",
                    "value": {"kind": "petition_signed", "since": since},
                },
                {"field": "activity", "op": "not_done", "value": {"kind": "donation.made"}},
            ],
        },
        {
            "match": "all",
            "conditions": [
                {
                    "field": "activity_count",
                    "op": "at_least",
                    "value": {"kind": "petition_signed", "min": 2},
                },
                {
                    "group": {
                        "match": "any",
                        "conditions": [
                            {"field": "tag", "op": "has", "value": [leader.pk]},
                            {
                                "field": "activity",
                                "op": "not_done",
                                "value": {"kind": "donation.made", "since": since},
                            },
                        ],
                    }
                },
            ],
        },
    ]
    for position, definition in enumerate(definitions):
        services.rung_create(
            organization=org_a,
            actor=None,
            name={"en": f"R{position}"},
            description={},
            definition=definition,
        )
    summary = ladder_summary_fresh(org_a.pk)
    assert all(r.info.fast for r in summary.rungs)
    for compiled in summary.rungs:
        expected = set(
            people_matching(organization=org_a, definition=compiled.definition).values_list(
                "pk", flat=True
            )
        )
        fast = {p.pk for p in people if compiled.pk in matching_rungs(person=p, summary=summary)}
        assert fast == expected, compiled.definition


def test_rule_analysis_names_what_can_change_the_answer():
    info = analyze(
        {
            "match": "any",
            "conditions": [
                {"field": "tag", "op": "has", "value": [4]},
                {"field": "activity", "op": "done", "value": {"kind": "donation.made"}},
                {
                    "group": {
                        "match": "all",
                        "conditions": [{"field": "country", "op": "in", "value": ["FR"]}],
                    }
                },
            ],
        }
    )
    assert {"tag.added", "tag.removed", "donation.made", "person.updated"} <= info.kinds
    assert info.tag_ids == {4}
    assert not info.fast and not info.wildcard
    assert analyze(
        {
            "match": "all",
            "conditions": [{"field": "last_activity_at", "op": "within_days", "value": 30}],
        }
    ).wildcard


def test_an_erased_person_leaves_the_ladder_but_not_the_funnel_counts(org_a):
    from turnout.funnels import report
    from turnout.people.rights.services import person_erase

    suggested(org_a)
    person = newcomer(org_a, "ronan@example.org")
    did(person, "petition_signed")
    person_erase(person=person, actor=None, reason="asked by email")
    assert not PersonRung.objects.filter(person=person).exists()
    steps = report.funnel(organization=org_a)["steps"]
    assert [s.reached for s in steps[:2]] == [1, 1]
    assert steps[1].current == 0
