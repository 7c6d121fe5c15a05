import factory
from django.utils import timezone

from turnout.donations import models
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory


class LegalProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalProfile

    organization = factory.SubFactory(OrganizationFactory)
    kind = models.ProfileKind.FR_PARTY
    legal_name = factory.SelfAttribute("organization.name")


class LegalLimitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalLimit

    kind = models.ProfileKind.NONE
    key = factory.Sequence(lambda n: f"rule_{n}")
    amount_cents = 100_000
    valid_from = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=1))


class FundraisingPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FundraisingPage

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"don-{n}")
    title = {"fr": "Financez la campagne", "en": "Fund the campaign"}
    suggested_cents = [1500, 3500, 5000, 10000]
    status = models.FundraisingPage.Status.PUBLISHED


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Subscription

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    amount_cents = 1000
    provider = "test"
    status = models.Subscription.Status.ACTIVE


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Donation

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    amount_cents = 3500
    status = models.Donation.Status.SUCCEEDED
    method = models.Donation.Method.CARD
    provider = "test"
    provider_id = factory.Sequence(lambda n: f"test_{n}")
    paid_at = factory.LazyFunction(timezone.now)


class ProviderEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProviderEvent

    provider = "stripe"
    event_id = factory.Sequence(lambda n: f"evt_{n}")
    kind = "checkout.session.completed"


class ReceiptCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReceiptCounter

    organization = factory.SubFactory(OrganizationFactory)
    year = 2026


class ReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Receipt

    donation = factory.SubFactory(DonationFactory)
    organization = factory.SelfAttribute("donation.organization")
    person = factory.SelfAttribute("donation.person")
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    kind = models.Receipt.Kind.TAX
    amount_cents = factory.SelfAttribute("donation.amount_cents")
    issued_at = factory.LazyFunction(timezone.now)
