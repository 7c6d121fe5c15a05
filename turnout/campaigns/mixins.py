"""Workspace views of one campaign, seen from the organization in the URL.

The organization in the URL is either the campaign's **initiator** (it owns the campaign) or a
**participant** (it has a participation, in any status). Any other organization gets "not
found", like any id of another tenant.
"""

from __future__ import annotations

from django.http import Http404

from turnout.organizations.mixins import WorkspaceMixin

from .models import Campaign, Participation


def campaign_for_workspace(*, organization, slug: str) -> tuple[Campaign, Participation | None]:
    """The campaign ``slug`` as ``organization`` sees it: (campaign, None) for its initiator,
    (campaign, participation) for a participant; Http404 otherwise."""
    campaign = Campaign.objects.select_related("organization", "pledge_action").filter(slug=slug)
    campaign = campaign.first()
    if campaign is None:
        raise Http404
    if campaign.organization_id == organization.pk:
        return campaign, None
    participation = (
        Participation.objects.select_related("charter")
        .filter(campaign=campaign, organization=organization)
        .first()
    )
    if participation is None:
        raise Http404
    return campaign, participation


class _CampaignResolved:
    """Runs after ``WorkspaceMixin`` has resolved the organization (next in the MRO)."""

    initiator_only = False
    participant_only = False

    def dispatch(self, request, *args, **kwargs):
        self.campaign, self.participation = campaign_for_workspace(
            organization=self.organization, slug=kwargs["campaign_slug"]
        )
        self.is_initiator = self.participation is None
        if (self.initiator_only and not self.is_initiator) or (
            self.participant_only and self.is_initiator
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class CampaignWorkspaceMixin(WorkspaceMixin, _CampaignResolved):
    """Sets ``self.campaign``, ``self.participation`` (None for the initiator) and
    ``self.is_initiator`` before the handler runs. ``initiator_only`` / ``participant_only``
    views answer "not found" to the other side. URL kwargs: ``org_slug``, ``campaign_slug``."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            campaign=self.campaign,
            participation=self.participation,
            is_initiator=self.is_initiator,
        )
        return context
