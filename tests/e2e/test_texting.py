"""Peer-to-peer texting in a real browser: a texter gets contacts, sends first messages with
the keyboard (one key press, one message), the person answers (simulated on the Outbox
screen), and the texter answers with a canned response that also tags and records a survey
answer in the same click."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from turnout.messaging.models import Conversation, Message, OutboxMessage, SurveyAnswer
from turnout.messaging.tests.isolation_texting import texting_campaign
from turnout.messaging.tests.test_texting import TEXTING_MOUNTED
from turnout.messaging.texting import canned_response_add, survey_question_add
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import Tagging

from .test_browser import label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def texting_urls(settings):
    """Until the project's URLconf mounts texting, use the test URLconf that adds it."""
    if not TEXTING_MOUNTED:
        settings.ROOT_URLCONF = "turnout.messaging.tests.test_texting"


def test_a_texter_sends_with_the_keyboard_and_answers_in_one_click(
    new_page, site, screenshots_dir, texting_urls
):
    org = OrganizationFactory(name="Horizon Commun", slug="horizon-commun", country="FR")
    texter = MembershipFactory(
        organization=org,
        role=Role.VOLUNTEER,
        user__email="maelle@example.org",
        user__full_name="Maëlle Quéré",
    ).user
    campaign = texting_campaign(org, people=3, texters=[texter], batch_size=2)
    question = survey_question_add(
        campaign=campaign,
        actor=None,
        text="Vote aux municipales ?",
        choices=["Pour nous", "Indécis", "Contre"],
        reveals_opinion=True,
    )
    canned_response_add(
        campaign=campaign,
        actor=None,
        title="Soutien",
        body="Merci {first_name|} ! À samedi.",
        tag_name="soutien SMS",
        question=question,
        answer="Pour nous",
    )
    base = f"{site}/fr/o/{org.slug}/texting/{campaign.pk}"

    page = new_page()
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(texter.email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(rf"/fr/o/{org.slug}/$"))

    page.goto(f"{base}/send/")
    page.get_by_role("button", name=t("Get contacts")).click()
    first, second = Conversation.objects.filter(texter=texter).order_by("id")
    card = page.locator("#send-card")
    expect(card).to_contain_text(f"Bonjour {first.person.given_name}, c'est Maëlle")
    page.screenshot(path=screenshots_dir / "texting-send-fr.png", full_page=True)

    # "s" sends the message shown; the next contact appears without a page reload.
    page.evaluate("window.__same_page = true")
    page.keyboard.press("s")
    expect(card).to_contain_text(f"Bonjour {second.person.given_name}, c'est Maëlle")
    assert page.evaluate("window.__same_page === true")
    page.keyboard.press("Enter")
    expect(page.locator("#send-card")).to_contain_text(t("No first message to send"))
    assert OutboxMessage.objects.filter(to=[first.phone]).count() == 1
    assert OutboxMessage.objects.filter(to=[second.phone]).count() == 1
    assert Message.objects.filter(conversation__campaign=campaign).count() == 2

    # The person answers: simulated on the Outbox screen.
    sms = OutboxMessage.objects.get(to=[first.phone])
    page.goto(f"{site}/fr/outbox/{sms.pk}/")
    page.get_by_role("textbox", name=t("Reply")).fill("Oui, je vote pour vous !")
    page.get_by_role("button", name=t("Receive this reply")).click()
    expect(page.get_by_role("status").first).to_contain_text(first.phone)

    page.goto(f"{base}/conversations/")
    page.get_by_role("link", name=str(first.person)).click()
    expect(page.get_by_text("Oui, je vote pour vous !")).to_be_visible()
    page.screenshot(path=screenshots_dir / "texting-conversation-fr.png", full_page=True)
    page.get_by_role("button", name="Soutien").click()
    expect(page.get_by_role("status").first).to_contain_text("Soutien")
    expect(page.get_by_text(f"Merci {first.person.given_name} ! À samedi.")).to_be_visible()
    page.screenshot(path=screenshots_dir / "texting-canned-fr.png", full_page=True)

    answer = SurveyAnswer.objects.get(conversation=first)
    assert answer.answer == "Pour nous"
    assert Tagging.objects.filter(person=first.person, tag__name="soutien SMS").exists()
    assert OutboxMessage.objects.filter(to=[first.phone]).count() == 2

    # The organizer follows the campaign live.
    organizer = MembershipFactory(
        organization=org,
        role=Role.ORGANIZER,
        user__email="erwan@example.org",
        user__full_name="Erwan Kerjean",
    ).user
    page = new_page()
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(organizer.email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(rf"/fr/o/{org.slug}/$"))
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(campaign.name)
    expect(page.get_by_role("table")).to_contain_text("Maëlle Quéré")
    expect(page.locator('[data-count="messages.sent"]')).to_have_text("3")
    page.screenshot(path=screenshots_dir / "texting-progress-fr.png", full_page=True)
