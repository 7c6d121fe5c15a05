import factory
from django.utils import timezone

from turnout.journeys import models
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory


class JourneyFactory(factory.django.DjangoModelFactory):
    """A draft journey started by any action. Tests that need it running build its steps and
    activate it with ``journey_setup`` (tests/helpers.py) or the services."""

    class Meta:
        model = models.Journey

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Journey {n}")
    trigger_kind = models.Journey.Trigger.ACTION
    trigger_config = factory.LazyFunction(lambda: {"action": None})


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Step

    journey = factory.SubFactory(JourneyFactory)
    organization = factory.SelfAttribute("journey.organization")
    key = factory.Sequence(lambda n: f"k{n}")
    kind = models.Step.Kind.EXIT
    config = factory.LazyFunction(dict)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Enrollment

    journey = factory.SubFactory(JourneyFactory)
    organization = factory.SelfAttribute("journey.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    status = models.Enrollment.Status.COMPLETED
    finished_at = factory.LazyFunction(timezone.now)


class StepRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StepRun

    enrollment = factory.SubFactory(EnrollmentFactory)
    organization = factory.SelfAttribute("enrollment.organization")
    step = factory.SubFactory(StepFactory, journey=factory.SelfAttribute("..enrollment.journey"))
    status = models.StepRun.Status.DONE


class FollowUpTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FollowUpTask

    organization = factory.SubFactory(OrganizationFactory)
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    title = factory.Sequence(lambda n: f"Call back #{n}")


class SegmentMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SegmentMember

    journey = factory.SubFactory(JourneyFactory)
    organization = factory.SelfAttribute("journey.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
