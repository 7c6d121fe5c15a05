"""The demo as a newcomer sees it after `make run`: the petition's page, the funnel it feeds
and the journey its signers go through, in French (these screenshots illustrate the README)."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from turnout.actions.demo import SLUG
from turnout.actions.models import Action
from turnout.core.demo import DEMO_PASSWORD
from turnout.journeys.models import Journey

from .test_browser import label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_petition_funnel_and_journey_of_the_demo(new_page, site, screenshots_dir, settings):
    settings.TURNOUT_DEMO_SCALE = 0.05
    call_command("seed_demo", stdout=StringIO())
    petition = Action.objects.get(slug=SLUG)
    journey = Journey.objects.get(organization=petition.organization)
    org = petition.organization.slug

    page = new_page()
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill("camille.laurent@voix-citoyennes.fr")
    page.get_by_label(label(t("Password"))).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(r"/fr/o/"))
    page.goto(f"{site}/fr/o/{org}/")

    page.get_by_role("link", name=t("Actions"), exact=True).click()
    page.get_by_role("link", name=petition.title_text("fr")).first.click()
    expect(page.locator("h1")).to_contain_text(petition.title_text("fr"))
    petition.refresh_from_db()
    expect(page.locator("main")).to_contain_text(str(petition.signature_count))
    page.screenshot(path=screenshots_dir / "action-fr.png", full_page=True)

    page.get_by_role("link", name=t("Funnel"), exact=True).click()
    funnel = page.locator("main svg").first
    expect(funnel).to_be_visible()
    for rung in ("Sympathisant", "Signataire", "Donateur"):
        expect(page.locator("main")).to_contain_text(rung)
    page.screenshot(path=screenshots_dir / "funnel-fr.png", full_page=True)

    page.get_by_role("link", name=t("Journeys"), exact=True).click()
    page.get_by_role("link", name=journey.name).first.click()
    expect(page.locator("h1")).to_contain_text(journey.name)
    expect(page.locator("main")).to_contain_text(re.compile(r"A\s*/\s*\d+\s*%\s*B"))
    page.screenshot(path=screenshots_dir / "journey-fr.png", full_page=True)
