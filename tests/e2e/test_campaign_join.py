"""The cooperative campaign of the demo, end to end in a real browser: a new company joins the
live campaign and signs its charter, the initiator approves it, the company personalizes and
downloads the campaign visual (quest 1), publishes it and shares the post link (quest 2), and
shows up on the public wall and the leaderboard. Screenshots illustrate the README."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from turnout.campaigns.demo.core import LIVE
from turnout.campaigns.models import Participation, QuestProgress
from turnout.core.demo import DEMO_PASSWORD
from turnout.organizations.tests.factories import UserFactory

from .test_browser import PASSWORD, label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY = "Brasserie du Léon"
POST = "https://www.linkedin.com/posts/brasserie-du-leon_jevote-activity-7300000000000000001"


def log_in(page, site, email, password):
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(email)
    page.get_by_label(label(t("Password"))).fill(password)
    page.get_by_role("button", name="Connexion").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_new_company_joins_gets_approved_and_completes_two_quests(
    new_page, site, screenshots_dir, settings
):
    settings.TURNOUT_DEMO_SCALE = 0.05
    call_command("seed_demo", stdout=StringIO())
    UserFactory(email="gwen@brasserie-du-leon.example", password=PASSWORD)

    # The company's admin finds the campaign's public page and applies.
    company = new_page()
    log_in(company, site, "gwen@brasserie-du-leon.example", PASSWORD)
    company.goto(f"{site}/fr/c/{LIVE}/")
    company.get_by_role("link", name=t("Join the campaign")).first.click()
    company.get_by_label(t("A new organization")).check()
    company.get_by_label(label(t("Name of the organization"))).fill(COMPANY)
    company.get_by_label(label(t("Kind"))).select_option("company")
    company.get_by_label(label(t("Country"))).select_option("FR")
    company.get_by_label(label(t("Sector"))).select_option("food")
    company.get_by_label("LinkedIn").fill("2400")
    company.get_by_label(label(t("Employees or members"))).fill("35")
    company.get_by_role("button", name=t("Send the application")).click()
    # Without the charter ticked, nothing is lost: the form comes back with what was typed.
    expect(company.get_by_label(label(t("Name of the organization")))).to_have_value(COMPANY)
    company.get_by_label(t("I have read the charter and commit my organization to it.")).check()
    company.screenshot(path=screenshots_dir / "campaign-join-fr.png", full_page=True)
    company.get_by_role("button", name=t("Send the application")).click()
    participation = Participation.objects.get(organization__name=COMPANY)
    assert participation.status == Participation.Status.APPLIED
    assert participation.charter.number == 1 and participation.charter_signed_by.email.startswith(
        "gwen@"
    )

    # The initiator approves it from the moderation queue.
    initiator = new_page()
    log_in(initiator, site, "camille.laurent@voix-citoyennes.fr", DEMO_PASSWORD)
    initiator.goto(f"{site}/fr/o/voix-citoyennes/campaigns/{LIVE}/moderation/")
    application = initiator.locator("article, li, tr, section").filter(has_text=COMPANY).last
    application.get_by_role("button", name=t("Approve")).click()
    expect(initiator.locator("main")).to_contain_text(COMPANY)
    initiator.screenshot(path=screenshots_dir / "campaign-moderation-fr.png", full_page=True)
    participation.refresh_from_db()
    assert participation.status == Participation.Status.APPROVED

    # Quest 1: personalize and download the visual.
    workspace = f"{site}/fr/o/{participation.organization.slug}/campaigns/{LIVE}"
    company.goto(f"{workspace}/")
    company.get_by_role("link", name=t("Our visual")).first.click()
    with company.expect_download() as download:
        company.get_by_role("link", name=re.compile(r"1080\s*[x×]\s*1080")).first.click()
    assert download.value.suggested_filename.endswith(".png")

    # Quest 2: publish it and share the post link, with the visual shown on the wall.
    company.goto(f"{workspace}/contributions/")
    company.get_by_label(t("Post on a social network")).check()
    company.get_by_label(label(t("Network"))).select_option("linkedin")
    company.get_by_label(label(t("Address of the post"))).fill(POST)
    company.get_by_label(label(t("Your personalized visual"))).select_option(index=1)
    company.get_by_role("button", name=t("Add to the wall")).click()
    expect(company.locator("body")).to_contain_text(t("Your contribution is on the campaign wall."))

    company.goto(f"{workspace}/quests/")
    done = QuestProgress.objects.filter(participation=participation, status="done")
    assert set(done.values_list("quest__key", flat=True)) >= {"personalize", "publish"}
    expect(company.locator("main")).to_contain_text("30")  # 10 + 20 points
    company.screenshot(path=screenshots_dir / "campaign-quests-fr.png", full_page=True)

    # The public wall and the leaderboard show the company.
    visitor = new_page()
    visitor.goto(f"{site}/fr/c/{LIVE}/wall/")
    tile = visitor.locator("main").get_by_text(COMPANY).first
    expect(tile).to_be_visible()
    visitor.screenshot(path=screenshots_dir / "campaign-wall-fr.png", full_page=True)
    visitor.goto(f"{site}/fr/c/{LIVE}/leaderboard/")
    expect(visitor.locator("main")).to_contain_text(COMPANY)
    visitor.goto(f"{site}/fr/c/{LIVE}/")
    visitor.screenshot(path=screenshots_dir / "campaign-fr.png", full_page=True)
