import factory

from turnout.messaging.models import OutboxMessage


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxMessage

    channel = OutboxMessage.Channel.EMAIL
    sender = "no-reply@turnout.localhost"
    to = factory.LazyFunction(lambda: ["someone@example.org"])
    subject = "Hello"
    body = "Hello there"
