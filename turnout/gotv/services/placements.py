"""Partner media placements: saved with their declared audience, their tracked link counted
per day. A placement linked to a cooperative campaign (that the organization started, or in
which it is an approved participant) feeds the campaign's reach: its clicks and its declared
audience are added by ``selectors.placements_campaign_reach``, registered in
``campaigns.reach.EXTRA_REACH``."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.campaigns.models import Participation
from turnout.core.audit import audit_record

from ..exceptions import PlacementError
from ..models import Placement, PlacementDay


def campaign_participation(placement: Placement) -> Participation | None:
    """The organization's approved participation in the placement's campaign (None for the
    campaign's initiator, or when there is none)."""
    if placement.campaign_id is None:
        return None
    return (
        Participation.objects.visible()
        .filter(campaign_id=placement.campaign_id, organization_id=placement.organization_id)
        .first()
    )


def campaign_linkable(*, organization, campaign) -> bool:
    return campaign.organization_id == organization.pk or (
        Participation.objects.visible()
        .filter(campaign=campaign, organization=organization)
        .exists()
    )


@transaction.atomic
def placement_save(*, placement: Placement, actor) -> Placement:
    if placement.campaign_id and not campaign_linkable(
        organization=placement.organization, campaign=placement.campaign
    ):
        raise PlacementError(
            "campaign",
            _("Your organization neither started this campaign nor takes part in it (approved)."),
        )
    if placement.declared_audience and not placement.audience_method.strip():
        raise PlacementError(
            "audience_method",
            _("Say how the audience was counted (for instance: the partner's media kit)."),
        )
    created = placement.pk is None
    placement.save()
    audit_record(
        organization=placement.organization, actor=actor,
        action="gotv.placement_create" if created else "gotv.placement_update", target=placement,
    )  # fmt: skip
    return placement


@transaction.atomic
def placement_delete(*, placement: Placement, actor) -> None:
    audit_record(
        organization=placement.organization, actor=actor, action="gotv.placement_delete",
        target=placement,
    )  # fmt: skip
    placement.delete()


def placement_click(*, placement: Placement) -> None:
    """One click on the tracked link, counted on today's row (exact under concurrency)."""
    day = timezone.localdate()
    rows = PlacementDay.objects.filter(placement=placement, day=day)
    if rows.update(clicks=F("clicks") + 1):
        return
    try:
        with transaction.atomic():
            PlacementDay.objects.create(placement=placement, day=day, clicks=1)
    except IntegrityError:  # created a moment ago by another click
        rows.update(clicks=F("clicks") + 1)
