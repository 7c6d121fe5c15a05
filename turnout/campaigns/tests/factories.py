"""Factories of the campaigns app. ``CampaignFactory`` goes through ``campaign_create`` so a
campaign always has its charter v1, its pledge action and the default quests, as in real use."""

import datetime

import factory
from django.utils import timezone

from turnout.campaigns import models
from turnout.campaigns.services.campaigns import campaign_create, campaign_open
from turnout.organizations.tests.factories import OrganizationFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    """An open campaign (``status="draft"`` keeps it a draft)."""

    class Meta:
        model = models.Campaign
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    name = factory.Sequence(lambda n: {"fr": f"Votez quand même {n}", "en": f"Vote Anyway {n}",
                                       "de": f"Trotzdem wählen {n}"})  # fmt: skip
    message = {"fr": "Le 9 juin, votez.", "en": "On 9 June, vote.", "de": "Am 9. Juni wählen."}
    tagline = {"fr": "Votre voix compte", "en": "Your voice counts", "de": "Deine Stimme zählt"}
    election_date = datetime.date(2027, 6, 9)
    status = models.Campaign.Status.OPEN

    @classmethod
    def _create(cls, model_class, *args, status=None, **kwargs):
        organization = kwargs.pop("organization")
        campaign = campaign_create(
            organization=organization,
            actor=None,
            slug=kwargs.pop("slug"),
            name=kwargs.pop("name"),
            election_date=kwargs.pop("election_date"),
            **kwargs,
        )
        if status == models.Campaign.Status.OPEN:
            campaign_open(campaign=campaign, actor=None)
        elif status:
            models.Campaign.objects.filter(pk=campaign.pk).update(status=status)
            campaign.status = status
        return campaign


class ParticipationFactory(factory.django.DjangoModelFactory):
    """An approved participation that signed the campaign's current charter."""

    class Meta:
        model = models.Participation

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = models.Participation.Status.APPROVED
    charter = factory.LazyAttribute(lambda o: o.campaign.charters.order_by("-number").first())
    charter_signed_at = factory.LazyFunction(timezone.now)
    approved_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == models.Participation.Status.APPROVED else None
    )
    followers = {"linkedin": 1200}
    employees = 40


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contribution

    participation = factory.SubFactory(ParticipationFactory)
    campaign = factory.SelfAttribute("participation.campaign")
    kind = models.Contribution.Kind.POST
    network = models.Contribution.Network.LINKEDIN
    url = factory.Sequence(lambda n: f"https://www.linkedin.com/posts/example-{n}")


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Lead

    campaign = factory.SubFactory(CampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    prospect = factory.SubFactory(OrganizationFactory)


class CharterVersionFactory(factory.django.DjangoModelFactory):
    """A later version of a campaign's charter."""

    class Meta:
        model = models.CharterVersion

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.LazyAttribute(lambda o: o.campaign.charters.count() + 1)
    text = {"fr": "Nous appelons à voter.", "en": "We call on everyone to vote."}


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Partner

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Agence {n}")
    role = models.Partner.Role.AGENCY
    credit = {"fr": "Conception", "en": "Design"}


class QuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quest

    campaign = factory.SubFactory(CampaignFactory)
    key = factory.Sequence(lambda n: f"quest-{n}")
    title = {"fr": "Organiser un débat", "en": "Hold a debate"}
    verification = models.Quest.Verification.SELF


class QuestProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.QuestProgress

    participation = factory.SubFactory(ParticipationFactory)
    quest = factory.SubFactory(
        QuestFactory, campaign=factory.SelfAttribute("..participation.campaign")
    )


class MeasuredDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MeasuredDay

    participation = factory.SubFactory(ParticipationFactory)
    campaign = factory.SelfAttribute("participation.campaign")
    day = factory.LazyFunction(timezone.localdate)
    clicks = 12
    page_views = 30


class DeclaredReachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DeclaredReach

    participation = factory.SubFactory(ParticipationFactory)
    kind = models.DeclaredReach.Kind.IMPRESSIONS
    figure = 4200
    method = "LinkedIn statistics, one week after posting"


class LeadStageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LeadStageChange

    lead = factory.SubFactory(LeadFactory)
    from_stage = models.Lead.Stage.PARTICIPANT
    to_stage = models.Lead.Stage.CONTACTED
    changed_at = factory.LazyFunction(timezone.now)
