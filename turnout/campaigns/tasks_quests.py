"""Background work of the quests area: refresh the automatic quests of a campaign (after the
editor changed a quest) and, periodically, the click quests (clicks are counted without
pushing anything to quests)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from turnout.core.periodic import periodic

from .models import Campaign, Quest


@task(queue_name="default")
def quests_refresh_campaign(campaign_id: int) -> int:
    from .services.quests import campaign_quests_refresh

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return campaign_quests_refresh(campaign=campaign)


@periodic("campaigns.quests_clicks", every=timedelta(hours=1))
def quests_refresh_clicks() -> dict:
    """Hourly: every open campaign with a click quest refreshes it for its organizations."""
    from .services.quests import campaign_quests_refresh

    refreshed = 0
    campaigns = Campaign.objects.filter(
        status=Campaign.Status.OPEN,
        quests__verification=Quest.Verification.AUTOMATIC,
        quests__rule=Quest.Rule.LINK_CLICKS,
    ).distinct()
    for campaign in campaigns:
        refreshed += campaign_quests_refresh(campaign=campaign, rules=[Quest.Rule.LINK_CLICKS])
    return {"participations": refreshed}
