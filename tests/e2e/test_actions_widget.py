"""Signing a petition from another web site, in a real browser.

A separate local site (127.0.0.1 on its own port: another origin than the live server) embeds
the petition with the one-line script, or with a plain iframe. A person signs inside the frame,
confirms by the link of the email (opening it only shows a button; the click confirms), and an
organizer finds them in the CRM with the consent text they were shown. The pages are in French.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from turnout.actions.models import Action, Submission
from turnout.actions.tests.factories import ActionFactory
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import Channel, Consent, Person

from .test_browser import label, last_mail_to, link_in, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
PENDING = (
    "One more step: we sent you an email. Open the link in it and press the button to confirm; "
    "only then is your signature counted."
)
TITLE = "Des pistes cyclables sûres sur le pont de la Rotonde"
CONSENT = "J'accepte de recevoir par e-mail les nouvelles de Vélo Cité Nantes."
THANK_YOU = "Merci ! Parlez-en à vos voisins : chaque signature compte."
HOST_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head><meta charset="utf-8"><title>Le blog du quartier</title></head>
<body style="font-family: sans-serif; margin: 2rem">
  <h1>Le blog du quartier</h1>
  <p>Le pont de la Rotonde est dangereux à vélo. Signez la pétition ci-dessous.</p>
  {embed}
  <p>Publié par l'association des habitants.</p>
</body>
</html>
"""


def petition(org, slug: str, **fields) -> Action:
    return ActionFactory(
        organization=org,
        slug=slug,
        title={"fr": TITLE, "en": "Safe cycle lanes on the Rotonde bridge"},
        consent_text={"fr": CONSENT, "en": "I agree to receive news by email."},
        thank_you={"fr": THANK_YOU},
        **fields,
    )


def sign_in_frame(frame, *, email: str) -> None:
    """Fill the sign form inside the frame as a person would, consent box ticked."""
    frame.get_by_label(label(t("First name"))).fill("Maëlle")
    frame.get_by_label(label(t("Last name"))).fill("Le Bihan")
    frame.get_by_label(label(t("Email"))).fill(email)
    frame.get_by_label(label(t("Postal code"))).fill("44000")
    frame.get_by_label(CONSENT).check()


def log_in(page, site: str, email: str, org_slug: str) -> None:
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).to_have_url(re.compile(rf"/fr/o/{org_slug}/$"))


def test_sign_through_the_widget_on_another_site_confirm_by_email_and_find_the_person(
    new_page, site, other_site, mailoutbox, screenshots_dir
):
    org = OrganizationFactory(name="Vélo Cité Nantes", slug="velo-cite-nantes", country="FR")
    organizer = MembershipFactory(
        organization=org, role=Role.ORGANIZER, user__email="gwen@example.org"
    ).user
    action = petition(
        org, "pont-de-la-rotonde", double_opt_in=True, frame_ancestors=other_site.origin
    )
    email = "maelle.lebihan@example.org"
    widget = f"{site}/fr/a/{action.slug}/widget.js"
    host = other_site.serve(
        "/blog/pont.html", HOST_PAGE.format(embed=f'<script src="{widget}" async></script>')
    )

    # --- On the other site, the one-line script has put the form in a frame --------------------
    page = new_page()
    page.goto(host)
    expect(page.get_by_role("heading", level=1)).to_have_text("Le blog du quartier")
    frame_element = page.locator(f'iframe[title="{TITLE}"]')
    expect(frame_element).to_have_attribute("src", f"{site}/fr/a/{action.slug}/embed/")
    frame = page.frame_locator(f'iframe[title="{TITLE}"]')
    expect(frame.get_by_role("heading", level=1)).to_have_text(TITLE)
    sign_in_frame(frame, email=email)
    page.screenshot(path=screenshots_dir / "widget-fr.png", full_page=True)
    frame.get_by_role("button", name=t("Sign")).click()

    # Thanked inside the frame, and asked to confirm by email; nothing counted yet.
    expect(frame.get_by_role("heading", level=1)).to_have_text(t("Thank you!"))
    expect(frame.get_by_text(t(PENDING))).to_be_visible()
    expect(frame.get_by_text(THANK_YOU)).to_be_visible()
    assert page.url == host  # the other site's page stays where it was
    page.screenshot(path=screenshots_dir / "widget-pending-fr.png", full_page=True)
    submission = Submission.objects.get(action=action)
    assert submission.status == Submission.Status.PENDING
    assert submission.language == "fr"
    action.refresh_from_db()
    assert action.signature_count == 0

    # --- The link of the email: opening it shows a button, only the click confirms -------------
    mail = last_mail_to(mailoutbox, email, f"/a/{action.slug}/confirm/")
    assert TITLE in mail.subject
    link = link_in(mail, rf"{re.escape(site)}/fr/a/{action.slug}/confirm/[^\s/]+/")
    mail_page = new_page()
    mail_page.goto(link)
    expect(mail_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    confirm = mail_page.get_by_role("button", name=t("Confirm my signature"))
    expect(confirm).to_be_visible()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING  # a GET (a link scanner) confirms nothing
    mail_page.screenshot(path=screenshots_dir / "widget-confirm-fr.png", full_page=True)
    confirm.click()
    expect(mail_page.get_by_text(t("Your signature is confirmed. Thank you!"))).to_be_visible()
    expect(mail_page.get_by_text(THANK_YOU)).to_be_visible()
    mail_page.screenshot(path=screenshots_dir / "widget-confirmed-fr.png", full_page=True)

    submission.refresh_from_db()
    assert submission.status == Submission.Status.CONFIRMED
    action.refresh_from_db()
    assert action.signature_count == 1
    person = Person.objects.get(organization=org, emails__address=email)
    consent = Consent.objects.get(person=person, channel="email", current=True)
    assert consent.status == Consent.Status.GRANTED
    assert consent.notice_text == CONSENT  # the exact text next to the box that was ticked
    assert consent.source_ref == f"action:{action.slug}"

    # --- An organizer finds the person in the CRM, and the signature counted -------------------
    crm = new_page()
    log_in(crm, site, organizer.email, org.slug)
    crm.goto(f"{site}/fr/o/{org.slug}/people/")
    crm.get_by_role("link", name="Maëlle Le Bihan").click()
    expect(crm).to_have_url(re.compile(rf"/fr/o/{org.slug}/people/{person.uuid}/$"))
    expect(crm.get_by_role("heading", level=1)).to_have_text("Maëlle Le Bihan")
    expect(crm.get_by_text(email)).to_be_visible()
    with translation.override("fr"):
        granted = str(Consent.Status.GRANTED.label)
        by_email = str(Channel.EMAIL.label)
    consent_row = crm.get_by_role("row").filter(has_text=granted)
    expect(consent_row).to_have_count(1)
    expect(consent_row).to_contain_text(by_email)
    consent_row.get_by_text(t("Text shown")).click()
    expect(consent_row.locator("details")).to_contain_text(CONSENT)
    expect(crm.locator(".timeline")).to_contain_text(TITLE)
    crm.screenshot(path=screenshots_dir / "widget-person-fr.png", full_page=True)

    crm.goto(f"{site}/fr/o/{org.slug}/actions/")
    row = crm.get_by_role("row").filter(has_text=TITLE)
    expect(row.locator("td.num").nth(0)).to_have_text("1")  # signatures
    expect(row.locator("td.num").nth(1)).to_have_text("0")  # awaiting confirmation


def test_plain_iframe_signs_at_once_and_only_the_listed_sites_may_frame_it(
    page, site, other_site, screenshots_dir
):
    org = OrganizationFactory(name="Vélo Cité Nantes", slug="velo-cite-nantes", country="FR")
    action = petition(org, "rotonde-iframe", frame_ancestors=other_site.origin)
    embed = f"{site}/fr/a/{action.slug}/embed/"
    iframe = f'<iframe src="{embed}" title="{TITLE}" style="width:100%;height:44rem;border:0">'
    host = other_site.serve("/iframe.html", HOST_PAGE.format(embed=iframe + "</iframe>"))

    page.goto(host)
    frame = page.frame_locator("iframe")
    sign_in_frame(frame, email="yann@example.org")
    frame.get_by_role("button", name=t("Sign")).click()
    expect(frame.get_by_role("heading", level=1)).to_have_text(t("Thank you!"))
    expect(frame.get_by_text(THANK_YOU)).to_be_visible()
    expect(frame.get_by_text(t(PENDING))).to_have_count(0)
    page.screenshot(path=screenshots_dir / "widget-iframe-fr.png", full_page=True)
    action.refresh_from_db()
    assert action.signature_count == 1
    consent = Consent.objects.get(person__emails__address="yann@example.org", current=True)
    assert (consent.status, consent.notice_text) == (Consent.Status.GRANTED, CONSENT)

    # Once the organizers list another site only, this one can no longer frame the form.
    Action.objects.filter(pk=action.pk).update(frame_ancestors="https://velo-cite.example")
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    page.reload(wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Le blog du quartier")
    expect(frame.get_by_role("button", name=t("Sign"))).to_have_count(0)
    assert any("frame-ancestors" in text for text in refused), refused
