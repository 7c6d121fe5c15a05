"""Services of efforts and turfs against the database: the area, the cut, re-cutting with
visits, moving addresses, split, merge, assignment and its history."""

import pytest
from django.core import mail
from django.utils import translation

from turnout.canvassing.models import Effort, Turf, TurfAssignment, TurfStop, Visit
from turnout.canvassing.services.turfs import (
    EffortData,
    TurfRefused,
    effort_create,
    effort_update,
    turf_assign,
    turf_merge,
    turf_move_stops,
    turf_split,
    turf_unassign,
)
from turnout.canvassing.services.turfs_cut import effort_addresses, turfs_cut
from turnout.canvassing.tests.factories import (
    LAT,
    LON,
    AddressPointFactory,
    EffortFactory,
    PollingStationFactory,
    VisitFactory,
)
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# A square of about 1.1 km x 0.75 km around the factories' Brest centre.
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [
            [LON - 0.001, LAT - 0.001],
            [LON + 0.014, LAT - 0.001],
            [LON + 0.014, LAT + 0.011],
            [LON - 0.001, LAT + 0.011],
            [LON - 0.001, LAT - 0.001],
        ]
    ],
}
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[LON, LAT], [LON + 0.01, LAT + 0.01], [LON + 0.01, LAT], [LON, LAT + 0.01], [LON, LAT]]
    ],
}


def street(org, count=200, doors=1, **extra):
    """``count`` entrances on a grid of 50 rows (about 22 m x 22 m), inside SQUARE."""
    return [
        AddressPointFactory(
            organization=org,
            doors=doors,
            latitude=LAT + (i % 50) * 0.0002,
            longitude=LON + (i // 50) * 0.0003,
            **extra,
        )
        for i in range(count)
    ]


def effort_over(org, actor, *, area=SQUARE, doors=20, **extra):
    return effort_create(
        organization=org,
        actor=actor,
        data=EffortData(name="Siam", area=area, doors_per_turf=doors, **extra),
    )


def stops_of(turf):
    return list(TurfStop.objects.filter(turf=turf).order_by("position"))


# --- Efforts and their area -------------------------------------------------------------------


def test_an_effort_over_a_drawn_area_is_created_and_audited(org_a, owner_a):
    effort = effort_over(org_a, owner_a)
    assert effort.area["type"] == "Polygon"
    assert effort.created_by == owner_a
    assert AuditEvent.objects.filter(
        action="canvassing.effort_created", organization=org_a
    ).exists()


def test_a_self_intersecting_area_is_refused_with_where_it_crosses(org_a, owner_a):
    with pytest.raises(TurfRefused) as refused:
        effort_over(org_a, owner_a, area=BOW_TIE)
    assert refused.value.field_name == "area"
    assert "crosses itself" in refused.value.message
    assert "48.39" in refused.value.message
    assert not Effort.objects.exists()


@pytest.mark.parametrize(
    "area, words",
    [
        (
            {"type": "Polygon", "coordinates": [[[LON, LAT], [LON + 0.01, LAT], [LON, LAT]]]},
            "flat",
        ),
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]},
            "flat",
        ),
        ({"type": "Polygon", "coordinates": [[[LON, LAT], [LON + 0.01, LAT]]]}, "cannot be read"),
        ({"type": "Point", "coordinates": [LON, LAT]}, "must be a polygon"),
        ({"type": "Polygon", "coordinates": "nope"}, "cannot be read"),
    ],
)
def test_degenerate_areas_are_refused_clearly(org_a, owner_a, area, words):
    with pytest.raises(TurfRefused) as refused:
        effort_over(org_a, owner_a, area=area)
    assert words in refused.value.message


def test_an_effort_needs_an_area_or_stations(org_a, owner_a):
    with pytest.raises(TurfRefused) as refused:
        effort_over(org_a, owner_a, area={})
    assert "draw an area" in refused.value.message


def test_stations_of_another_organization_are_refused(org_a, org_b, owner_a):
    theirs = PollingStationFactory(organization=org_b)
    with pytest.raises(TurfRefused):
        effort_create(
            organization=org_a,
            actor=owner_a,
            data=EffortData(name="x", station_ids=[theirs.pk]),
        )


def test_the_effort_covers_its_stations_and_its_drawing_once_each(org_a, owner_a):
    station = PollingStationFactory(organization=org_a)
    inside = street(org_a, 20)
    far = AddressPointFactory(organization=org_a, latitude=LAT + 1, longitude=LON, station=station)
    both = AddressPointFactory(organization=org_a, latitude=LAT, longitude=LON, station=station)
    elsewhere = AddressPointFactory(organization=org_a, latitude=LAT - 1, longitude=LON)
    effort = effort_over(org_a, owner_a, station_ids=[station.pk])
    ids = set(effort_addresses(effort=effort)["id"].tolist())
    assert ids == {a.pk for a in inside} | {far.pk, both.pk}
    assert elsewhere.pk not in ids


def test_editing_an_effort_checks_the_area_again(org_a, owner_a):
    effort = effort_over(org_a, owner_a)
    saved = effort.area
    with pytest.raises(TurfRefused):
        effort_update(effort=effort, actor=owner_a, data=EffortData(name="Siam", area=BOW_TIE))
    effort.refresh_from_db()
    assert effort.area == saved


# --- Cutting ---------------------------------------------------------------------------------


def test_cutting_puts_every_address_in_one_turf_with_a_route(org_a, owner_a):
    addresses = street(org_a, 200, doors=1)
    effort = effort_over(org_a, owner_a, doors=20)
    result = turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    turfs = list(Turf.objects.filter(effort=effort).order_by("number"))
    assert result.created == len(turfs) == 10
    assert [t.number for t in turfs] == list(range(1, 11))
    stops = TurfStop.objects.filter(effort=effort)
    assert sorted(stops.values_list("address_id", flat=True)) == sorted(a.pk for a in addresses)
    for turf in turfs:
        assert turf.doors == 20
        assert turf.route_m > 0
        assert turf.hull["type"] == "Polygon"
        positions = [s.position for s in stops_of(turf)]
        assert positions == list(range(len(positions)))
    assert AuditEvent.objects.filter(action="canvassing.turfs_cut").count() == 1


def test_cutting_an_empty_area_says_so(org_a, owner_a):
    effort = effort_over(org_a, owner_a)
    with pytest.raises(TurfRefused) as refused:
        turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    assert "no address in this area" in refused.value.message


@pytest.mark.parametrize("doors", [0, 9, 501])
def test_doors_per_turf_out_of_range_are_refused(org_a, owner_a, doors):
    street(org_a, 10)
    effort = effort_over(org_a, owner_a)
    with pytest.raises(TurfRefused) as refused:
        turfs_cut(effort=effort, doors_per_turf=doors, actor=owner_a)
    assert "between 10 and 500" in refused.value.message


def test_cutting_again_keeps_the_turfs_where_canvassing_began(org_a, owner_a):
    street(org_a, 200)
    effort = effort_over(org_a, owner_a, doors=20)
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    visited, started, untouched = Turf.objects.filter(effort=effort).order_by("number")[:3]
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    turf_assign(turf=visited, user=volunteer, actor=owner_a)
    turf_assign(turf=untouched, user=volunteer, actor=owner_a)
    first_stop = stops_of(visited)[0]
    VisitFactory(turf=visited, effort=effort, address=first_stop.address, canvasser=volunteer)
    Turf.objects.filter(pk=started.pk).update(status=Turf.Status.STARTED)
    kept_stops = {t.pk: [s.address_id for s in stops_of(t)] for t in (visited, started)}

    result = turfs_cut(effort=effort, doors_per_turf=40, actor=owner_a)

    assert result.kept == 2
    survivors = Turf.objects.filter(effort=effort)
    assert {visited.pk, started.pk} <= set(survivors.values_list("pk", flat=True))
    assert not survivors.filter(pk=untouched.pk).exists()
    for pk, addresses in kept_stops.items():
        assert [s.address_id for s in stops_of(Turf.objects.get(pk=pk))] == addresses
    visited.refresh_from_db()
    assert visited.assigned_to == volunteer
    assert Visit.objects.get().turf == visited
    # Every address is still in exactly one turf, the new ones numbered after the kept ones.
    assert TurfStop.objects.filter(effort=effort).count() == 200
    new_numbers = sorted(
        survivors.exclude(pk__in=[visited.pk, started.pk]).values_list("number", flat=True)
    )
    assert new_numbers[0] > max(visited.number, started.number)
    assert len(new_numbers) == 4  # 160 doors left, about 40 each


def test_a_cancelled_cut_changes_nothing(org_a, owner_a):
    from turnout.core.exceptions import JobCancelled
    from turnout.core.jobs import Progress
    from turnout.core.models import Job
    from turnout.core.tests.factories import JobFactory

    street(org_a, 60)
    effort = effort_over(org_a, owner_a, doors=20)
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    before = sorted(TurfStop.objects.values_list("turf_id", "address_id", "position"))
    job = JobFactory(organization=org_a, status=Job.Status.CANCELLED)
    with pytest.raises(JobCancelled):
        turfs_cut(effort=effort, doors_per_turf=30, actor=owner_a, progress=Progress(job))
    assert sorted(TurfStop.objects.values_list("turf_id", "address_id", "position")) == before


# --- Adjusting -------------------------------------------------------------------------------


@pytest.fixture
def two_turfs(org_a, owner_a):
    street(org_a, 40)
    effort = effort_over(org_a, owner_a, doors=20)
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    return list(Turf.objects.filter(effort=effort).order_by("number"))


def test_moving_addresses_recomputes_both_routes_and_versions(two_turfs, owner_a):
    first, second = two_turfs
    moving = [s.address_id for s in stops_of(first)[:3]]
    assert turf_move_stops(turf=first, to_turf=second, address_ids=moving, actor=owner_a) == 3
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.doors, second.doors) == (17, 23)
    assert (first.version, second.version) == (2, 2)
    assert set(moving) <= {s.address_id for s in stops_of(second)}
    assert [s.position for s in stops_of(second)] == list(range(23))


def test_moving_an_address_of_another_turf_or_everything_is_refused(two_turfs, owner_a):
    first, second = two_turfs
    theirs = stops_of(second)[0].address_id
    with pytest.raises(TurfRefused):
        turf_move_stops(turf=first, to_turf=second, address_ids=[theirs], actor=owner_a)
    everything = [s.address_id for s in stops_of(first)]
    with pytest.raises(TurfRefused) as refused:
        turf_move_stops(turf=first, to_turf=second, address_ids=everything, actor=owner_a)
    assert "merge" in refused.value.message
    with pytest.raises(TurfRefused):
        turf_move_stops(turf=first, to_turf=first, address_ids=everything[:1], actor=owner_a)


def test_moving_to_a_turf_of_another_effort_is_refused(two_turfs, org_a, owner_a):
    first, _second = two_turfs
    other = EffortFactory(organization=org_a).turfs.create(organization=org_a, number=1)
    with pytest.raises(TurfRefused):
        turf_move_stops(
            turf=first, to_turf=other, address_ids=[stops_of(first)[0].address_id], actor=owner_a
        )


def test_splitting_keeps_the_first_door_and_the_canvasser(two_turfs, org_a, owner_a):
    first, _second = two_turfs
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    turf_assign(turf=first, user=volunteer, actor=owner_a)
    first_address = stops_of(first)[0].address_id
    new = turf_split(turf=first, actor=owner_a)
    first.refresh_from_db()
    assert new.number == 3
    assert first.doors + new.doors == 20 and abs(first.doors - new.doors) <= 1
    assert first_address in {s.address_id for s in stops_of(first)}
    assert first.assigned_to == volunteer and new.assigned_to is None
    assert new.status == Turf.Status.OPEN


def test_merging_brings_addresses_visits_and_history_over(two_turfs, org_a, owner_a):
    first, second = two_turfs
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    turf_assign(turf=second, user=volunteer, actor=owner_a)
    VisitFactory(
        turf=second, effort=first.effort, address=stops_of(second)[0].address, canvasser=volunteer
    )
    merged = turf_merge(turf=first, other=second, actor=owner_a)
    assert not Turf.objects.filter(pk=second.pk).exists()
    assert merged.doors == 40
    assert merged.assigned_to == volunteer
    assert Visit.objects.get().turf == merged
    assert TurfAssignment.objects.get().turf == merged
    assert [s.position for s in stops_of(merged)] == list(range(40))


def test_merging_turfs_of_two_canvassers_is_refused(two_turfs, org_a, owner_a):
    first, second = two_turfs
    turf_assign(turf=first, user=MembershipFactory(organization=org_a).user, actor=owner_a)
    turf_assign(turf=second, user=MembershipFactory(organization=org_a).user, actor=owner_a)
    with pytest.raises(TurfRefused) as refused:
        turf_merge(turf=first, other=second, actor=owner_a)
    assert "two different canvassers" in refused.value.message
    assert Turf.objects.count() == 2


# --- Assigning -------------------------------------------------------------------------------


def test_reassigning_closes_the_previous_assignment(two_turfs, org_a, owner_a, mailoutbox):
    turf = two_turfs[0]
    yanis = MembershipFactory(organization=org_a, role=Role.VOLUNTEER, user__email="y@x.org").user
    ines = MembershipFactory(organization=org_a, role=Role.VOLUNTEER, user__email="i@x.org").user
    turf_assign(turf=turf, user=yanis, actor=owner_a)
    turf_assign(turf=turf, user=ines, actor=owner_a)
    turf.refresh_from_db()
    assert turf.assigned_to == ines and turf.status == Turf.Status.ASSIGNED
    assert turf.version == 3
    history = list(TurfAssignment.objects.filter(turf=turf).order_by("assigned_at", "pk"))
    assert [(a.user, a.ended_at is None) for a in history] == [(yanis, False), (ines, True)]
    # Assigning again to the same person changes nothing.
    turf_assign(turf=turf, user=ines, actor=owner_a)
    turf.refresh_from_db()
    assert turf.version == 3


def test_the_canvasser_gets_an_email(two_turfs, org_a, owner_a, django_capture_on_commit_callbacks):
    yanis = MembershipFactory(
        organization=org_a,
        user__email="yanis@example.org",
        user__full_name="Yanis Benali",
        user__language="en",
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        turf_assign(turf=two_turfs[0], user=yanis, actor=owner_a)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["yanis@example.org"]
    assert "turf 1" in mail.outbox[0].subject  # in the canvasser's language
    assert "20 doors" in mail.outbox[0].body


def test_only_members_get_turfs(two_turfs, owner_a):
    with pytest.raises(TurfRefused):
        turf_assign(turf=two_turfs[0], user=UserFactory(), actor=owner_a)


def test_taking_a_turf_back(two_turfs, org_a, owner_a):
    turf = two_turfs[0]
    volunteer = MembershipFactory(organization=org_a).user
    turf_assign(turf=turf, user=volunteer, actor=owner_a)
    turf_unassign(turf=turf, actor=owner_a)
    turf.refresh_from_db()
    assert turf.assigned_to is None and turf.status == Turf.Status.OPEN and turf.version == 3
    assert TurfAssignment.objects.get().ended_at is not None
    assert AuditEvent.objects.filter(action="canvassing.turf_unassigned").exists()


def test_a_required_training_is_passed_before_a_turf(two_turfs, org_a, owner_a):
    from turnout.training.models import Module
    from turnout.training.services import quiz_submit, requirement_set

    canvassing = Module.objects.shipped().get(slug="canvassing-basics")
    requirement_set(
        organization=org_a, actor=owner_a, capability="canvassing_turf", module=canvassing
    )
    yanis = MembershipFactory(
        organization=org_a, role=Role.VOLUNTEER, user__full_name="Yanis Benali"
    ).user
    with (
        translation.override("en"),
        pytest.raises(TurfRefused, match=r"Yanis Benali has not passed Canvassing basics yet\."),
    ):
        turf_assign(turf=two_turfs[0], user=yanis, actor=owner_a)
    assert not TurfAssignment.objects.exists()
    # Organizers hand out turfs and are not asked.
    organizer = MembershipFactory(organization=org_a, role=Role.ORGANIZER).user
    turf_assign(turf=two_turfs[1], user=organizer, actor=owner_a)
    answers = {q.pk: q.correct for q in canvassing.questions.all()}
    quiz_submit(module=canvassing, organization=org_a, user=yanis, answers=answers)
    turf_assign(turf=two_turfs[0], user=yanis, actor=owner_a)
    assert Turf.objects.get(pk=two_turfs[0].pk).assigned_to == yanis
