"""Services of canvassing teams: members who canvass together and can be given a turf as one.
Every write is audited. Changing a team's members does not move the turfs it was given: a
turf goes to the members of the moment it is assigned (see ``turf_assign_team``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from turnout.core.audit import audit_record
from turnout.organizations.models import Membership

from ..models import Team, Turf
from .turfs import TurfRefused, turf_unassign


def _team_values(*, organization, name: str, member_ids, team: Team | None = None):
    name = (name or "").strip()[:200]
    if not name:
        raise TurfRefused(_("Give the team a name."), field_name="name")
    taken = Team.objects.for_organization(organization).filter(name__iexact=name)
    if team is not None:
        taken = taken.exclude(pk=team.pk)
    if taken.exists():
        raise TurfRefused(
            _("There is already a team called “%(name)s”.") % {"name": name}, field_name="name"
        )
    wanted = {int(pk) for pk in member_ids}
    users = list(
        Membership.objects.filter(organization=organization, user_id__in=wanted).values_list(
            "user_id", flat=True
        )
    )
    if len(users) != len(wanted):
        raise TurfRefused(
            _("Teams are made of members of the organization only."), field_name="members"
        )
    return name, sorted(users)


def _saved(team: Team, users: list[int]) -> None:
    try:
        with transaction.atomic():
            team.save()
    except IntegrityError:
        raise TurfRefused(
            _("There is already a team called “%(name)s”.") % {"name": team.name},
            field_name="name",
        ) from None
    team.members.set(users)


@transaction.atomic
def team_create(*, organization, actor, name: str, member_ids) -> Team:
    """A new team of members of the organization (user ids)."""
    name, users = _team_values(organization=organization, name=name, member_ids=member_ids)
    team = Team(organization=organization, name=name)
    _saved(team, users)
    audit_record(
        organization=organization,
        actor=actor,
        action="canvassing.team_created",
        target=team,
        data={"members": users},
    )
    return team


@transaction.atomic
def team_update(*, team: Team, actor, name: str, member_ids) -> Team:
    """Rename the team and set its members. Turfs already given to it stay with the members
    who got them."""
    name, users = _team_values(
        organization=team.organization, name=name, member_ids=member_ids, team=team
    )
    before = set(team.members.values_list("pk", flat=True))
    renamed = team.name != name
    team.name = name
    _saved(team, users)
    data = {
        "added": sorted(set(users) - before),
        "removed": sorted(before - set(users)),
        "renamed": renamed,
    }
    if data["added"] or data["removed"] or renamed:
        audit_record(
            organization=team.organization,
            actor=actor,
            action="canvassing.team_updated",
            target=team,
            data=data,
        )
    return team


@transaction.atomic
def team_delete(*, team: Team, actor) -> int:
    """Delete the team; the turfs it holds are taken back (not assigned any more). Visits
    already made stay with the members who made them. Returns how many turfs were taken
    back."""
    turfs = list(Turf.objects.filter(assigned_team=team).select_related("effort"))
    for turf in turfs:
        turf_unassign(turf=turf, actor=actor)
    audit_record(
        organization=team.organization,
        actor=actor,
        action="canvassing.team_deleted",
        target=team,
        data={"turfs_taken_back": [t.pk for t in turfs]},
    )
    team.delete()
    return len(turfs)
