"""The pages of efforts and turfs, as an organizer uses them."""

import json

import pytest

from turnout.canvassing.models import Effort, Turf, TurfStop
from turnout.canvassing.services.turfs import EffortData, effort_create, turf_assign
from turnout.canvassing.services.turfs_cut import turfs_cut
from turnout.canvassing.tests.factories import PollingStationFactory
from turnout.canvassing.tests.test_turfs_services import BOW_TIE, SQUARE, street
from turnout.core.models import Job
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def url(org, name="", **ids):
    base = f"/en/o/{org.slug}/canvassing/efforts/"
    if "effort" in ids:
        base += f"{ids['effort'].pk}/"
    if "turf" in ids:
        base += f"turfs/{ids['turf'].pk}/"
    return base + name


@pytest.fixture
def effort(org_a, owner_a):
    street(org_a, 60)
    effort = effort_create(
        organization=org_a,
        actor=owner_a,
        data=EffortData(name="Centre-ville", area=SQUARE, doors_per_turf=20),
    )
    turfs_cut(effort=effort, doors_per_turf=20, actor=owner_a)
    return effort


def test_the_list_invites_to_create_an_effort(client_a, org_a):
    page = client_a.get(url(org_a)).content.decode()
    assert "No canvassing effort yet" in page
    assert url(org_a, "new/") in page


def test_the_targeting_map_prefills_the_stations(client_a, org_a, org_b):
    ours = PollingStationFactory(organization=org_a, number=7)
    theirs = PollingStationFactory(organization=org_b, number=8)
    page = client_a.get(url(org_a, "new/") + f"?stations={ours.pk},{theirs.pk},x").content.decode()
    assert f'value="{ours.pk}" id="id_stations_0" checked' in page
    assert f'value="{theirs.pk}"' not in page


def test_a_self_intersecting_drawing_is_refused_and_kept(client_a, org_a):
    drawing = json.dumps(BOW_TIE)
    response = client_a.post(
        url(org_a, "new/"),
        {"name": "Siam", "area": drawing, "doors_per_turf": "80", "status": "draft"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The outline crosses itself" in page
    assert 'value="Siam"' in page
    assert json.loads(response.context["form"]["area"].value()) == BOW_TIE
    assert not Effort.objects.exists()


def test_an_unreadable_drawing_says_to_draw_again(client_a, org_a):
    response = client_a.post(
        url(org_a, "new/"),
        {"name": "Siam", "area": "{not json", "doors_per_turf": "80", "status": "draft"},
    )
    assert response.status_code == 400
    assert "draw it again" in response.content.decode()


def test_create_then_cut_with_a_progress_bar_then_see_the_turfs(
    client_a, org_a, django_capture_on_commit_callbacks
):
    street(org_a, 60)
    response = client_a.post(
        url(org_a, "new/"),
        {"name": "Siam", "area": json.dumps(SQUARE), "doors_per_turf": "20", "status": "active"},
    )
    effort = Effort.objects.get()
    assert response["Location"] == url(org_a, "cut/", effort=effort)
    page = client_a.get(response["Location"]).content.decode()
    assert "area holds 60 addresses (60 doors)." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(url(org_a, "cut/", effort=effort), {"doors_per_turf": "20"})
    assert response["Location"] == url(org_a, effort=effort)
    job = Job.objects.get(kind="canvassing_turfs_cut")
    assert job.status == Job.Status.SUCCEEDED
    assert job.done == job.total == 120  # routes, then saving: the bar ends full
    assert job.result["url"] == url(org_a, effort=effort)
    assert Turf.objects.filter(effort=effort).count() == 3
    page = client_a.get(url(org_a, effort=effort)).content.decode()
    assert "Turf 3" in page and "km of walking routes" in page
    assert 'data-url="' + url(org_a, "map.json", effort=effort) in page


def test_a_cut_under_way_shows_its_progress_and_cannot_start_twice(client_a, org_a, effort):
    client_a.post(url(org_a, "cut/", effort=effort), {"doors_per_turf": "30"})
    job = Job.objects.get(kind="canvassing_turfs_cut")
    assert job.status == Job.Status.QUEUED  # not run: callbacks are not executed here
    page = client_a.get(url(org_a, effort=effort)).content.decode()
    assert f"/jobs/{job.uuid}/status/" in page
    response = client_a.post(url(org_a, "cut/", effort=effort), {"doors_per_turf": "30"})
    assert response.status_code == 400
    assert "already being cut" in response.content.decode()


def test_the_cut_page_warns_about_kept_and_replaced_turfs(client_a, org_a, owner_a, effort):
    first, second, _third = Turf.objects.filter(effort=effort).order_by("number")
    Turf.objects.filter(pk=first.pk).update(status=Turf.Status.STARTED)
    volunteer = MembershipFactory(
        organization=org_a, role=Role.VOLUNTEER, user__full_name="Yanis Benali"
    ).user
    turf_assign(turf=second, user=volunteer, actor=owner_a)
    page = client_a.get(url(org_a, "cut/", effort=effort)).content.decode()
    assert "Canvassing began in 1 turf" in page
    assert "turf 2 (Yanis Benali)" in page


def test_the_map_data_has_every_turf(client_a, org_a, effort):
    data = client_a.get(url(org_a, "map.json", effort=effort)).json()
    outlines = [f for f in data["features"] if f["properties"]["kind"] == "outline"]
    routes = [f for f in data["features"] if f["properties"]["kind"] == "route"]
    assert len(outlines) == len(routes) == 3
    assert outlines[0]["properties"]["url"].startswith(url(org_a, effort=effort) + "turfs/")
    assert len(routes[0]["geometry"]["coordinates"]) == 20


def test_the_effort_page_stays_within_a_query_budget(
    client_a, org_a, effort, django_assert_max_num_queries
):
    # 14 for the turfs, 3 for the progress at the doors (figures, canvassers, to review).
    with django_assert_max_num_queries(17):
        assert client_a.get(url(org_a, effort=effort)).status_code == 200


def test_the_turf_page_lists_the_addresses_in_walking_order(client_a, org_a, effort):
    turf = Turf.objects.filter(effort=effort).order_by("number").first()
    response = client_a.get(url(org_a, turf=turf, effort=effort))
    page = response.content.decode()
    stops = TurfStop.objects.filter(turf=turf).order_by("position").select_related("address")
    positions = [page.index(f'id="stop-{s.address_id}"') for s in stops]
    assert positions == sorted(positions)
    assert 'id="turf-route-data"' in page


def test_moving_nothing_is_refused_and_keeps_the_choice(client_a, org_a, effort):
    first, second, _third = Turf.objects.filter(effort=effort).order_by("number")
    response = client_a.post(url(org_a, "move/", effort=effort, turf=first), {"to_turf": second.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tick the addresses to move." in page
    assert f'<option value="{second.pk}" selected>' in page


def test_moving_ticked_addresses(client_a, org_a, effort):
    first, second, _third = Turf.objects.filter(effort=effort).order_by("number")
    moving = list(TurfStop.objects.filter(turf=first).values_list("address_id", flat=True)[:2])
    response = client_a.post(
        url(org_a, "move/", effort=effort, turf=first),
        {"to_turf": second.pk, "addresses": moving},
    )
    assert response.status_code == 302
    assert set(moving) <= set(
        TurfStop.objects.filter(turf=second).values_list("address_id", flat=True)
    )
    page = client_a.get(response["Location"]).content.decode()
    assert "2 addresses moved to turf 2" in page


def test_assigning_from_the_page_and_taking_back(client_a, org_a, effort):
    turf = Turf.objects.filter(effort=effort).first()
    member = MembershipFactory(organization=org_a, role=Role.VOLUNTEER)
    response = client_a.post(url(org_a, "assign/", effort=effort, turf=turf), {"member": member.pk})
    assert response.status_code == 302
    turf.refresh_from_db()
    assert turf.assigned_to == member.user
    client_a.post(url(org_a, "assign/", effort=effort, turf=turf), {"member": ""})
    turf.refresh_from_db()
    assert turf.assigned_to is None


def test_a_member_of_another_organization_is_not_a_choice(client_a, org_a, org_b, effort):
    turf = Turf.objects.filter(effort=effort).first()
    outsider = MembershipFactory(organization=org_b)
    response = client_a.post(
        url(org_a, "assign/", effort=effort, turf=turf), {"member": outsider.pk}
    )
    assert response.status_code == 400
    turf.refresh_from_db()
    assert turf.assigned_to is None


def test_split_and_merge_from_the_page(client_a, org_a, effort):
    first, second, _third = Turf.objects.filter(effort=effort).order_by("number")
    client_a.post(url(org_a, "split/", effort=effort, turf=first))
    assert Turf.objects.filter(effort=effort).count() == 4
    response = client_a.post(url(org_a, "merge/", effort=effort, turf=first), {"other": second.pk})
    assert response.status_code == 302
    assert not Turf.objects.filter(pk=second.pk).exists()


def test_volunteers_do_not_reach_the_turf_pages(client, org_a, effort):
    volunteer = MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user
    client.force_login(volunteer)
    turf = Turf.objects.filter(effort=effort).first()
    assert client.get(url(org_a)).status_code == 403
    assert client.get(url(org_a, turf=turf, effort=effort)).status_code == 403
    assert client.post(url(org_a, "split/", effort=effort, turf=turf)).status_code == 403


def test_the_page_says_who_has_not_passed_the_required_training(client_a, org_a, owner_a, effort):
    from turnout.training.models import Module
    from turnout.training.services import requirement_set

    requirement_set(
        organization=org_a,
        actor=owner_a,
        capability="canvassing_turf",
        module=Module.objects.shipped().get(slug="canvassing-basics"),
    )
    turf = Turf.objects.filter(effort=effort).first()
    member = MembershipFactory(
        organization=org_a, role=Role.VOLUNTEER, user__full_name="Yanis Benali"
    )
    response = client_a.post(url(org_a, "assign/", effort=effort, turf=turf), {"member": member.pk})
    assert response.status_code == 400
    assert "Yanis Benali has not passed Canvassing basics yet." in response.content.decode()
    turf.refresh_from_db()
    assert turf.assigned_to is None
