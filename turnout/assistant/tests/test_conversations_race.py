"""The same channel message handled by several workers at once (Meta retrying while the first
delivery is still being answered) records one turn and one conversation."""

import pytest

from turnout.assistant.models import Channel, Conversation, Turn
from turnout.assistant.services.conversations import conversation_reply
from turnout.assistant.tests.channels_helpers import channel, knowledge_base
from turnout.core.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_message_delivered_eight_times_at_once_is_answered_once(org_a):
    knowledge_base(org_a)
    account = channel(org_a, Channel.WHATSAPP, "1098765")

    def deliver(_index):
        reply = conversation_reply(
            account=account,
            organization=org_a,
            channel=Channel.WHATSAPP,
            address="+33612345678",
            text="how do I vote by proxy?",
            external_id="wamid.SAME",
        )
        return reply.replayed

    replayed = run_together(8, deliver)
    assert sorted(replayed) == [False] + [True] * 7
    assert Conversation.objects.count() == 1
    assert Turn.objects.count() == 1
