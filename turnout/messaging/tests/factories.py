import factory

from turnout.messaging import models
from turnout.messaging.models import OutboxMessage
from turnout.organizations.tests.factories import OrganizationFactory, UserFactory
from turnout.people.tests.factories import PeopleListFactory, PersonFactory


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    channel = OutboxMessage.Channel.EMAIL
    sender = "no-reply@turnout.localhost"
    to = factory.LazyFunction(lambda: ["someone@example.org"])
    subject = "Hello"
    body = "Hello there"


class MessagingSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MessagingSettings

    organization = factory.SubFactory(OrganizationFactory)
    sms_sender = "Turnout"


class BroadcastFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Broadcast

    organization = factory.SubFactory(OrganizationFactory)
    channel = "sms"
    name = factory.Sequence(lambda n: f"Broadcast {n}")
    people_list = factory.SubFactory(
        PeopleListFactory, organization=factory.SelfAttribute("..organization")
    )
    content = factory.LazyFunction(lambda: {"fr": {"subject": "", "body": "Bonjour {first_name|}"}})


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Message

    organization = factory.SubFactory(OrganizationFactory)
    channel = "sms"
    idempotency_key = factory.Sequence(lambda n: f"factory:{n}")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    to_address = factory.Sequence(lambda n: f"+336{13000000 + n:08d}")
    body = "Bonjour"
    provider = "outbox"


class WebhookEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebhookEvent

    provider = "twilio"
    event_id = factory.Sequence(lambda n: f"SM{n:032d}")


class ProviderThrottleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProviderThrottle

    provider = factory.Sequence(lambda n: f"provider-{n}")


class TextingCampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TextingCampaign

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Texting {n}")
    people_list = factory.SubFactory(
        PeopleListFactory, organization=factory.SelfAttribute("..organization")
    )
    script = factory.LazyFunction(lambda: {"fr": "Bonjour {first_name|}, c'est {texter_name|}."})


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Conversation

    campaign = factory.SubFactory(TextingCampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    person = factory.SubFactory(PersonFactory, organization=factory.SelfAttribute("..organization"))
    phone = factory.Sequence(lambda n: f"+336{14000000 + n:08d}")
    texter = factory.SubFactory(UserFactory)


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SurveyQuestion

    campaign = factory.SubFactory(TextingCampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    text = "Irez-vous voter ?"
    choices = factory.LazyFunction(lambda: ["Oui", "Non", "Indécis"])


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SurveyAnswer

    question = factory.SubFactory(SurveyQuestionFactory)
    organization = factory.SelfAttribute("question.organization")
    conversation = factory.SubFactory(
        ConversationFactory, campaign=factory.SelfAttribute("..question.campaign")
    )
    answer = "Oui"


class CannedResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CannedResponse

    campaign = factory.SubFactory(TextingCampaignFactory)
    organization = factory.SelfAttribute("campaign.organization")
    title = "Merci"
    body = "Merci {first_name|} !"
