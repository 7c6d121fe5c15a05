"""An SMS broadcast in a real browser: the live counter while typing, the review with who will
receive it and why others will not, sending, and the progress once sent."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from turnout.messaging.models import Broadcast, MessagingSettings, OutboxMessage
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import ListMembership
from turnout.people.tests.factories import ConsentFactory, PeopleListFactory, PhoneNumberFactory

from .test_browser import label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def test_an_organizer_writes_checks_and_sends_an_sms_broadcast(new_page, site, screenshots_dir):
    org = OrganizationFactory(name="Horizon Commun", slug="horizon-commun", country="FR")
    MessagingSettings.objects.create(organization=org, quiet_hours="", sms_sender="Horizon")
    organizer = MembershipFactory(
        organization=org, role=Role.ORGANIZER, user__email="erwan@example.org"
    ).user
    people_list = PeopleListFactory(organization=org, name="Brest centre")
    for n in range(4):
        phone = PhoneNumberFactory(person__organization=org, number=f"+3361200300{n}")
        if n < 3:
            ConsentFactory(person=phone.person, channel="sms")
        ListMembership.objects.create(people_list=people_list, person=phone.person)

    page = new_page()
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(organizer.email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(rf"/fr/o/{org.slug}/$"))

    page.goto(f"{site}/fr/o/{org.slug}/messages/")
    page.get_by_role("link", name=re.compile(t("New SMS"))).click()
    page.locator("input[name=name]").fill("Rappel du dimanche")
    page.locator("select[name=people_list]").select_option(label="Brest centre")
    text = page.locator("textarea[name=body_fr]")
    text.fill("Bonjour {first_name|}, votez dimanche !")
    counter = page.locator("#counter_fr")
    expect(counter).to_contain_text("1")
    # A euro sign costs two GSM characters; an emoji switches the whole text to Unicode.
    text.fill("Bonjour {first_name|}, votez dimanche ! 🗳")
    expect(counter).to_contain_text("🗳")
    page.screenshot(path=screenshots_dir / "broadcast-form-fr.png", full_page=True)
    text.fill("Bonjour {first_name|}, votez dimanche !")
    page.get_by_role("button", name=t("Save and review")).click()

    broadcast = Broadcast.objects.get()
    expect(page).to_have_url(re.compile(rf"/messages/{broadcast.pk}/$"))
    expect(page.locator(".breakdown-legend")).to_contain_text("3")
    page.screenshot(path=screenshots_dir / "broadcast-review-fr.png", full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=t("Send"), exact=True).click()
    expect(page.locator("figure.breakdown")).to_be_visible()
    broadcast.refresh_from_db()
    page.reload()
    expect(page.get_by_text(re.compile(r"3\D+3"))).to_be_visible()
    page.screenshot(path=screenshots_dir / "broadcast-sent-fr.png", full_page=True)
    assert OutboxMessage.objects.filter(channel="sms").count() == 3
