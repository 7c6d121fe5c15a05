"""WhatsApp Cloud API channel: signed webhooks in, replies on a loopback fake Graph API."""

import json
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from turnout.assistant.models import Channel, Conversation, Turn
from turnout.assistant.tests.channels_helpers import (
    PROXY_ANSWER,
    PROXY_SOURCE,
    UNKNOWN_QUESTION,
    channel,
    knowledge_base,
)
from turnout.core.tests.clock import clock  # noqa: F401
from turnout.messaging import fakewhatsapp
from turnout.messaging.fakewhatsapp import FakeWhatsAppServer, notification, signed_call
from turnout.messaging.providers.whatsapp import parse_notification

NUMBER = "+33612345678"
NUMBER_ID = "1098765"

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb(org_a):
    return knowledge_base(org_a)


@pytest.fixture(scope="module")
def graph():
    with FakeWhatsAppServer() as server:
        yield server


@pytest.fixture
def configured(graph):
    graph.sent.clear()
    graph.number_errors.clear()
    with override_settings(TURNOUT_WHATSAPP=graph.settings()):
        yield graph


@pytest.fixture
def account(org_a, kb):
    return channel(org_a, Channel.WHATSAPP, NUMBER_ID, display_name="Le Quotidien")


def url():
    return reverse("assistant_hooks:whatsapp")


def post(client, payload, capture, **kwargs):
    call = signed_call("http://testserver" + url(), payload, **kwargs)
    with capture(execute=True):
        return client.generic(
            "POST", url(), call.body, content_type="application/json", headers=call.headers
        )


# --- Subscription handshake ------------------------------------------------------------------


def test_the_verification_request_gets_the_challenge(client, configured):
    response = client.get(
        url(),
        {
            "hub.mode": "subscribe",
            "hub.verify_token": fakewhatsapp.VERIFY_TOKEN,
            "hub.challenge": "1158201444",
        },
    )
    assert response.status_code == 200
    assert response.content == b"1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": fakewhatsapp.VERIFY_TOKEN},
        {},
    ],
)
def test_a_wrong_verification_request_is_refused(client, configured, params):
    assert client.get(url(), params).status_code == 403


def test_the_channel_is_off_without_an_app_secret(client):
    with override_settings(TURNOUT_WHATSAPP={"app_secret": ""}):
        assert client.get(url(), {"hub.mode": "subscribe"}).status_code == 404


# --- Messages --------------------------------------------------------------------------------


def test_a_question_gets_its_answer_with_the_source_from_our_number(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, text="vote by proxy?")
    response = post(client, payload, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    [sent] = configured.sent
    assert sent.phone_number_id == NUMBER_ID
    assert sent.to == "33612345678"
    assert PROXY_ANSWER in sent.body
    assert PROXY_SOURCE in sent.body and "2026-10-01" in sent.body
    assert "Le Quotidien" in sent.body  # the partner's name in the greeting
    conversation = Conversation.objects.get()
    assert conversation.channel == Channel.WHATSAPP and conversation.account == account
    assert "outbox" in conversation.state and not conversation.state["outbox"]


def test_a_replayed_notification_sends_nothing_again(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = notification(
        phone_number_id=NUMBER_ID, sender=NUMBER, text="vote by proxy?", message_id="wamid.X1"
    )
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert len(configured.sent) == 1
    assert Turn.objects.count() == 1


def test_a_bad_signature_is_refused_and_nothing_is_stored(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, text="vote by proxy?")
    response = post(client, payload, django_capture_on_commit_callbacks, app_secret="not-ours")
    assert response.status_code == 403
    call = signed_call("http://testserver" + url(), payload)
    unsigned = client.generic("POST", url(), call.body, content_type="application/json")
    assert unsigned.status_code == 403
    tampered = call.with_body(call.body.replace(b"vote by proxy", b"vote by prox!"))
    response = client.generic(
        "POST", url(), tampered.body, content_type="application/json", headers=tampered.headers
    )
    assert response.status_code == 403
    assert not Conversation.objects.exists() and not configured.sent


def test_an_old_message_is_ignored(client, configured, account, django_capture_on_commit_callbacks):
    payload = notification(
        phone_number_id=NUMBER_ID,
        sender=NUMBER,
        text="vote by proxy?",
        timestamp=int(time.time()) - 2 * 3600,
    )
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert not Turn.objects.exists() and not configured.sent


def test_an_unknown_phone_number_id_is_acknowledged_and_ignored(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = notification(phone_number_id="555", sender=NUMBER, text="vote by proxy?")
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert not Turn.objects.exists() and not configured.sent


def test_an_inactive_channel_is_ignored(
    client, configured, account, django_capture_on_commit_callbacks
):
    account.active = False
    account.save()
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, text="vote by proxy?")
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert not configured.sent


def test_a_picture_gets_a_text_only_reply(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, kind="image")
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    [sent] = configured.sent
    assert "only read text" in sent.body
    assert Turn.objects.get().outcome == Turn.Outcome.REJECTED


@pytest.mark.parametrize("text", ["", "x" * 5000, "\x00\x01\x02binary"])
def test_empty_huge_and_binary_messages_get_a_clear_reply(
    client, configured, account, django_capture_on_commit_callbacks, text
):
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, text=text)
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    [sent] = configured.sent
    assert Turn.objects.get().outcome == Turn.Outcome.REJECTED
    assert len(sent.body) < 1000


def test_an_unknown_question_offers_a_human(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, text=UNKNOWN_QUESTION)
    post(client, payload, django_capture_on_commit_callbacks)
    assert "HUMAN" in configured.sent[0].body


def test_a_refusal_by_the_graph_api_does_not_break_the_webhook(
    client, configured, account, django_capture_on_commit_callbacks
):
    configured.number_errors[NUMBER] = 131026
    payload = notification(phone_number_id=NUMBER_ID, sender=NUMBER, text="vote by proxy?")
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert not configured.sent
    # The number is not kept for a later retry.
    assert NUMBER not in json.dumps(Conversation.objects.get().state)


def test_a_body_that_is_not_a_notification_is_refused(client, configured, account):
    call = signed_call("http://testserver" + url(), b"[1, 2]")
    response = client.generic(
        "POST", url(), call.body, content_type="application/json", headers=call.headers
    )
    assert response.status_code == 403


def test_statuses_are_read_and_do_not_answer(
    client, configured, account, django_capture_on_commit_callbacks
):
    payload = fakewhatsapp.status_notification(phone_number_id=NUMBER_ID, message_id="wamid.Y")
    assert parse_notification(json.dumps(payload).encode()).statuses[0].status == "delivered"
    assert post(client, payload, django_capture_on_commit_callbacks).status_code == 200
    assert not configured.sent and not Turn.objects.exists()
