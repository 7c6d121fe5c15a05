from datetime import date, time

import factory
from django.utils import timezone

from turnout.assistant.models import Election
from turnout.gotv import models
from turnout.gotv.models import ReminderKind
from turnout.gotv.texts import default_texts
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory


class GotvElectionFactory(factory.django.DjangoModelFactory):
    """An election a month after the tests' frozen Tuesday (2026-11-24)."""

    class Meta:
        model = Election

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"gotv-election-{n}")
    name = {"fr": "Municipales 2026", "en": "Local elections 2026", "de": "Kommunalwahl 2026"}
    country = "FR"
    kind = Election.Kind.MUNICIPAL
    date = date(2026, 12, 20)
    polls_open = time(8, 0)
    polls_close = time(18, 0)


class ReminderProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReminderProgram

    organization = factory.SubFactory(OrganizationFactory)
    election = factory.SubFactory(
        GotvElectionFactory, organization=factory.SelfAttribute("..organization")
    )
    status = models.ReminderProgram.Status.RUNNING
    eve_text = factory.LazyFunction(lambda: default_texts(ReminderKind.EVE))
    day_text = factory.LazyFunction(lambda: default_texts(ReminderKind.DAY))


class ReminderSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReminderSubscription

    organization = factory.SubFactory(OrganizationFactory)
    program = factory.SubFactory(
        ReminderProgramFactory, organization=factory.SelfAttribute("..organization")
    )
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    channel = "email"
    source = models.ReminderSubscription.Source.WEB
    consent_text = "Remind me to vote."


class ReminderDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReminderDelivery

    subscription = factory.SubFactory(ReminderSubscriptionFactory)
    round = 1
    kind = ReminderKind.EVE
    skipped = "no_consent"


class PerkOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PerkOffer

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"ride-{n}")
    partner_name = "Citymobil"
    title = {"fr": "Trajet gratuit vers le bureau de vote", "en": "Free ride to the polls"}
    description = {"fr": "Un trajet offert le jour du vote.", "en": "One free ride on polling day."}
    country = "FR"
    status = models.PerkOffer.Status.PUBLISHED


class PerkCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PerkCode

    offer = factory.SubFactory(PerkOfferFactory)
    code = factory.Sequence(lambda n: f"RIDE-{n:05d}")


class PerkClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PerkClaim

    organization = factory.SubFactory(OrganizationFactory)
    offer = factory.SubFactory(
        PerkOfferFactory, organization=factory.SelfAttribute("..organization")
    )
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    code = factory.SubFactory(
        PerkCodeFactory,
        offer=factory.SelfAttribute("..offer"),
        claimed_at=factory.LazyFunction(timezone.now),
    )
    source = models.PerkClaim.Source.WEB


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Placement

    organization = factory.SubFactory(OrganizationFactory)
    partner = "Amours & Co"
    name = "Swipe to vote"
    kind = models.Placement.Kind.IN_APP_AD
    declared_audience = 120000
    audience_method = "Partner's campaign report (impressions)"
    destination_url = "https://example.org/vote"


class PlacementDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlacementDay

    placement = factory.SubFactory(PlacementFactory)
    day = factory.LazyFunction(timezone.localdate)
    clicks = 3
