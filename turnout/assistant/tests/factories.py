"""Factories for every assistant model (used by all the assistant's and GOTV's tests)."""

from datetime import date, time, timedelta

import factory
from django.utils import timezone

from turnout.assistant.models import (
    Channel,
    ChannelAccount,
    Conversation,
    Election,
    Entry,
    InboxQuestion,
    Turn,
)
from turnout.organizations.tests.factories import OrganizationFactory


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"election-{n}")
    name = factory.Sequence(
        lambda n: {"fr": f"Élection {n}", "en": f"Election {n}", "de": f"Wahl {n}"}
    )
    country = "FR"
    kind = Election.Kind.MUNICIPAL
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    polls_open = time(8, 0)
    polls_close = time(18, 0)


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    organization = factory.SubFactory(OrganizationFactory)
    country = "FR"
    language = "fr"
    slug = factory.Sequence(lambda n: f"entry-{n}")
    question = "Comment voter par procuration ?"
    variants = factory.LazyFunction(lambda: ["Faire une procuration", "Voter à ma place"])
    keywords = factory.LazyFunction(lambda: ["procuration", "mandataire"])
    answer = "Faites votre demande sur maprocuration.gouv.fr."
    source_url = "https://www.service-public.fr/particuliers/vosdroits/F1604"
    source_name = "Service-Public.fr"
    last_verified = date(2026, 11, 24)
    status = Entry.Status.PUBLISHED


class ChannelAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChannelAccount

    organization = factory.SubFactory(OrganizationFactory)
    channel = Channel.WEB
    external_id = factory.Sequence(lambda n: f"account-{n}")
    display_name = "Voter help"
    country = "FR"
    language = "fr"


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    organization = factory.SubFactory(OrganizationFactory)
    channel = Channel.WEB
    address_hash = factory.Sequence(lambda n: f"{n:064x}")
    language = "fr"
    country = "FR"
    last_message_at = factory.LazyFunction(timezone.now)


class TurnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Turn

    organization = factory.SubFactory(OrganizationFactory)
    conversation = factory.SubFactory(
        ConversationFactory, organization=factory.SelfAttribute("..organization")
    )
    question = "Comment voter par procuration ?"
    answer = "Faites votre demande sur maprocuration.gouv.fr."
    entry_slug = "proxy-vote"
    confidence = 0.9
    outcome = Turn.Outcome.ANSWERED


class InboxQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InboxQuestion

    organization = factory.SubFactory(OrganizationFactory)
    question = "Peut-on voter avec un récépissé de demande de carte d'identité ?"
    language = "fr"
    country = "FR"
