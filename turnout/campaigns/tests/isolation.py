"""How to make, in another organization, each object that a campaigns URL names, and why the
public campaign URLs may take ids outside a workspace."""

from turnout.organizations.tests.factories import OrganizationFactory
from turnout.visuals.tests.factories import VisualTemplateFactory

from .factories import CampaignFactory, ContributionFactory, LeadFactory, ParticipationFactory


def _campaign(org):
    return CampaignFactory(organization=org)


def _participation(org):
    return ParticipationFactory(campaign=_campaign(org))


def _declared(org):
    from turnout.campaigns.models import DeclaredReach

    participation = ParticipationFactory(organization=org)
    return DeclaredReach.objects.create(
        participation=participation, kind="impressions", figure=10, method="platform stats"
    ).pk


def _partner(org):
    from turnout.campaigns.models import Partner

    return Partner.objects.create(campaign=_campaign(org), name="Agence", role="agency").pk


def _progress(org):
    from turnout.campaigns.models import QuestProgress

    participation = ParticipationFactory(organization=org)
    return QuestProgress.objects.create(
        participation=participation, quest=participation.campaign.quests.first()
    ).pk


OBJECT_KWARGS = {
    "campaign_slug": lambda org: _campaign(org).slug,
    "participation_id": lambda org: _participation(org).pk,
    "partner_id": _partner,
    "quest_id": lambda org: _campaign(org).quests.first().pk,
    "progress_id": _progress,
    "template_id": lambda org: VisualTemplateFactory(organization=org).pk,
    "format_key": lambda org: "square",
    "contribution_id": lambda org: ContributionFactory(participation__organization=org).pk,
    "declared_id": _declared,
    "lead_id": lambda org: LeadFactory(campaign=_campaign(org), prospect=OrganizationFactory()).pk,
}

EXEMPT = {
    "campaigns_short:go": "a campaign's public short link: redirects to its public page",
    "campaigns_public:landing": "public page of a campaign that is not a draft",
    "campaigns_public:charter": "public charter of a campaign that is not a draft",
    "campaigns_public:visual": "the visual of a campaign that is not a draft (its page shows it)",
    "campaigns_public:join": "public application form of a campaign (logged-in admins pick "
    "their own organizations)",
    "campaigns_public:leaderboard": "public leaderboard: approved organizations only",
    "campaigns_public:badge": "public badge of an approved organization, by its public code",
    "campaigns_public:badge_page": "public badge page of an approved organization",
    "campaigns_public:pledge": "public pledge form of an open campaign",
    "campaigns_public:pledge_thanks": "public thank-you page of a pledge (no personal data)",
    "campaigns_public:wall": "public wall: visible contributions only",
    "campaigns_public:contribution": "public page of a visible contribution",
    "campaigns_public:contribution_image": "picture of a visible contribution",
}
