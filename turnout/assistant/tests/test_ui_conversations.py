"""Conversations: the list with outcome counts, the turns; personal data only when the person
agreed, and that view is in the access log."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

import pytest

from turnout.assistant.models import Channel
from turnout.people.models import AccessLog
from turnout.people.tests.factories import PersonFactory

from .ui_helpers import entry, organizer_a, organizer_client, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def talk(org_a):
    from .factories import ChannelAccountFactory, ConversationFactory, TurnFactory

    account = ChannelAccountFactory(
        organization=org_a, channel=Channel.WHATSAPP, partner="Ouest-Info"
    )
    conversation = ConversationFactory(
        organization=org_a, channel=Channel.WHATSAPP, account=account, language="fr"
    )
    proxy = entry(org_a, language="fr", question="Comment voter par procuration ?")
    TurnFactory(
        organization=org_a,
        conversation=conversation,
        question="procuration ?",
        answer=proxy.answer,
        entry=proxy,
        entry_slug=proxy.slug,
        confidence=0.82,
        outcome="answered",
    )
    TurnFactory(organization=org_a, conversation=conversation, question="météo", outcome="unknown")
    return conversation


def test_the_list_counts_outcomes(organizer_client, org_a, talk):
    page = organizer_client.get(url("conversations", org_a)).content.decode()
    assert "Ouest-Info" in page and "WhatsApp" in page
    assert '<td class="num">1</td><td class="num">1</td><td class="num">0</td>' in page
    sms_only = organizer_client.get(url("conversations", org_a) + "?channel=sms")
    assert "Ouest-Info" not in sms_only.content.decode()


def test_an_anonymous_conversation_shows_turns_but_nobody(organizer_client, org_a, talk):
    page = organizer_client.get(
        url("conversation", org_a, assistant_conversation_id=talk.pk)
    ).content.decode()
    assert "procuration ?" in page and "proxy-vote" in page and "0.82" in page
    assert "did not agree to be remembered" in page
    assert not AccessLog.objects.filter(organization=org_a).exists()


def test_a_remembered_person_is_shown_and_the_view_logged(
    organizer_client, org_a, organizer_a, talk
):
    person = PersonFactory(organization=org_a, given_name="Léa", family_name="Martin")
    talk.person, talk.remember, talk.address = person, True, "+33612345678"
    talk.save()
    page = organizer_client.get(
        url("conversation", org_a, assistant_conversation_id=talk.pk)
    ).content.decode()
    assert "+33612345678" in page
    log = AccessLog.objects.get(organization=org_a)
    assert log.person == person and log.user == organizer_a and log.action == "view"


def test_the_list_has_a_query_budget(organizer_client, org_a, talk, django_assert_max_num_queries):
    from .factories import ConversationFactory

    for _n in range(25):
        ConversationFactory(organization=org_a, account=talk.account)
    with django_assert_max_num_queries(12):
        assert organizer_client.get(url("conversations", org_a)).status_code == 200
