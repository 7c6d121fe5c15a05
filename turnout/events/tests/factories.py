from datetime import timedelta

import factory
from django.utils import timezone

from turnout.events import models
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"event-{n}")
    title = {"fr": "Tractage au marché", "en": "Leafleting at the market", "de": "Flyer am Markt"}
    description = {"fr": "Rendez-vous devant les halles.", "en": "Meet in front of the hall."}
    status = models.Event.Status.PUBLISHED
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    venue = "Halles Saint-Louis"
    address_lines = "Rue Louis Pasteur"
    postal_code = "29200"
    locality = "Brest"
    country = "FR"
    latitude = 48.3904
    longitude = -4.4875
    published_at = factory.LazyFunction(timezone.now)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Shift

    event = factory.SubFactory(EventFactory)
    label = {"fr": "Matin", "en": "Morning", "de": "Vormittag"}
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at + timedelta(hours=1))
    capacity = 6


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Attendance

    organization = factory.SubFactory(OrganizationFactory)
    event = factory.SubFactory(EventFactory, organization=factory.SelfAttribute("..organization"))
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    status = models.Attendance.Status.GOING
    language = "fr"


class ReminderSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReminderSent

    attendance = factory.SubFactory(AttendanceFactory)
    kind = models.ReminderSent.Kind.EMAIL_DAY_BEFORE
