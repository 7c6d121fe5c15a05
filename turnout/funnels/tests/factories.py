import factory
from django.utils import timezone

from turnout.funnels import models
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory


class LadderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Ladder
        django_get_or_create = ["organization"]

    organization = factory.SubFactory(OrganizationFactory)


class RungFactory(factory.django.DjangoModelFactory):
    """A rung whose rule matches everyone; tests that need the hook to see it go through the
    services (which also invalidate the cached ladder)."""

    class Meta:
        model = models.Rung

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: {"en": f"Rung {n}", "fr": f"Échelon {n}"})
    position = factory.Sequence(lambda n: n)
    definition = factory.LazyFunction(lambda: {"match": "all", "conditions": []})


class PersonRungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonRung

    rung = factory.SubFactory(RungFactory)
    organization = factory.SelfAttribute("rung.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    since = factory.LazyFunction(timezone.now)


class RungReachedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RungReached

    rung = factory.SubFactory(RungFactory)
    organization = factory.SelfAttribute("rung.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    reached_at = factory.LazyFunction(timezone.now)
