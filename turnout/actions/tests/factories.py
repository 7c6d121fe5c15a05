import factory
from django.utils import timezone

from turnout.actions import models
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.tests.factories import PersonFactory


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Action
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    kind = models.Action.Kind.PETITION
    slug = factory.Sequence(lambda n: f"action-{n}")
    title = factory.Sequence(lambda n: {"fr": f"Pétition {n}", "en": f"Petition {n}"})
    description = {"fr": "Signez pour le climat.", "en": "Sign for the climate."}
    consent_text = {
        "fr": "J'accepte de recevoir des nouvelles de la campagne.",
        "en": "I agree to receive news from the campaign.",
    }
    status = models.Action.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def owner_sponsor(obj, create, extracted, **kwargs):
        if create:
            models.ActionSponsor.objects.get_or_create(
                action=obj, organization=obj.organization, defaults={"is_owner": True}
            )


class ActionSponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ActionSponsor

    action = factory.SubFactory(ActionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    opt_in_label = {"fr": "Je veux aussi suivre cette association.", "en": "Keep me posted too."}


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Submission

    action = factory.SubFactory(ActionFactory)
    organization = factory.SelfAttribute("action.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    status = models.Submission.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)


class SponsorOptInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SponsorOptIn

    submission = factory.SubFactory(SubmissionFactory)
    sponsor = factory.SubFactory(
        ActionSponsorFactory, action=factory.SelfAttribute("..submission.action")
    )
    granted = True


class DeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Delivery

    action = factory.SubFactory(ActionFactory)
    organization = factory.SelfAttribute("action.organization")
    counted_at = factory.LazyFunction(timezone.now)
    confirmed_total = 0
    named_count = 0
    unnamed_count = 0


class SubmissionIntakeFactory(factory.django.DjangoModelFactory):
    """A signature waiting in the intake queue, as the public form writes it."""

    class Meta:
        model = models.SubmissionIntake

    action = factory.SubFactory(ActionFactory)
    organization = factory.SelfAttribute("action.organization")
    payload = factory.Sequence(
        lambda n: {
            "v": 1,
            "person": {"given_name": "Anne", "email": f"intake{n}@example.org"},
            "consent": True,
            "consent_text": "J'accepte de recevoir des nouvelles de la campagne.",
            "language": "fr",
        }
    )
    contact_key = factory.LazyAttribute(lambda o: f"email:{o.payload['person']['email']}")


class IntakeSpoolFileFactory(factory.django.DjangoModelFactory):
    """How far a web process's spool file was moved into the intake queue."""

    class Meta:
        model = models.IntakeSpoolFile

    name = factory.Sequence(lambda n: f"web-{1000 + n}-0a1b2c3d.spool")
    offset = 0
