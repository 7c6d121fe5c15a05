"""Canvassing teams: a turf given to a team is each member's, on the organizers' pages, in the
phone app's list and in the sync of visits (also for a member whose team lost the turf while
they were offline)."""

from __future__ import annotations

import pytest
from django.core import mail

from turnout.canvassing.models import Team, Turf, TurfAssignment, Visit
from turnout.canvassing.services.scripts import default_script
from turnout.canvassing.services.teams import team_create, team_delete, team_update
from turnout.canvassing.services.turfs import (
    TurfRefused,
    turf_assign,
    turf_assign_team,
    turf_merge,
    turf_unassign,
)
from turnout.canvassing.tests.factories import (
    EffortFactory,
    TeamFactory,
    TurfFactory,
    TurfStopFactory,
)
from turnout.canvassing.tests.test_visits_api import api, statuses, sync, visit
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.models import Membership
from turnout.organizations.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(org, name, email, role=Role.VOLUNTEER):
    return MembershipFactory(
        organization=org, role=role, user__full_name=name, user__email=email, user__language="en"
    ).user


@pytest.fixture
def vera(org_a):
    return member(org_a, "Vera Le Goff", "vera@example.org")


@pytest.fixture
def malo(org_a):
    return member(org_a, "Malo Kerbrat", "malo@example.org")


@pytest.fixture
def team(org_a, owner_a, vera, malo):
    return team_create(
        organization=org_a, actor=owner_a, name="Binôme Siam", member_ids=[vera.pk, malo.pk]
    )


@pytest.fixture
def turf(org_a):
    effort = EffortFactory(organization=org_a, name="Siam", script=default_script())
    turf = TurfFactory(effort=effort, number=4)
    for position, number in enumerate(["12", "14", "16"]):
        TurfStopFactory(turf=turf, position=position, address__number=number)
    return turf


def open_holders(turf) -> set:
    rows = TurfAssignment.objects.filter(turf=turf, ended_at__isnull=True)
    return {(a.user, a.team) for a in rows}


# --- Services --------------------------------------------------------------------------------


def test_a_team_has_a_unique_name_and_members_of_the_organization_only(
    org_a, org_b, owner_a, team, vera
):
    assert set(team.members.values_list("email", flat=True)) == {
        "vera@example.org",
        "malo@example.org",
    }
    assert AuditEvent.objects.filter(action="canvassing.team_created").exists()
    with pytest.raises(TurfRefused, match="already a team called"):
        team_create(organization=org_a, actor=owner_a, name="binôme siam", member_ids=[])
    outsider = MembershipFactory(organization=org_b).user
    with pytest.raises(TurfRefused, match="members of the organization only"):
        team_create(organization=org_a, actor=owner_a, name="Other", member_ids=[outsider.pk])
    # Another organization may use the same name.
    assert team_create(organization=org_b, actor=outsider, name="Binôme Siam", member_ids=[])


def test_giving_a_turf_to_a_team_gives_it_to_each_member_with_an_email(
    turf, team, owner_a, vera, malo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        turf_assign_team(turf=turf, team=team, actor=owner_a)
    turf.refresh_from_db()
    assert turf.assigned_team == team and turf.assigned_to is None
    assert turf.status == Turf.Status.ASSIGNED and turf.version == 2
    assert open_holders(turf) == {(vera, team), (malo, team)}
    assert sorted(m.to[0] for m in mail.outbox) == ["malo@example.org", "vera@example.org"]
    assert "Binôme Siam" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="canvassing.turf_assigned_team").exists()


def test_reassigning_or_taking_back_ends_every_team_assignment(
    turf, team, org_a, owner_a, vera, malo
):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    ines = member(org_a, "Ines Garnier", "ines@example.org")
    turf_assign(turf=turf, user=ines, actor=owner_a)
    turf.refresh_from_db()
    assert turf.assigned_to == ines and turf.assigned_team is None
    assert open_holders(turf) == {(ines, None)}
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    turf_unassign(turf=turf, actor=owner_a)
    turf.refresh_from_db()
    assert turf.assigned_team is None and turf.status == Turf.Status.OPEN
    assert open_holders(turf) == set()
    assert TurfAssignment.objects.filter(turf=turf, user=vera).count() == 2


def test_a_team_with_a_member_missing_the_training_is_refused_by_name(
    turf, team, org_a, owner_a, vera
):
    from turnout.training.models import Module
    from turnout.training.services import quiz_submit, requirement_set

    canvassing = Module.objects.shipped().get(slug="canvassing-basics")
    requirement_set(
        organization=org_a, actor=owner_a, capability="canvassing_turf", module=canvassing
    )
    answers = {q.pk: q.correct for q in canvassing.questions.all()}
    quiz_submit(module=canvassing, organization=org_a, user=vera, answers=answers)
    with pytest.raises(TurfRefused) as refused:
        turf_assign_team(turf=turf, team=team, actor=owner_a)
    assert "Malo Kerbrat" in refused.value.message
    assert "Vera" not in refused.value.message
    assert not TurfAssignment.objects.exists()
    turf.refresh_from_db()
    assert turf.assigned_team is None and turf.version == 1


def test_an_empty_team_gets_no_turf(turf, org_a, owner_a):
    empty = team_create(organization=org_a, actor=owner_a, name="Vide", member_ids=[])
    with pytest.raises(TurfRefused, match="no members yet"):
        turf_assign_team(turf=turf, team=empty, actor=owner_a)


def test_changing_the_members_later_does_not_move_the_turf(turf, team, org_a, owner_a, vera, malo):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    newcomer = member(org_a, "Nolwenn Le Bras", "nolwenn@example.org")
    team_update(team=team, actor=owner_a, name="Binôme Siam", member_ids=[vera.pk, newcomer.pk])
    assert open_holders(turf) == {(vera, team), (malo, team)}
    assert AuditEvent.objects.get(action="canvassing.team_updated").data["removed"] == [malo.pk]


def test_deleting_a_team_takes_its_turfs_back(turf, team, owner_a):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    assert team_delete(team=team, actor=owner_a) == 1
    turf.refresh_from_db()
    assert turf.assigned_team is None and turf.status == Turf.Status.OPEN
    assert open_holders(turf) == set()
    assert not Team.objects.exists()


def test_a_team_turf_and_a_member_turf_are_not_merged(turf, team, org_a, owner_a):
    other = TurfFactory(effort=turf.effort, number=5)
    TurfStopFactory(turf=other, position=0)
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    turf_assign(turf=other, user=member(org_a, "Ines", "ines@example.org"), actor=owner_a)
    with pytest.raises(TurfRefused, match="two different canvassers"):
        turf_merge(turf=turf, other=other, actor=owner_a)


# --- The phone app ---------------------------------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def test_both_members_see_the_turf_and_both_sync_visits(
    client, org_a, turf, team, owner_a, vera, malo
):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    for person in (vera, malo):
        phone = login(client, person)
        listed = phone.get(api(org_a, "turfs/")).json()["turfs"]
        assert [t["uuid"] for t in listed] == [str(turf.uuid)]
        assert phone.get(api(org_a, f"turfs/{turf.uuid}/")).status_code == 200
        response = sync(phone, org_a, [visit(turf, minutes_ago=1)])
        assert statuses(response) == [("created", "")]
        assert response.json()["turfs"] == {str(turf.uuid): 2}
    assert set(Visit.objects.values_list("canvasser", flat=True)) == {vera.pk, malo.pk}


def test_a_member_whose_team_lost_the_turf_offline_still_gets_their_visits_recorded(
    client, org_a, turf, team, owner_a, vera
):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    made_before = visit(turf, minutes_ago=0)  # Vera knocks, offline...
    # ... while the turf goes to someone else.
    turf_assign(turf=turf, user=member(org_a, "Ines", "ines@example.org"), actor=owner_a)
    phone = login(client, vera)
    assert phone.get(api(org_a, "turfs/")).json()["turfs"] == []
    assert phone.get(api(org_a, f"turfs/{turf.uuid}/")).status_code == 410
    assert statuses(sync(phone, org_a, [made_before])) == [("created", "turf reassigned since")]
    assert Visit.objects.get().canvasser == vera


def test_a_newcomer_added_after_the_assignment_does_not_hold_the_turf(
    client, org_a, turf, team, owner_a, vera
):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    newcomer = member(org_a, "Nolwenn", "nolwenn@example.org")
    team_update(team=team, actor=owner_a, name=team.name, member_ids=[vera.pk, newcomer.pk])
    phone = login(client, newcomer)
    assert phone.get(api(org_a, "turfs/")).json()["turfs"] == []
    assert statuses(sync(phone, org_a, [visit(turf)]))[0][0] == "rejected"


# --- Organizers' pages -----------------------------------------------------------------------


def teams_url(org, rest=""):
    return f"/en/o/{org.slug}/canvassing/teams/{rest}"


def test_create_a_team_with_the_member_picker_then_list_it(client_a, org_a, vera, malo):
    page = client_a.get(teams_url(org_a)).content.decode()
    assert "No team yet" in page
    form = client_a.get(teams_url(org_a, "new/"))
    pickable = {m.user for m in form.context["form"].fields["members"].queryset}
    assert {vera, malo} <= pickable
    ids = [m.pk for m in form.context["form"].fields["members"].queryset if m.user in (vera, malo)]
    response = client_a.post(teams_url(org_a, "new/"), {"name": "Siam", "members": ids})
    assert response.status_code == 302
    page = client_a.get(teams_url(org_a)).content.decode()
    assert "Siam" in page and "Vera Le Goff" in page and "Malo Kerbrat" in page


def test_a_duplicate_name_is_refused_and_the_ticks_are_kept(client_a, org_a, team, vera):
    picked = Membership.objects.get(organization=org_a, user=vera)
    data = {"name": "Binôme Siam", "members": [picked.pk]}
    response = client_a.post(teams_url(org_a, "new/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is already a team called" in page
    assert f'value="{picked.pk}"' in page and "checked" in page
    assert Team.objects.count() == 1


def test_a_member_of_another_organization_cannot_be_ticked(client_a, org_a, org_b):
    outsider = MembershipFactory(organization=org_b)
    response = client_a.post(teams_url(org_a, "new/"), {"name": "X", "members": [outsider.pk]})
    assert response.status_code == 400
    assert "members of the organization only" in response.content.decode()
    assert not Team.objects.exists()


def test_delete_asks_first_then_takes_the_turfs_back(client_a, org_a, turf, team, owner_a):
    turf_assign_team(turf=turf, team=team, actor=owner_a)
    page = client_a.get(teams_url(org_a, f"{team.pk}/delete/")).content.decode()
    assert "Delete the team Binôme Siam?" in page and "Siam, turf 4" in page
    assert Team.objects.exists()
    response = client_a.post(teams_url(org_a, f"{team.pk}/delete/"))
    assert response.status_code == 302
    assert not Team.objects.exists()
    assert Turf.objects.get(pk=turf.pk).status == Turf.Status.OPEN


def test_the_turf_page_gives_the_turf_to_a_team_and_the_effort_shows_it(
    client_a, org_a, turf, team
):
    base = f"/en/o/{org_a.slug}/canvassing/efforts/{turf.effort.pk}/"
    assign = f"{base}turfs/{turf.pk}/assign/"
    page = client_a.get(f"{base}turfs/{turf.pk}/").content.decode()
    assert "Or a team" in page and "Binôme Siam (2 members)" in page
    response = client_a.post(assign, {"member": "", "team": team.pk}, follow=True)
    assert "is given to the team Binôme Siam" in response.content.decode()
    assert Turf.objects.get(pk=turf.pk).assigned_team == team
    assert "team Binôme Siam" in client_a.get(base).content.decode()


def test_choosing_a_member_and_a_team_is_refused_without_change(client_a, org_a, turf, team):
    someone = MembershipFactory(organization=org_a)
    url = f"/en/o/{org_a.slug}/canvassing/efforts/{turf.effort.pk}/turfs/{turf.pk}/assign/"
    response = client_a.post(url, {"member": someone.pk, "team": team.pk})
    assert response.status_code == 400
    assert "Choose a member or a team, not both" in response.content.decode()
    assert Turf.objects.get(pk=turf.pk).status == Turf.Status.OPEN


def test_a_team_of_another_organization_is_not_a_choice(client_a, org_a, org_b, turf):
    theirs = TeamFactory(organization=org_b, members=[UserFactory()])
    url = f"/en/o/{org_a.slug}/canvassing/efforts/{turf.effort.pk}/turfs/{turf.pk}/assign/"
    response = client_a.post(url, {"member": "", "team": theirs.pk})
    assert response.status_code == 400
    assert Turf.objects.get(pk=turf.pk).assigned_team is None
    assert client_a.get(teams_url(org_a, f"{theirs.pk}/")).status_code == 404
    assert client_a.post(teams_url(org_a, f"{theirs.pk}/delete/")).status_code == 404
    assert Team.objects.filter(pk=theirs.pk).exists()
