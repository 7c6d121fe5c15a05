"""conversation_reply: answers, replays, bad input, hand-off, reminders, perks, privacy."""

import pytest

from turnout.assistant.models import Channel, Conversation, InboxQuestion, Turn
from turnout.assistant.services.conversations import address_hash, conversation_reply
from turnout.assistant.tests.channels_helpers import (
    PROXY_ANSWER,
    UNKNOWN_QUESTION,
    channel,
    knowledge_base,
)
from turnout.core.tests.clock import clock  # noqa: F401
from turnout.gotv.models import ReminderSubscription
from turnout.gotv.tests.factories import PerkCodeFactory, PerkOfferFactory, ReminderProgramFactory
from turnout.people.models import Activity, Consent, Person

NUMBER = "+33612345678"

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb(org_a):
    return knowledge_base(org_a)


@pytest.fixture
def whatsapp(org_a, kb):
    return channel(org_a, Channel.WHATSAPP, "1098765", display_name="Le Quotidien")


def say(account, text, external_id="", **kwargs):
    return conversation_reply(
        account=account,
        organization=account.organization,
        channel=account.channel,
        address=kwargs.pop("address", NUMBER),
        text=text,
        external_id=external_id,
        **kwargs,
    )


def test_a_known_question_is_answered_from_the_entry_and_recorded(whatsapp):
    reply = say(whatsapp, "how do I vote by proxy?", "wamid.1")
    assert PROXY_ANSWER in reply.text
    assert reply.answer.slug == "proxy-vote"
    assert reply.answer.sources[0]["last_verified"] == "2026-10-01"
    turn = reply.turn
    assert turn.outcome == Turn.Outcome.ANSWERED
    assert turn.entry_slug == "proxy-vote"
    assert turn.entry is not None


def test_the_first_reply_greets_with_the_partners_name(whatsapp):
    first = say(whatsapp, "how do I vote by proxy?", "wamid.1")
    second = say(whatsapp, "which ID documents do I need?", "wamid.2")
    assert "Le Quotidien" in first.text
    assert "Le Quotidien" not in second.text


def test_the_number_is_stored_only_as_a_keyed_hash(whatsapp, org_a):
    say(whatsapp, "how do I vote by proxy?", "wamid.1")
    conversation = Conversation.objects.get()
    assert conversation.address == ""
    assert conversation.person is None
    assert conversation.address_hash == address_hash(
        organization=org_a, channel=Channel.WHATSAPP, address=NUMBER
    )
    assert "612345678" not in conversation.address_hash
    assert "612345678" not in str(conversation.state)


def test_a_replayed_message_returns_the_recorded_reply_and_adds_no_turn(whatsapp):
    first = say(whatsapp, "how do I vote by proxy?", "wamid.1")
    again = say(whatsapp, "how do I vote by proxy?", "wamid.1")
    assert again.replayed and not first.replayed
    assert again.text == first.text
    assert again.turn.pk == first.turn.pk
    assert Turn.objects.count() == 1


def test_messages_from_one_number_make_one_conversation(whatsapp):
    say(whatsapp, "how do I vote by proxy?", "wamid.1")
    say(whatsapp, "which ID documents?", "wamid.2")
    say(whatsapp, "which ID documents?", "wamid.3", address="+33699999999")
    assert Conversation.objects.count() == 2


def test_an_unknown_question_offers_the_hand_off(whatsapp):
    reply = say(whatsapp, UNKNOWN_QUESTION, "wamid.1")
    assert reply.outcome == Turn.Outcome.UNKNOWN
    assert reply.handoff
    assert "HUMAN" in reply.text


@pytest.mark.parametrize("word", ["HUMAN", "humain", "Mensch!"])
def test_the_hand_off_passes_the_previous_question_to_the_inbox(whatsapp, word):
    say(whatsapp, UNKNOWN_QUESTION, "wamid.1")
    reply = say(whatsapp, word, "wamid.2")
    question = InboxQuestion.objects.get()
    assert question.question == UNKNOWN_QUESTION
    assert question.reply_to == ""  # the person did not agree to be written back
    assert question.turn.question == UNKNOWN_QUESTION
    assert "organizer" in reply.text
    # Asking twice passes it once.
    say(whatsapp, word, "wamid.3")
    assert InboxQuestion.objects.count() == 1


def test_the_hand_off_without_a_question_asks_for_one(whatsapp):
    reply = say(whatsapp, "HUMAN", "wamid.1")
    assert "question first" in reply.text
    assert not InboxQuestion.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "write your question"),
        ("   ", "write your question"),
        ("x" * 501, "too long"),
        ("comment\x00voter\x07", "only read text"),
    ],
)
def test_bad_input_gets_a_clear_reply_and_a_rejected_turn(whatsapp, text, expected):
    reply = say(whatsapp, text, "wamid.bad")
    assert expected in reply.text.lower()
    assert reply.turn.outcome == Turn.Outcome.REJECTED
    assert "\x00" not in Turn.objects.get().question


def test_an_unsupported_language_is_refused_politely(whatsapp):
    reply = say(whatsapp, "¿Cómo voto por poder?", "wamid.1", language="es")
    assert reply.outcome == Turn.Outcome.REJECTED
    assert "French, English and German" in reply.text


def test_non_text_messages_are_told_text_only(whatsapp):
    reply = say(whatsapp, "", "wamid.1", media="image")
    assert reply.outcome == Turn.Outcome.REJECTED
    assert "only read text" in reply.text


def test_french_commands_and_answers(org_a):
    knowledge_base(org_a, language="fr")
    account = channel(org_a, Channel.SMS, "VOTE", language="fr")
    reply = say(account, "comment voter par procuration", "sms:1")
    assert "procuration" in reply.text
    assert reply.outcome == Turn.Outcome.ANSWERED


class TestReminders:
    @pytest.fixture
    def program(self, org_a, whatsapp):
        program = ReminderProgramFactory(organization=org_a)
        whatsapp.election = program.election
        whatsapp.save()
        return program

    def test_opt_in_asks_for_consent_then_subscribes_with_the_text_shown(self, whatsapp, program):
        asked = say(whatsapp, "REMIND", "wamid.1")
        assert "Reply YES" in asked.text
        assert not Person.objects.exists()
        done = say(whatsapp, "oui", "wamid.2")
        assert "you will receive reminders" in done.text.lower()
        person = Person.objects.get()
        assert person.phones.get().number == NUMBER
        subscription = ReminderSubscription.objects.get()
        assert subscription.person == person
        assert subscription.status == ReminderSubscription.Status.ACTIVE
        assert subscription.consent_text in asked.text  # the exact text shown
        consent = Consent.objects.get(person=person, purpose="reminders", current=True)
        assert consent.notice_text == subscription.consent_text
        conversation = Conversation.objects.get()
        assert conversation.remember and conversation.person == person
        assert conversation.address == NUMBER

    def test_no_cancels_and_nothing_is_recorded(self, whatsapp, program):
        say(whatsapp, "RAPPEL", "wamid.1")
        reply = say(whatsapp, "non", "wamid.2")
        assert "nothing was recorded" in reply.text
        assert not Person.objects.exists()
        assert not ReminderSubscription.objects.exists()

    def test_yes_without_a_pending_question_is_just_a_question(self, whatsapp, program):
        say(whatsapp, "YES", "wamid.1")
        assert not Person.objects.exists()

    def test_stop_reminders_unsubscribes(self, whatsapp, program):
        say(whatsapp, "ERINNERUNG", "wamid.1")
        say(whatsapp, "ja", "wamid.2")
        reply = say(whatsapp, "STOP REMINDERS", "wamid.3")
        assert "not receive election reminders any more" in reply.text
        subscription = ReminderSubscription.objects.get()
        assert subscription.status == ReminderSubscription.Status.UNSUBSCRIBED

    def test_plain_stop_on_whatsapp_stops_them_too(self, whatsapp, program):
        say(whatsapp, "REMIND", "wamid.1")
        say(whatsapp, "YES", "wamid.2")
        say(whatsapp, "STOP", "wamid.3")
        assert ReminderSubscription.objects.get().status == "unsubscribed"

    def test_no_program_no_opt_in(self, whatsapp):
        reply = say(whatsapp, "REMIND", "wamid.1")
        assert "no election reminders" in reply.text

    def test_after_agreeing_the_conversation_lands_on_the_timeline_with_its_topic(
        self, whatsapp, program
    ):
        say(whatsapp, "how do I vote by proxy?", "wamid.0")
        assert not Activity.objects.filter(kind="assistant.asked").exists()
        say(whatsapp, "REMIND", "wamid.1")
        say(whatsapp, "YES", "wamid.2")
        say(whatsapp, "how do I vote by proxy?", "wamid.3")
        line = Activity.objects.filter(kind="assistant.asked").latest("id")
        assert "proxy-vote" in line.summary
        assert "how do I" not in line.summary  # the topic, never the words

    def test_the_hand_off_of_a_remembered_person_carries_their_number(self, whatsapp, program):
        say(whatsapp, "REMIND", "wamid.1")
        say(whatsapp, "YES", "wamid.2")
        say(whatsapp, UNKNOWN_QUESTION, "wamid.3")
        say(whatsapp, "HUMAN", "wamid.4")
        assert InboxQuestion.objects.get().reply_to == NUMBER


class TestPerks:
    @pytest.fixture
    def offer(self, org_a):
        offer = PerkOfferFactory(organization=org_a, partner_url="https://ride.example/redeem")
        PerkCodeFactory(offer=offer, code="RIDE-AAA")
        PerkCodeFactory(offer=offer, code="RIDE-BBB")
        return offer

    def test_a_code_after_agreeing_and_the_same_code_twice(self, whatsapp, offer):
        asked = say(whatsapp, "CODE", "wamid.1")
        assert "Reply YES" in asked.text
        given = say(whatsapp, "YES", "wamid.2")
        again = say(whatsapp, "code", "wamid.3")
        code = "RIDE-AAA" if "RIDE-AAA" in given.text else "RIDE-BBB"
        assert code in given.text and code in again.text
        assert "one per person" in again.text

    def test_no_offer_open(self, whatsapp):
        assert "no partner offer" in say(whatsapp, "CODE", "wamid.1").text

    def test_an_empty_pool_is_said_clearly(self, whatsapp, org_a):
        PerkOfferFactory(organization=org_a)
        say(whatsapp, "CODE", "wamid.1")
        reply = say(whatsapp, "YES", "wamid.2")
        assert reply.outcome == Turn.Outcome.OPT_IN
        assert "code" in reply.text.lower()
