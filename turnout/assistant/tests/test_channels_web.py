"""The public assistant page, its JSON endpoint, the embed and widget, hand-off and reminders."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from turnout.assistant.models import Channel, Conversation, InboxQuestion, Turn
from turnout.assistant.tests.channels_helpers import (
    PROXY_ANSWER,
    PROXY_SOURCE,
    UNKNOWN_QUESTION,
    channel,
    knowledge_base,
)
from turnout.core.tests.clock import clock  # noqa: F401
from turnout.gotv.models import ReminderSubscription
from turnout.gotv.tests.factories import ReminderProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb(org_a):
    return knowledge_base(org_a)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def url(name, org, language="en"):
    with translation.override(language):
        return reverse(f"assistant_public:{name}", args=[org.slug])


def hidden(response, name):
    match = re.search(rf'name="{name}" value="([^"]*)"', response.content.decode())
    return match.group(1) if match else ""


def ask(client, org, question, page=None, **extra):
    page = page or client.get(url("ask", org))
    data = {
        "question": question,
        "visitor": hidden(page, "visitor"),
        "message": hidden(page, "message"),
        "country": "FR",
        "election": "",
        **extra,
    }
    return client.post(url("ask", org), data)


@pytest.mark.parametrize("language", ["fr", "en", "de"])
def test_the_page_opens_in_each_language(client, org_a, kb, language):
    response = client.get(url("ask", org_a, language))
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()
    assert 'name="visitor"' in response.content.decode()


def test_a_question_shows_the_answer_its_source_and_last_verified_without_javascript(
    client, org_a, kb
):
    response = ask(client, org_a, "how do I vote by proxy?")
    page = response.content.decode()
    assert response.status_code == 200
    assert PROXY_ANSWER in page
    assert PROXY_SOURCE in page
    assert "last verified 2026-10-01" in page
    # The conversation goes on in the same form.
    second = ask(client, org_a, "which ID documents?", page=response)
    assert PROXY_ANSWER in second.content.decode()
    assert Conversation.objects.count() == 1
    assert Turn.objects.count() == 2


def test_sending_the_same_form_twice_records_one_turn(client, org_a, kb):
    page = client.get(url("ask", org_a))
    ask(client, org_a, "how do I vote by proxy?", page=page)
    ask(client, org_a, "how do I vote by proxy?", page=page)
    assert Turn.objects.count() == 1


@pytest.mark.parametrize(("text", "error"), [("", "question"), ("y" * 600, "too long")])
def test_bad_input_is_shown_next_to_the_field_and_kept(client, org_a, kb, text, error):
    response = ask(client, org_a, text)
    assert response.status_code == 400
    page = response.content.decode()
    assert error in page.lower()
    if text:
        assert 'value="' + text[:500] in page  # what was typed is still there


def test_the_json_endpoint_answers_for_the_chat_script(client, org_a, kb):
    page = client.get(url("ask", org_a))
    response = client.post(
        url("messages", org_a),
        json.dumps(
            {
                "question": "how do I vote by proxy?",
                "visitor": hidden(page, "visitor"),
                "message": "m1",
                "country": "FR",
            }
        ),
        content_type="application/json",
    )
    data = response.json()
    assert response.status_code == 200
    assert data["entry"] == "proxy-vote"
    assert data["sources"][0]["url"] == PROXY_SOURCE
    assert data["answer"].startswith(PROXY_ANSWER[:20])
    assert not data["handoff"] and not data["rejected"]
    unknown = client.post(
        url("messages", org_a),
        json.dumps({"question": UNKNOWN_QUESTION, "visitor": data["visitor"], "message": "m2"}),
        content_type="application/json",
    ).json()
    assert unknown["handoff"] and unknown["entry"] is None
    bad = client.post(url("messages", org_a), "not json", content_type="application/json")
    assert bad.status_code == 400


def test_questions_are_rate_limited_per_address(client, org_a, kb):
    with override_settings(TURNOUT_ASSISTANT_WEB_RATE=2):
        page = client.get(url("ask", org_a))
        assert ask(client, org_a, "proxy?", page=page).status_code == 200
        assert ask(client, org_a, "proxy?", page=page).status_code == 200
        limited = ask(client, org_a, "proxy?", page=page)
        assert limited.status_code == 429
        assert int(limited["Retry-After"]) > 0
        json_limited = client.post(url("messages", org_a), "{}", content_type="application/json")
        assert json_limited.status_code == 429 and "Retry-After" in json_limited


class TestHandoff:
    def unknown(self, client, org):
        response = ask(client, org, UNKNOWN_QUESTION)
        assert "Pass my question to a person" in response.content.decode()
        return response, Turn.objects.get()

    def test_anonymous_hand_off(self, client, org_a, kb):
        page, turn = self.unknown(client, org_a)
        response = client.post(
            url("handoff", org_a), {"visitor": hidden(page, "visitor"), "turn": turn.pk}
        )
        assert response.status_code == 200
        question = InboxQuestion.objects.get()
        assert question.question == UNKNOWN_QUESTION and question.reply_to == ""

    def test_an_address_without_consent_is_refused_next_to_the_box(self, client, org_a, kb):
        page, turn = self.unknown(client, org_a)
        response = client.post(
            url("handoff", org_a),
            {"visitor": hidden(page, "visitor"), "turn": turn.pk, "email": "camille@example.org"},
        )
        assert response.status_code == 400
        assert "Tick this box" in response.content.decode()
        assert "camille@example.org" in response.content.decode()
        assert not InboxQuestion.objects.exists()

    def test_with_an_email_and_consent_the_organizer_can_write_back(self, client, org_a, kb):
        page, turn = self.unknown(client, org_a)
        client.post(
            url("handoff", org_a),
            {
                "visitor": hidden(page, "visitor"),
                "turn": turn.pk,
                "email": "Camille@Example.org",
                "consent": "on",
            },
        )
        question = InboxQuestion.objects.get()
        assert question.reply_to == "camille@example.org"
        conversation = Conversation.objects.get()
        assert conversation.remember and conversation.person is not None

    def test_another_visitors_turn_cannot_be_handed_off(self, client, org_a, kb):
        _page, turn = self.unknown(client, org_a)
        stranger = client.get(url("ask", org_a))
        response = client.post(
            url("handoff", org_a), {"visitor": hidden(stranger, "visitor"), "turn": turn.pk}
        )
        assert response.status_code == 400
        assert not InboxQuestion.objects.exists()


def test_the_reminder_form_subscribes_with_the_text_shown(client, org_a, kb):
    program = ReminderProgramFactory(organization=org_a)
    page = client.get(url("ask", org_a), {"country": "FR", "election": program.election.slug})
    text = page.content.decode()
    assert "Remind me" in text
    missing = client.post(
        url("remind", org_a),
        {"visitor": hidden(page, "visitor"), "country": "FR", "election": program.election.slug,
         "email": "camille@example.org"},
    )  # fmt: skip
    assert missing.status_code == 400
    assert "Tick this box" in missing.content.decode()
    done = client.post(
        url("remind", org_a),
        {"visitor": hidden(page, "visitor"), "country": "FR", "election": program.election.slug,
         "email": "camille@example.org", "consent": "on"},
    )  # fmt: skip
    assert done.status_code == 200
    subscription = ReminderSubscription.objects.get()
    assert subscription.channel == "email"
    assert subscription.consent_text in text.replace("&#x27;", "'")


def test_the_embed_may_be_framed_by_the_allowed_sites_only(client, org_a, kb):
    channel(org_a, Channel.WEB, "web", options={"frame_ancestors": ["https://journal.example"]})
    response = client.get(url("embed", org_a))
    assert response.status_code == 200
    policy = response.get("Content-Security-Policy", "")
    assert "frame-ancestors https://journal.example" in policy
    assert "X-Frame-Options" not in response
    page = client.get(url("ask", org_a))
    assert "frame-ancestors 'none'" in page.get("Content-Security-Policy", "")


def test_the_widget_script_inserts_the_embed(client, org_a, kb):
    response = client.get(url("widget", org_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert url("embed", org_a) in response.content.decode()


def test_unknown_or_closed_organizations_are_404(client, org_a, kb):
    assert client.get("/en/ask/nobody-here/").status_code == 404
    channel(org_a, Channel.WEB, "web", active=False)
    assert client.get(url("ask", org_a)).status_code == 404


def test_the_public_page_shows_visitors_no_workspace_menu(client, kb, org_a):
    body = client.get(url("ask", org_a)).content.decode()
    assert "Ask Voix Citoyennes about voting" in body
    assert "Broadcasts" not in body and "/o/voix-citoyennes/" not in body
