"""The per-person activity counters (ActivityCount) stay equal to the activities on every write
path, and segments read through them select exactly the people a count of the activities
selects (docs/decisions/0033-activity-counters.md)."""

import datetime as dt
import random

import pytest
from django.db.models import Count, Max
from django.utils import timezone

from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people import demo
from turnout.people.models import Activity, ActivityCount, Person
from turnout.people.rights.merge import person_merge
from turnout.people.segments.filters import people_matching
from turnout.people.services import activity_record
from turnout.people.services.timeline import (
    activity_counters_bump,
    activity_counters_rebuild,
    activity_counters_refresh,
)

from .factories import ActivityFactory, EmailAddressFactory, PersonFactory, TagFactory
from .test_import_helpers import csv_bytes, run_import, undo_import

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
KINDS = ["signature", "donation", "event.attended", "note"]


def real_counts() -> dict:
    """What the counters must say, counted from the activities."""
    rows = (
        Activity.objects.order_by()
        .values("person__organization_id", "person_id", "kind")
        .annotate(n=Count("*"), last=Max("occurred_at"))
    )
    return {
        (r["person_id"], r["kind"]): (r["person__organization_id"], r["n"], r["last"]) for r in rows
    }


def counters() -> dict:
    return {
        (c.person_id, c.kind): (c.organization_id, c.count, c.last_at)
        for c in ActivityCount.objects.all()
    }


def assert_exact() -> None:
    assert counters() == real_counts()


# --- Write paths --------------------------------------------------------------------------


def test_activity_record_counts_and_keeps_the_latest_time(org_a):
    anne = PersonFactory(organization=org_a)
    activity_record(person=anne, kind="signature", occurred_at=NOW)
    activity_record(person=anne, kind="signature", occurred_at=NOW - dt.timedelta(days=9))
    activity_record(person=anne, kind="donation", occurred_at=NOW - dt.timedelta(days=3))
    assert counters() == {
        (anne.pk, "signature"): (org_a.pk, 2, NOW),
        (anne.pk, "donation"): (org_a.pk, 1, NOW - dt.timedelta(days=3)),
    }
    assert_exact()


def test_the_bulk_bump_adds_up_repeated_pairs_and_refuses_to_subtract(org_a):
    anne, bruno = PersonFactory.create_batch(2, organization=org_a)
    ActivityFactory(person=anne, kind="signature", occurred_at=NOW - dt.timedelta(days=1))
    earlier = NOW - dt.timedelta(days=5)
    activity_counters_bump(
        org_a.pk,
        [
            (anne.pk, "signature", 2, earlier),
            (bruno.pk, "signature", 1, earlier),
            (bruno.pk, "signature", 3, NOW),
            (bruno.pk, "note", 0, NOW),  # nothing to add: no row
        ],
    )
    assert counters() == {
        (anne.pk, "signature"): (org_a.pk, 3, NOW - dt.timedelta(days=1)),
        (bruno.pk, "signature"): (org_a.pk, 4, NOW),
    }
    with pytest.raises(ValueError):
        activity_counters_bump(org_a.pk, [(anne.pk, "signature", -1, NOW)])


def test_refresh_and_rebuild_count_again_from_the_activities(org_a, org_b):
    anne = PersonFactory(organization=org_a)
    other = PersonFactory(organization=org_b)
    ActivityFactory.create_batch(3, person=anne, kind="signature")
    ActivityFactory(person=other, kind="note")
    ActivityCount.objects.filter(person=anne).update(count=99)  # drifted
    activity_counters_refresh(person_ids=[anne.pk], kinds=["signature"])
    assert_exact()
    ActivityCount.objects.all().delete()
    activity_counters_rebuild(organization_id=org_a.pk)
    assert set(counters()) == {(anne.pk, "signature")}
    activity_counters_rebuild()
    assert_exact()


def test_import_then_undo(org_a, owner_a):
    anne = PersonFactory(organization=org_a, given_name="Anne")
    EmailAddressFactory(person=anne, address="anne@example.org")
    ActivityFactory(person=anne, kind="signature")
    rows = [
        ["email", "first name"],
        ["anne@example.org", "Annie"],  # updated: one "import" activity
        ["new@example.org", "Nouveau"],  # created: one "import" activity
        ["new2@example.org", "Neue"],
    ]
    imp = run_import(org_a, owner_a, csv_bytes(rows))
    assert ActivityCount.objects.filter(kind="import").count() == 3
    assert_exact()
    undo_import(imp, owner_a)
    assert Person.objects.filter(organization=org_a).count() == 1
    assert not ActivityCount.objects.filter(kind="import").exists()
    assert_exact()


def test_merge_moves_the_counts_to_the_survivor(org_a, owner_a):
    survivor, other = PersonFactory.create_batch(2, organization=org_a)
    ActivityFactory.create_batch(2, person=survivor, kind="signature")
    ActivityFactory.create_batch(3, person=other, kind="signature")
    ActivityFactory(person=other, kind="donation", occurred_at=NOW + dt.timedelta(hours=1))
    person_merge(survivor=survivor, other=other, choices={}, actor=owner_a)
    assert counters()[(survivor.pk, "signature")][1] == 5
    assert counters()[(survivor.pk, "donation")][1:] == (1, NOW + dt.timedelta(hours=1))
    assert counters()[(survivor.pk, "person.merged")][1] == 1
    assert not ActivityCount.objects.filter(person_id=other.pk).exists()
    assert_exact()


def test_deleting_a_person_or_an_organization_deletes_the_counts(org_a):
    anne, bruno = PersonFactory.create_batch(2, organization=org_a)
    ActivityFactory(person=anne, kind="signature")
    ActivityFactory(person=bruno, kind="signature")
    anne.delete()
    assert_exact()
    assert ActivityCount.objects.count() == 1
    org_a.delete()
    assert not ActivityCount.objects.exists()


def test_demo_seeding(settings):
    settings.TURNOUT_DEMO_SCALE = 0.002
    slug, spec = next(iter(demo.BASES.items()))
    organization = OrganizationFactory(slug=slug)
    demo.seed_base(organization, spec, now=NOW)
    assert Activity.objects.filter(organization=organization).count() > 20
    assert_exact()


# --- Segments read through the counters select what counting the activities selects -------


@pytest.fixture
def generated(org_a, org_b):
    """A seeded random base: people with 0 to 6 activities of a few kinds over two years, some
    erased, plus people of another organization."""
    rng = random.Random(20261124)
    tag = TagFactory(organization=org_a, name="t")
    people = []
    for index in range(60):
        person = PersonFactory(
            organization=org_a,
            language=rng.choice(["fr", "de"]),
            erased_at=NOW if index % 17 == 0 else None,
        )
        if rng.random() < 0.3:
            person.tags.add(tag)
        for _n in range(rng.choice([0, 0, 1, 2, 3, 4, 6])):
            activity_record(
                person=person,
                kind=rng.choice(KINDS),
                occurred_at=NOW - dt.timedelta(days=rng.randint(0, 730), hours=rng.randint(0, 23)),
            )
        people.append(person)
    for _n in range(5):
        stranger = PersonFactory(organization=org_b)
        activity_record(person=stranger, kind="signature", occurred_at=NOW)
    return {"org": org_a, "people": people, "tag": tag}


def brute_force(generated, test) -> set[int]:
    """The ids of the active people of the organization for which ``test(person, activities)``
    holds, the activities being counted in Python."""
    found = set()
    for person in generated["people"]:
        if person.erased_at is not None:
            continue
        activities = list(Activity.objects.filter(person=person).values("kind", "occurred_at"))
        if test(person, activities):
            found.add(person.pk)
    return found


def matching(org, *conditions_) -> set[int]:
    definition = {"match": "all", "conditions": list(conditions_)}
    return set(
        people_matching(organization=org, definition=definition).values_list("pk", flat=True)
    )


def day(days_ago: int) -> dt.date:
    return timezone.localdate(NOW) - dt.timedelta(days=days_ago)


def start(date: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, dt.time.min))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("minimum", [1, 2, 3])
def test_activity_count_with_and_without_the_counters(generated, kind, minimum):
    org = generated["org"]
    assert_exact()
    expected = brute_force(
        generated, lambda p, acts: sum(a["kind"] == kind for a in acts) >= minimum
    )
    counted = {"field": "activity_count", "value": {"kind": kind, "min": minimum}}
    # With a period the activities themselves are counted; a period that holds everything
    # must give the same people.
    period = {"kind": kind, "min": minimum, "since": "2000-01-01", "until": "2100-01-01"}
    assert matching(org, counted) == expected
    assert matching(org, {"field": "activity_count", "value": period}) == expected
    did = {"field": "activity", "op": "done", "value": {"kind": kind}}
    if minimum == 1:
        assert matching(org, did) == expected
        others = brute_force(generated, lambda p, acts: True) - expected
        assert matching(org, {**did, "op": "not_done"}) == others


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("days_ago", [0, 30, 200, 800])
def test_activity_since_with_and_without_the_counters(generated, kind, days_ago):
    org = generated["org"]
    since = day(days_ago)
    expected = brute_force(
        generated,
        lambda p, acts: any(a["kind"] == kind and a["occurred_at"] >= start(since) for a in acts),
    )
    value = {"kind": kind, "since": since.isoformat()}
    assert matching(org, {"field": "activity", "op": "done", "value": value}) == expected
    # "until" far away: read from the activities, the same people.
    far = {**value, "until": "2100-01-01"}
    assert matching(org, {"field": "activity", "op": "done", "value": far}) == expected
    everyone = brute_force(generated, lambda p, acts: True)
    assert matching(org, {"field": "activity", "op": "not_done", "value": value}) == (
        everyone - expected
    )


def test_an_any_group_of_counters_tags_and_columns(generated):
    org, tag = generated["org"], generated["tag"]
    since = day(365)
    definition = {
        "match": "any",
        "conditions": [
            {"field": "tag", "op": "has", "value": [tag.pk]},
            {"field": "activity", "op": "done", "value": {"kind": "donation", "since": str(since)}},
            {"field": "activity_count", "value": {"kind": "signature", "min": 2}},
            {"group": {"match": "all", "conditions": [{"field": "language", "value": "de"}]}},
        ],
    }
    tagged = set(tag.taggings.values_list("person_id", flat=True))
    expected = brute_force(
        generated,
        lambda p, acts: (
            p.pk in tagged
            or p.language == "de"
            or sum(a["kind"] == "signature" for a in acts) >= 2
            or any(a["kind"] == "donation" and a["occurred_at"] >= start(since) for a in acts)
        ),
    )
    found = people_matching(organization=org, definition=definition)
    assert set(found.values_list("pk", flat=True)) == expected
    assert found.count() == len(expected)


def test_the_counters_are_what_the_conditions_read(generated):
    """Without counters (all deleted), the conditions that read them find nobody: the
    comparisons above did go through the counters."""
    org = generated["org"]
    before = matching(org, {"field": "activity_count", "value": {"kind": "signature", "min": 1}})
    assert before
    ActivityCount.objects.all().delete()
    assert not matching(org, {"field": "activity_count", "value": {"kind": "signature", "min": 1}})
