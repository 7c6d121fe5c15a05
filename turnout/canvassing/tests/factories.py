import uuid

import factory
from django.utils import timezone

from turnout.canvassing import models
from turnout.organizations.tests.factories import OrganizationFactory, UserFactory

# Brest city centre: generated points stay around it.
LAT, LON = 48.3904, -4.4861


class PollingStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PollingStation

    organization = factory.SubFactory(OrganizationFactory)
    commune_code = "29019"
    commune_name = "Brest"
    number = factory.Sequence(lambda n: n + 1)
    place = factory.LazyAttribute(lambda o: f"École {o.number}")
    latitude = LAT
    longitude = LON


class ElectionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ElectionResult

    station = factory.SubFactory(PollingStationFactory)
    organization = factory.SelfAttribute("station.organization")
    election = "Législatives 2024, 1er tour"
    election_date = factory.LazyFunction(lambda: timezone.datetime(2024, 6, 30).date())
    registered = 1000
    voters = 700
    abstentions = 300


class AddressPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AddressPoint

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: str(n % 200 + 1))
    street = "Rue de Siam"
    postal_code = "29200"
    city = "Brest"
    commune_code = "29019"
    latitude = factory.Sequence(lambda n: LAT + (n % 50) * 0.0002)
    longitude = factory.Sequence(lambda n: LON + (n // 50) * 0.0003)


class EffortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Effort

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Porte-à-porte {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Équipe {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class TurfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Turf

    effort = factory.SubFactory(EffortFactory)
    organization = factory.SelfAttribute("effort.organization")
    number = factory.Sequence(lambda n: n + 1)


class TurfStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TurfStop

    turf = factory.SubFactory(TurfFactory)
    effort = factory.SelfAttribute("turf.effort")
    address = factory.SubFactory(
        AddressPointFactory, organization=factory.SelfAttribute("..turf.organization")
    )
    position = factory.Sequence(lambda n: n)


class TurfAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TurfAssignment

    turf = factory.SubFactory(TurfFactory)
    organization = factory.SelfAttribute("turf.organization")
    user = factory.SubFactory(UserFactory)
    assigned_at = factory.LazyFunction(timezone.now)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Visit

    turf = factory.SubFactory(TurfFactory)
    organization = factory.SelfAttribute("turf.organization")
    effort = factory.SelfAttribute("turf.effort")
    address = factory.SubFactory(
        AddressPointFactory, organization=factory.SelfAttribute("..turf.organization")
    )
    client_id = factory.LazyFunction(uuid.uuid4)
    outcome = models.Visit.Outcome.TALKED
    visited_at = factory.LazyFunction(timezone.now)


class VisitRejectedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.VisitRejected

    organization = factory.SubFactory(OrganizationFactory)
    client_id = factory.LazyFunction(uuid.uuid4)
    payload = factory.LazyAttribute(lambda o: {"client_id": str(o.client_id), "outcome": "talked"})
    reason_code = "not_your_turf"
    reason = "This turf was never yours: an organizer will check the visit."
