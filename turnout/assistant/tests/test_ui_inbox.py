"""The shared inbox: open questions with their context, the answer sent back where the person
agreed (once), dismiss and reopen, and "turn into an entry"."""

# ruff: noqa: F811  (pytest fixtures imported from ui_helpers)

import pytest

from turnout.assistant.models import Channel, Entry, InboxQuestion
from turnout.core.models import AuditEvent
from turnout.messaging.models import Message
from turnout.people.tests.factories import PersonFactory

from .ui_helpers import SOURCE, organizer_a, organizer_client, url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(org_a):
    """An email hand-off from a person who agreed to be remembered, after one turn."""
    from .factories import ConversationFactory, InboxQuestionFactory, TurnFactory

    person = PersonFactory(organization=org_a, language="en")
    conversation = ConversationFactory(
        organization=org_a,
        channel=Channel.WEB,
        person=person,
        remember=True,
        address="lea@example.org",
        language="en",
        country="FR",
    )
    turn = TurnFactory(
        organization=org_a,
        conversation=conversation,
        question="Can I vote with my student card?",
        answer="Sorry, I do not know.",
        outcome="unknown",
    )
    return InboxQuestionFactory(
        organization=org_a,
        question="Can I vote with my student card?",
        language="en",
        country="FR",
        conversation=conversation,
        turn=turn,
        reply_to="lea@example.org",
    )


def test_the_inbox_lists_open_questions_with_their_channel_and_counts_them(
    organizer_client, org_a, asked
):
    from .factories import InboxQuestionFactory

    InboxQuestionFactory(organization=org_a, question="Old one", status="dismissed")
    page = organizer_client.get(url("inbox", org_a)).content.decode()
    assert "Can I vote with my student card?" in page and "Old one" not in page
    assert "Web chat" in page
    assert '<span class="count-badge"' in page and ">1</span>" in page
    home = organizer_client.get(url("home", org_a)).content.decode()
    assert "questions waiting in the inbox" in home


def test_the_question_page_shows_the_conversation_before_it(organizer_client, org_a, asked):
    page = organizer_client.get(
        url("inbox_question", org_a, inbox_question_id=asked.pk)
    ).content.decode()
    assert "Sorry, I do not know." in page
    assert "your answer is emailed" in page


def test_an_answer_is_emailed_once_and_recorded(organizer_client, org_a, organizer_a, asked):
    target = url("inbox_question", org_a, inbox_question_id=asked.pk)
    answer = "Yes if your commune accepts it; bring an ID card to be sure."
    response = organizer_client.post(target, {"answer": answer}, follow=True)
    assert "saved and sent to the person" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == InboxQuestion.Status.ANSWERED
    assert asked.answered_by == organizer_a and asked.answer == answer
    message = Message.objects.get(idempotency_key=f"assistant-inbox:{asked.pk}")
    assert message.to_address == "lea@example.org" and answer in message.body
    assert "student card" in message.body  # the question is quoted
    again = organizer_client.post(target, {"answer": "Another answer"}, follow=True)
    assert "Another organizer answered this question already." in again.content.decode()
    assert Message.objects.filter(organization=org_a).count() == 1
    event = AuditEvent.objects.get(action="assistant.inbox_answered")
    assert event.data["sent_on"] == "email"


def test_an_sms_hand_off_is_answered_by_sms(organizer_client, org_a, asked):
    conversation = asked.conversation
    conversation.channel = Channel.SMS
    conversation.address = "+33612345678"
    conversation.save()
    asked.reply_to = "+33612345678"
    asked.save()
    organizer_client.post(
        url("inbox_question", org_a, inbox_question_id=asked.pk), {"answer": "Yes."}
    )
    message = Message.objects.get(idempotency_key=f"assistant-inbox:{asked.pk}")
    assert message.channel == "sms" and message.to_address == "+33612345678"


def test_without_agreement_nothing_is_sent_and_the_organizer_is_told(
    organizer_client, org_a, asked
):
    conversation = asked.conversation
    conversation.remember = False
    conversation.person = None
    conversation.save()
    response = organizer_client.post(
        url("inbox_question", org_a, inbox_question_id=asked.pk),
        {"answer": "Bring an ID card."},
        follow=True,
    )
    assert "did not agree to be remembered: nothing was sent" in response.content.decode()
    assert not Message.objects.filter(organization=org_a).exists()
    asked.refresh_from_db()
    assert asked.status == InboxQuestion.Status.ANSWERED


def test_an_empty_or_huge_answer_is_refused_and_kept(organizer_client, org_a, asked):
    target = url("inbox_question", org_a, inbox_question_id=asked.pk)
    assert organizer_client.post(target, {"answer": "   "}).status_code == 400
    huge = organizer_client.post(target, {"answer": "x" * 1700})
    assert huge.status_code == 400 and "x" * 1700 in huge.content.decode()
    asked.refresh_from_db()
    assert asked.status == InboxQuestion.Status.OPEN


def test_dismiss_and_reopen(organizer_client, org_a, asked):
    action = url("inbox_action", org_a, inbox_question_id=asked.pk)
    organizer_client.post(action, {"action": "dismiss"})
    asked.refresh_from_db()
    assert asked.status == InboxQuestion.Status.DISMISSED
    assert "Can I vote" not in organizer_client.get(url("inbox", org_a)).content.decode()
    organizer_client.post(action, {"action": "reopen"})
    asked.refresh_from_db()
    assert asked.status == InboxQuestion.Status.OPEN


def test_turn_into_an_entry_prefills_the_editor_and_links_the_entry(organizer_client, org_a, asked):
    organizer_client.post(
        url("inbox_question", org_a, inbox_question_id=asked.pk),
        {"answer": "A student card is not an ID document."},
    )
    target = url("inbox_entry", org_a, inbox_question_id=asked.pk)
    page = organizer_client.get(target).content.decode()
    assert "Can I vote with my student card?" in page
    assert "A student card is not an ID document." in page
    assert '<option value="FR" selected>' in page and '<option value="en" selected>' in page
    response = organizer_client.post(
        target,
        {
            "country": "FR",
            "language": "en",
            "slug": "student-card",
            "question": "Can I vote with my student card?",
            "answer": "A student card is not an ID document.",
            "source_url": SOURCE,
            "last_verified": "2025-01-02",
            "status": "published",
        },
    )
    assert response.status_code == 302
    made = Entry.objects.get(organization=org_a, slug="student-card")
    asked.refresh_from_db()
    assert asked.entry == made
    page = organizer_client.get(
        url("inbox_question", org_a, inbox_question_id=asked.pk)
    ).content.decode()
    assert "Turned into the entry" in page


def test_the_inbox_list_has_a_query_budget(
    organizer_client, org_a, asked, django_assert_max_num_queries
):
    from .factories import InboxQuestionFactory

    for n in range(20):
        InboxQuestionFactory(organization=org_a, question=f"Q{n}", conversation=asked.conversation)
    with django_assert_max_num_queries(12):
        assert organizer_client.get(url("inbox", org_a)).status_code == 200
