"""The Alexa skill end to end: signed requests to the endpoint, answers read aloud."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from turnout.assistant.channels import alexa
from turnout.assistant.channels.fakealexa import FakeAlexa
from turnout.assistant.models import Channel, Turn
from turnout.assistant.tests.channels_helpers import (
    PROXY_SOURCE,
    UNKNOWN_QUESTION,
    channel,
    knowledge_base,
)

APP_ID = "amzn1.ask.skill.0000-turnout"

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb(org_a):
    return knowledge_base(org_a)


@pytest.fixture(scope="module")
def fake():
    with FakeAlexa() as server:
        yield server


@pytest.fixture(autouse=True)
def configured(fake):
    alexa.chain_cache_clear()
    with override_settings(TURNOUT_ALEXA=fake.settings()):
        yield
    alexa.chain_cache_clear()


@pytest.fixture
def skill(org_a, kb):
    return channel(org_a, Channel.VOICE, APP_ID, display_name="Le Quotidien", language="en")


def post(client, call):
    return client.generic(
        "POST",
        reverse("assistant_hooks:alexa"),
        call.body,
        content_type="application/json",
        headers=call.headers,
    )


def speech(response) -> str:
    return response.json()["response"]["outputSpeech"]["text"]


def test_launch_greets_with_the_skills_name(client, fake, skill):
    payload = fake.payload(fake.request("LaunchRequest", locale="en-US"), app_id=APP_ID)
    response = post(client, fake.call(payload))
    assert response.status_code == 200
    assert "Le Quotidien" in speech(response)
    assert response.json()["response"]["shouldEndSession"] is False


def test_a_question_is_answered_aloud_without_urls_and_the_source_on_the_card(client, fake, skill):
    payload = fake.intent(
        "AskQuestion", app_id=APP_ID, question="how do I vote by proxy", locale="en-US"
    )
    response = post(client, fake.call(payload))
    body = response.json()["response"]
    assert "http" not in body["outputSpeech"]["text"]
    assert "proxy" in body["outputSpeech"]["text"]
    assert "Alexa app card" in body["outputSpeech"]["text"]
    assert body["card"]["type"] == "Simple"
    assert PROXY_SOURCE in body["card"]["content"]
    turn = Turn.objects.get()
    assert turn.conversation.channel == Channel.VOICE and turn.entry_slug == "proxy-vote"


def test_a_replayed_request_is_recorded_once(client, fake, skill):
    payload = fake.intent(
        "AskQuestion", app_id=APP_ID, question="how do I vote by proxy", locale="en-US"
    )
    call = fake.call(payload)
    first = post(client, call)
    second = post(client, call)
    assert speech(first) == speech(second)
    assert Turn.objects.count() == 1


def test_unknown_questions_help_stop_and_session_end(client, fake, skill):
    unknown = post(
        client,
        fake.call(
            fake.intent("AskQuestion", app_id=APP_ID, question=UNKNOWN_QUESTION, locale="en-US")
        ),
    )
    assert unknown.status_code == 200 and "http" not in speech(unknown)
    help_ = post(client, fake.call(fake.intent("AMAZON.HelpIntent", app_id=APP_ID, locale="en-US")))
    assert help_.json()["response"]["shouldEndSession"] is False
    stop = post(client, fake.call(fake.intent("AMAZON.StopIntent", app_id=APP_ID, locale="en-US")))
    assert stop.json()["response"]["shouldEndSession"] is True
    empty = post(client, fake.call(fake.intent("AskQuestion", app_id=APP_ID, locale="en-US")))
    assert "did not understand" in speech(empty)
    ended = fake.payload(
        fake.request("SessionEndedRequest", reason="USER_INITIATED"), app_id=APP_ID
    )
    assert post(client, fake.call(ended)).json() == {"version": "1.0", "response": {}}


def test_french_locale_answers_in_french(client, fake, skill, org_a):
    knowledge_base(org_a, language="fr")
    payload = fake.intent(
        "AskQuestion", app_id=APP_ID, question="comment voter par procuration", locale="fr-FR"
    )
    response = post(client, fake.call(payload))
    assert "procuration" in speech(response)


def test_another_skill_is_refused(client, fake, skill):
    payload = fake.intent("AMAZON.HelpIntent", app_id="amzn1.ask.skill.someone-else")
    assert post(client, fake.call(payload)).status_code == 400


def test_a_bad_signature_is_refused_and_nothing_stored(client, fake, skill):
    payload = fake.intent("AskQuestion", app_id=APP_ID, question="how do I vote by proxy")
    call = fake.call(payload)
    tampered = type(call)(call.body.replace(b"proxy", b"proxi"), call.headers)
    assert post(client, tampered).status_code == 400
    assert not Turn.objects.exists()


def test_the_shipped_interaction_models_declare_the_question_slot():
    from pathlib import Path

    folder = Path(alexa.__file__).parent / "alexa_models"
    for locale in ("fr-FR", "en-US", "de-DE"):
        model = json.loads((folder / f"{locale}.json").read_text())["interactionModel"]
        intents = {i["name"]: i for i in model["languageModel"]["intents"]}
        ask = intents["AskQuestion"]
        assert ask["slots"] == [{"name": "question", "type": "AMAZON.SearchQuery"}]
        assert all("{question}" in s and s != "{question}" for s in ask["samples"])
        assert {"AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                "AMAZON.FallbackIntent"} <= set(intents)  # fmt: skip
