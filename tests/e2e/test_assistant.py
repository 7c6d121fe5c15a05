"""The voter-information assistant in a real browser.

A visitor on a phone asks how to vote by proxy and gets the knowledge base's answer with its
official source and verification date; a question the assistant does not know is passed to an
organizer with the visitor's email. The organizer answers it from the inbox (the answer goes
out by email) and turns it into a new entry, which the assistant then uses."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from turnout.assistant.answering import answer
from turnout.assistant.models import Entry, InboxQuestion
from turnout.assistant.services.knowledge import knowledge_base_install
from turnout.assistant.tests.factories import ElectionFactory
from turnout.messaging.models import Message
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory

from .conftest import PHONE
from .test_browser import label

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_a_visitor_asks_and_an_organizer_answers_what_the_assistant_did_not_know(
    new_page, site, screenshots_dir
):
    org = OrganizationFactory(name="Voix Citoyennes", slug="voix-citoyennes", country="FR")
    owner = MembershipFactory(
        organization=org, role=Role.OWNER, user__email="camille@example.org"
    ).user
    knowledge_base_install(organization=org, country="FR", actor=owner)
    ElectionFactory(organization=org, country="FR", slug="presidentielle", date=date(2027, 4, 11))

    # The visitor, on a phone.
    page = new_page(PHONE)
    page.goto(f"{site}/en/ask/{org.slug}/")
    page.get_by_label(label("Your question")).fill("how do I vote by proxy if I'm away")
    page.get_by_role("button", name="Ask", exact=True).click()
    last = page.locator(".chat-answer").last
    expect(last).to_contain_text("maprocuration.gouv.fr")
    expect(last.locator(".chat-source a")).to_have_attribute("href", re.compile(r"^https://"))
    expect(last.locator(".chat-source")).to_contain_text("last verified")
    page.screenshot(path=screenshots_dir / "assistant-answer-phone.png", full_page=True)

    page.get_by_label(label("Your question")).fill("are the buses free on election day?")
    page.get_by_role("button", name="Ask", exact=True).click()
    last = page.locator(".chat-answer").last
    expect(last).to_contain_text("I don't know")
    last.get_by_text("Pass my question to a person").click()
    last.get_by_label(label("Email (optional)")).fill("lea@example.org")
    last.get_by_label(re.compile("keeps this address")).check()
    last.get_by_role("button", name="Send to an organizer").click()
    expect(page.get_by_role("status").first).to_be_visible()
    question = InboxQuestion.objects.get(organization=org)
    assert "buses" in question.question and question.reply_to == "lea@example.org"

    # The organizer answers from the inbox, then turns the answer into an entry.
    desk = new_page()
    desk.goto(f"{site}/en/accounts/login/")
    desk.get_by_label(label("Email")).fill(owner.email)
    desk.get_by_label(label("Password")).fill(PASSWORD)
    desk.get_by_role("button", name="Sign In").click()
    desk.goto(f"{site}/en/o/{org.slug}/assistant/inbox/")
    desk.get_by_role("link", name=re.compile("buses")).first.click()
    desk.get_by_label(label("Your answer")).fill(
        "City buses are not free on election day; the town hall runs a shuttle for people "
        "with reduced mobility, booked at the town hall."
    )
    desk.get_by_role("button", name="Save the answer").click()
    expect(desk.locator("h1")).to_contain_text("Answered")
    assert Message.objects.filter(to_address="lea@example.org").count() == 1
    desk.screenshot(path=screenshots_dir / "assistant-inbox-answered.png", full_page=True)

    desk.get_by_role("link", name="Turn into an entry").click()
    expect(desk.get_by_label(label("Main question"))).to_have_value(re.compile("buses"))
    desk.get_by_label(label("Stable name")).fill("buses-on-election-day")
    desk.get_by_label(label("Official source")).fill("https://www.service-public.fr/")
    desk.get_by_role("button", name=re.compile("^Save")).first.click()
    entry = Entry.objects.get(organization=org, slug="buses-on-election-day")
    question.refresh_from_db()
    assert question.entry == entry
    got = answer(organization=org, question="are the buses free on election day?",
                 language="en", country="FR")  # fmt: skip
    assert got.slug == "buses-on-election-day"
