"""SMS keywords: "VOTE <question>" through the messaging module's inbound path."""

import pytest

from turnout.assistant.models import Channel, Conversation, Turn
from turnout.assistant.tests.channels_helpers import (
    PROXY_ANSWER,
    channel,
    knowledge_base,
)
from turnout.core.tests.clock import clock  # noqa: F401
from turnout.messaging.models import Message, OutboxMessage
from turnout.messaging.providers.base import InboundSms
from turnout.messaging.services import inbound_receive
from turnout.messaging.tests.factories import MessagingSettingsFactory
from turnout.people.tests.factories import PersonFactory, PhoneNumberFactory

OUR_NUMBER = "+33700000000"
NUMBER = "+33612345678"

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb(org_a):
    return knowledge_base(org_a)


@pytest.fixture
def account(org_a, kb):
    MessagingSettingsFactory(organization=org_a, sms_sender=OUR_NUMBER)
    return channel(org_a, Channel.SMS, "VOTE")


def receive(body, capture, *, event_id="in-1", sender=NUMBER):
    with capture(execute=True):
        return inbound_receive(
            provider="outbox",
            inbound=InboundSms(event_id=event_id, sender=sender, recipient=OUR_NUMBER, body=body),
        )


def replies(number=NUMBER):
    return Message.objects.filter(direction=Message.Direction.OUTBOUND, to_address=number)


def test_a_keyword_question_is_answered_by_sms(account, django_capture_on_commit_callbacks):
    receive("vote how do I vote by proxy?", django_capture_on_commit_callbacks)
    [reply] = replies()
    assert PROXY_ANSWER in reply.body
    assert reply.transactional
    assert OutboxMessage.objects.filter(channel="sms").exists()  # the dispatcher sent it
    turn = Turn.objects.get()
    assert turn.question == "how do I vote by proxy?"
    assert turn.conversation.channel == Channel.SMS
    assert turn.conversation.address == ""  # not remembered


def test_a_replayed_webhook_answers_once(account, django_capture_on_commit_callbacks):
    receive("VOTE how do I vote by proxy?", django_capture_on_commit_callbacks)
    receive("VOTE how do I vote by proxy?", django_capture_on_commit_callbacks)
    assert replies().count() == 1


def test_texts_without_the_keyword_are_left_to_the_texting_inbox(
    account, django_capture_on_commit_callbacks
):
    receive("how do I vote by proxy?", django_capture_on_commit_callbacks)
    assert not replies().exists()
    assert not Conversation.objects.exists()


def test_a_keyword_of_an_inactive_channel_is_ignored(account, django_capture_on_commit_callbacks):
    account.active = False
    account.save()
    receive("VOTE how do I vote by proxy?", django_capture_on_commit_callbacks)
    assert not replies().exists()


def test_stop_is_handled_by_messaging_and_never_reaches_the_assistant(
    account, django_capture_on_commit_callbacks
):
    receive("STOP", django_capture_on_commit_callbacks)
    assert not Conversation.objects.exists()
    # And a number that opted out gets no answer afterwards.
    receive("VOTE how do I vote by proxy?", django_capture_on_commit_callbacks, event_id="in-2")
    assert Turn.objects.count() == 1
    assert not replies().filter(idempotency_key__startswith="assistant:").exists()
    assert replies().filter(idempotency_key__startswith="stop-confirm").count() == 1


def test_the_keyword_alone_gets_a_hint(account, django_capture_on_commit_callbacks):
    receive("Vote", django_capture_on_commit_callbacks)
    [reply] = replies()
    assert Turn.objects.get().outcome == Turn.Outcome.REJECTED
    assert "question" in reply.body.lower()


def test_a_known_person_is_answered_on_the_number_that_wrote(
    org_a, account, django_capture_on_commit_callbacks
):
    person = PersonFactory(organization=org_a, language="en")
    PhoneNumberFactory(organization=org_a, person=person, number=NUMBER, primary=True)
    receive("VOTE which ID documents do I need?", django_capture_on_commit_callbacks)
    [reply] = replies()
    assert reply.person == person
    assert reply.transactional
    assert "identity document" in reply.body
