"""Reads of the core area: campaign lists, overview counters, moderation queue, landing page."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from turnout.organizations.models import ADMIN_ROLES, Organization

from . import reach
from .models import Campaign, CharterVersion, Participation, Partner

Status = Participation.Status


def campaigns_initiated(*, organization):
    """The organization's own campaigns with their counts per participation status."""
    return (
        Campaign.objects.filter(organization=organization)
        .select_related("pledge_action")
        .annotate(
            approved_count=Count(
                "participations", filter=Q(participations__status=Status.APPROVED)
            ),
            pending_count=Count("participations", filter=Q(participations__status=Status.APPLIED)),
        )
    )


def participations_of(*, organization):
    """The campaigns the organization takes part in (any status), newest first."""
    return Participation.objects.filter(organization=organization).select_related(
        "campaign", "campaign__organization", "charter"
    )


def status_counts(*, campaign: Campaign) -> dict:
    counts = dict.fromkeys(Status.values, 0)
    for row in campaign.participations.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def moderation_queue(*, campaign: Campaign, status: str = ""):
    """Applications to the campaign, filtered by status; pending ones first."""
    rows = campaign.participations.select_related(
        "organization", "charter", "charter_signed_by", "decided_by"
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("created_at", "id") if status == Status.APPLIED else rows


def participation_for_initiator(*, campaign: Campaign, participation_id) -> Participation:
    """One participation of the campaign (an id of another campaign is "not found")."""
    participation = (
        campaign.participations.select_related("organization", "campaign__organization")
        .filter(pk=participation_id)
        .first()
    )
    if participation is None:
        raise Http404
    return participation


def partner_get(*, campaign: Campaign, partner_id) -> Partner:
    partner = campaign.partners.filter(pk=partner_id).first()
    if partner is None:
        raise Http404
    return partner


def charter_versions(*, campaign: Campaign):
    return campaign.charters.select_related("created_by").annotate(signed=Count("signatures"))


def campaign_public_get(*, slug: str) -> Campaign:
    """A campaign whose public page shows (open or closed); drafts are "not found"."""
    campaign = (
        Campaign.objects.public().select_related("organization", "pledge_action").filter(slug=slug)
    ).first()
    if campaign is None:
        raise Http404
    return campaign


def charter_public(*, campaign: Campaign, number=None) -> CharterVersion:
    versions = campaign.charters.order_by("-number")
    version = versions.filter(number=number).first() if number else versions.first()
    if version is None:
        raise Http404
    return version


def landing_counters(*, campaign: Campaign) -> dict:
    """The live counters of the public page, in a fixed number of queries whatever the number
    of organizations."""
    total = reach.campaign_reach(campaign)
    return {
        "organizations": campaign.participations.visible().count(),
        "pledges": campaign.pledge_action.signature_count if campaign.pledge_action else 0,
        "reach": total,
    }


def organizations_to_apply_with(*, user):
    """Organizations the user may apply with: owner or admin."""
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=ADMIN_ROLES
    ).order_by("name")


def participations_by_organization(*, campaign: Campaign, organizations) -> dict:
    return {
        p.organization_id: p for p in campaign.participations.filter(organization__in=organizations)
    }
