"""Giving on a fundraising page, in a real browser.

A crowdfunding page like the demo's (an association of general interest, co-branded with a
cooperative campaign): a person picks 35 €, sees what it costs after the tax reduction, fills
in their details, pays with the local test provider and lands on the thank-you page; the
thermometer has moved. Then the same page embedded on another site with the one-line script:
the form in the frame sends the donor to the checkout in the whole window, not in the frame.
The pages are in French; screenshots are kept.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from turnout.campaigns.tests.factories import CampaignFactory
from turnout.donations.models import Donation, ProfileKind
from turnout.donations.tests.factories import FundraisingPageFactory, LegalProfileFactory
from turnout.organizations.tests.factories import OrganizationFactory
from turnout.people.models import Consent

from .test_browser import PHONE, assert_no_sideways_scroll, label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Financez Vote Anyway 2027"
STORY = (
    "Affiches, tracts, salles, déplacements : une campagne pour faire voter coûte cher.\n\n"
    "Avec un don moyen de 35 €, 3 400 personnes suffisent."
)
THANK_YOU = "Merci ! Chaque euro va à la campagne, et votre reçu fiscal suit."
HOST_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Le journal de l'asso</title></head>
<body style="font-family: sans-serif; margin: 2rem">
  <h1>Le journal de l'asso</h1>
  <p>Soutenez la campagne : chaque don compte.</p>
  {embed}
</body>
</html>
"""


def crowdfunding_page(**fields):
    org = OrganizationFactory(name="Voix Citoyennes", slug="voix-citoyennes", country="FR")
    LegalProfileFactory(organization=org, kind=ProfileKind.FR_ASSOCIATION)
    campaign = CampaignFactory(
        organization=org, slug="presidentielle-2027", name={"fr": "Présidentielle 2027 : j'y vote"}
    )
    return FundraisingPageFactory(
        organization=org,
        slug="financez-2027",
        title={"fr": TITLE, "en": "Fund Vote Anyway 2027"},
        story={"fr": STORY},
        thank_you={"fr": THANK_YOU},
        goal_cents=12_000_000,
        raised_cents=4_215_000,
        donation_count=1180,
        campaign=campaign,
        **fields,
    )


# The consent box's text in French, as the page shows it (with the organization's name).
CONSENT = t(
    "Yes, %(organization)s may keep me informed by email of its campaigns and calls to "
    "action. I can stop at any time."
)


def amount_button(page, euros: int):
    return page.locator("label.choice-button").filter(has_text=re.compile(rf"^\s*{euros}\s€"))


def fill_details(scope, *, email: str) -> None:
    scope.get_by_label(label(t("First name"))).fill("Maëlle")
    scope.get_by_label(label(t("Last name"))).fill("Le Bihan")
    scope.get_by_label(label(t("Email"))).fill(email)
    scope.get_by_label(label(t("Street address"))).fill("3 rue de Brest")
    scope.get_by_label(label(t("Postal code"))).fill("29000")
    scope.get_by_label(label(t("Town"))).fill("Quimper")


def test_pick_35_euros_pay_with_the_test_provider_and_be_thanked(new_page, site, screenshots_dir):
    fundraiser = crowdfunding_page()
    page = new_page()
    page.goto(f"{site}/fr/give/{fundraiser.slug}/?source=newsletter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".thermometer-raised")).to_contain_text("42 150 €")
    expect(page.get_by_text(t("Test payments — no money moves"))).to_be_visible()
    # The middle amount is selected first; the cost after the tax reduction follows.
    expect(page.locator("input[name=amount][value='5000']")).to_be_checked()
    expect(page.locator("[data-tax-cost]")).to_have_text("17\u00a0€")
    amount_button(page, 35).click()
    expect(page.locator("input[name=amount][value='3500']")).to_be_checked()
    expect(page.locator("[data-tax-cost]")).to_have_text("11,90\u00a0€")
    # Keyboard: the amounts are radio buttons, arrows move the choice.
    page.keyboard.press("ArrowRight")
    expect(page.locator("input[name=amount][value='5000']")).to_be_checked()
    page.keyboard.press("ArrowLeft")
    expect(page.locator("input[name=amount][value='3500']")).to_be_checked()
    fill_details(page, email="maelle@example.org")
    consent_label = CONSENT % {"organization": "Voix Citoyennes"}
    page.get_by_label(re.compile(re.escape(consent_label[:40]))).check()
    page.screenshot(path=screenshots_dir / "donate-page-fr.png", full_page=True)

    page.get_by_role("button", name=t("Give now")).click()
    expect(page).to_have_url(re.compile(r"/fr/donate/test-checkout/"))
    expect(page.get_by_text(t("Test payments — no money moves"))).to_be_visible()
    page.screenshot(path=screenshots_dir / "donate-test-checkout-fr.png", full_page=True)
    page.get_by_role("button", name=t("Pay")).click()

    expect(page).to_have_url(re.compile(rf"/fr/give/{fundraiser.slug}/thanks/\?d="))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Thank you!"))
    expect(page.get_by_text(THANK_YOU)).to_be_visible()
    expect(page.locator(".thermometer-raised")).to_contain_text("42 185 €")
    expect(page.locator(".share-links a")).to_have_count(6)
    page.screenshot(path=screenshots_dir / "donate-thanks-fr.png", full_page=True)

    donation = Donation.objects.get()
    assert (donation.status, donation.amount_cents, donation.source_code) == (
        "succeeded", 3500, "newsletter"
    )  # fmt: skip
    assert donation.tax_address["locality"] == "Quimper"
    fundraiser.refresh_from_db()
    assert (fundraiser.raised_cents, fundraiser.donation_count) == (4_218_500, 1181)
    consent = Consent.objects.get(person=donation.person, current=True)
    assert consent.notice_text == CONSENT % {"organization": "Voix Citoyennes"}

    # On a phone, the page fits the screen.
    phone = new_page(viewport=PHONE)
    phone.goto(f"{site}/fr/give/{fundraiser.slug}/")
    assert_no_sideways_scroll(phone)
    phone.screenshot(path=screenshots_dir / "donate-page-phone-fr.png", full_page=True)


def test_the_widget_on_another_site_opens_the_checkout_in_the_whole_window(
    new_page, site, other_site, screenshots_dir
):
    fundraiser = crowdfunding_page(frame_ancestors=other_site.origin)
    widget = f"{site}/fr/give/{fundraiser.slug}/widget.js"
    host = other_site.serve(
        "/soutien.html", HOST_PAGE.format(embed=f'<script src="{widget}" async></script>')
    )
    page = new_page()
    page.goto(host + "?utm_source=journal")
    frame = page.frame_locator(f'iframe[title="{TITLE}"]')
    expect(frame.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The script fits the frame to the form (no scroll bar inside the frame).
    frame_box = page.locator("iframe").first
    expect(frame_box).to_have_attribute("style", re.compile(r"height: (1[0-9]{3}|[2-4][0-9]{3})px"))
    frame.locator("label.choice-button").filter(has_text=re.compile(r"^\s*15\s€")).click()
    fill_details(frame, email="yann@example.org")
    page.screenshot(path=screenshots_dir / "donate-widget-fr.png")
    frame.get_by_role("button", name=t("Give now")).click()

    # The whole window went to the checkout; the other site's page is gone.
    expect(page).to_have_url(re.compile(rf"^{re.escape(site)}/fr/donate/test-checkout/"))
    page.get_by_role("button", name=t("Pay")).click()
    expect(page).to_have_url(re.compile(rf"/fr/give/{fundraiser.slug}/thanks/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Thank you!"))
    donation = Donation.objects.get()
    assert (donation.amount_cents, donation.utm_source, donation.status) == (
        1500, "journal", "succeeded"
    )  # fmt: skip
