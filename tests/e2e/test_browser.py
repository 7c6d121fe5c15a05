"""End-to-end journeys in a real browser (Debian's Chromium through Playwright).

Everything a person does is done with clicks and typing; the only shortcut is reading the
emails the live server sent from Django's in-memory outbox. The pages are in French (the
default language). Most locators take Turnout's strings through the translation catalogues
(``t()``), so rewording a translation does not break them; the language checks themselves
assert on fixed words ("Vue d’ensemble", "Übersicht", "Overview", allauth's French messages).
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from turnout.organizations import services
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Vote-ensemble-2027!"
PHONE = {"width": 390, "height": 844}
expect.set_options(timeout=10_000)


def t(message: str, lang: str = "fr") -> str:
    """What the page shows for one of Turnout's strings in ``lang``."""
    with translation.override(lang):
        return str(translation.gettext(message))


def label(text: str) -> re.Pattern:
    """A form label as rendered: maybe the French " :" suffix, maybe the required-field star."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*:?\s*$")


def field_label(model, field: str, lang: str = "fr") -> re.Pattern:
    with translation.override(lang):
        return label(str(capfirst(model._meta.get_field(field).verbose_name)))


def link_in(message, pattern: str) -> str:
    match = re.search(pattern, message.body)
    assert match, f"no link matching {pattern!r} in:\n{message.body}"
    return match.group(0)


def last_mail_to(mailoutbox, email: str, containing: str = ""):
    sent = [m for m in mailoutbox if email in m.to and containing in m.body]
    assert sent, f"no email to {email}; outbox: {[(m.to, m.subject) for m in mailoutbox]}"
    return sent[-1]


def assert_no_sideways_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]}px wide on a {widths[1]}px screen"


def sign_up_and_verify(page, site: str, mailoutbox, email: str) -> None:
    """Sign up at /fr/accounts/signup/, open the link of the verification email, confirm."""
    page.goto(f"{site}/fr/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Création de compte")
    page.get_by_label(label(t("Email"))).fill(email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_label(label(t("Password (again)"))).fill(PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    # Mandatory verification: the account exists, but nobody is logged in before the link.
    expect(page).to_have_url(re.compile(r"/fr/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre adresse e-mail")

    mail = last_mail_to(mailoutbox, email, "/accounts/confirm-email/")
    link = link_in(mail, r"https?://\S+/accounts/confirm-email/[^\s/]+/")
    assert link.startswith(f"{site}/fr/"), link
    page.goto(link)
    # Opening the link (GET) only shows a page; confirming takes a click (POST).
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmer l'adresse e-mail")
    expect(page.get_by_text(email).first).to_be_visible()
    page.get_by_role("button", name="Confirmer").click()
    # Logged in on confirmation, and sent to "my organizations" (none yet).
    expect(page).to_have_url(re.compile(r"/fr/o/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My organizations"))


def log_out(page) -> None:
    page.locator("nav.user-nav details > summary").click()
    page.get_by_role("button", name=t("Log out")).click()
    expect(page.get_by_role("link", name=t("Log in")).first).to_be_visible()


def test_signup_create_organization_invite_accept_and_switch_language(
    page, site, mailoutbox, screenshots_dir
):
    from turnout.organizations.models import Organization

    owner_email = "camille@example.org"
    invitee_email = "lea@example.org"
    org_name = "Collectif Vote Ensemble"

    # --- The founder signs up, verifies the address and creates the organization ----------
    sign_up_and_verify(page, site, mailoutbox, owner_email)

    page.goto(f"{site}/fr/o/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("New organization"))
    page.get_by_label(field_label(Organization, "name")).fill(org_name)
    page.get_by_label(field_label(Organization, "kind")).select_option("ngo")
    page.get_by_label(field_label(Organization, "country")).select_option("FR")
    page.get_by_role("button", name=t("Create the organization")).click()

    # Straight to the Team page, to invite people.
    expect(page).to_have_url(re.compile(r"/fr/o/collectif-vote-ensemble/members/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Team"))
    ready = t("%(name)s is ready. Invite your team next.") % {"name": org_name}
    expect(page.get_by_role("status")).to_contain_text(ready)
    expect(page.get_by_role("table")).to_contain_text(owner_email)

    # --- Invite a member as organizer ------------------------------------------------------
    invite_form = page.locator("form").filter(
        has=page.get_by_role("button", name=t("Send the invitation"))
    )
    invite_form.get_by_label(label(t("Email address"))).fill(invitee_email)
    invite_form.get_by_label(label(t("Role"))).select_option(Role.ORGANIZER.value)
    invite_form.get_by_role("button", name=t("Send the invitation")).click()

    expect(page.get_by_role("status")).to_contain_text(
        t("Invitation sent to %(email)s.") % {"email": invitee_email}
    )
    pending = page.locator("section").filter(
        has=page.get_by_role("heading", name=t("Pending invitations"))
    )
    expect(pending).to_contain_text(invitee_email)
    with translation.override("fr"):
        organizer_label = str(Role.ORGANIZER.label)
    expect(pending).to_contain_text(organizer_label)
    page.screenshot(path=screenshots_dir / "team-after-invite-fr.png", full_page=True)

    log_out(page)

    # --- The invitee signs up with the invited address, verifies, and accepts ---------------
    sign_up_and_verify(page, site, mailoutbox, invitee_email)

    invitation_mail = last_mail_to(mailoutbox, invitee_email, "/invitations/")
    assert org_name in invitation_mail.subject
    invitation_link = link_in(invitation_mail, r"https?://\S+/invitations/[^\s/]+/")
    assert invitation_link.startswith(f"{site}/fr/"), invitation_link
    page.goto(invitation_link)
    join = t("Join %(name)s") % {"name": org_name}
    expect(page.get_by_role("heading", level=1)).to_have_text(join)
    page.screenshot(path=screenshots_dir / "invitation-fr.png", full_page=True)
    page.get_by_role("button", name=t("Accept the invitation")).click()

    expect(page).to_have_url(re.compile(r"/fr/o/collectif-vote-ensemble/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    expect(page.get_by_role("status")).to_contain_text(
        t("Welcome to %(name)s!") % {"name": org_name}
    )
    you_are = t("You are %(role)s") % {"role": organizer_label}
    expect(page.get_by_text(you_are)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"

    # --- The language switcher in the footer -------------------------------------------------
    # The workspace tab "Overview" is the word checked in each language.
    workspace_nav = page.get_by_role("navigation", name="Espace de travail")
    expect(workspace_nav.get_by_role("link", name="Vue d’ensemble", exact=True)).to_be_visible()

    page.get_by_role("navigation", name="Langue").get_by_role(
        "link", name="Deutsch", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/de/o/collectif-vote-ensemble/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    languages = page.get_by_role("navigation", name="Sprache")
    expect(languages.get_by_role("link", name="Deutsch")).to_have_attribute("aria-current", "true")
    workspace_nav = page.get_by_role("navigation", name="Arbeitsbereich")
    expect(workspace_nav.get_by_role("link", name="Übersicht", exact=True)).to_be_visible()
    expect(page.get_by_text("Vue d’ensemble")).to_have_count(0)
    page.screenshot(path=screenshots_dir / "workspace-de.png", full_page=True)

    languages.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/en/o/collectif-vote-ensemble/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    workspace_nav = page.get_by_role("navigation", name="Workspace")
    expect(workspace_nav.get_by_role("link", name="Overview", exact=True)).to_be_visible()
    expect(workspace_nav.get_by_role("link", name="Team", exact=True)).to_be_visible()
    expect(page.get_by_text("Übersicht")).to_have_count(0)
    expect(page.get_by_text("You are Organizer")).to_be_visible()

    # And back to French.
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Français", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/fr/o/collectif-vote-ensemble/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    workspace_nav = page.get_by_role("navigation", name="Espace de travail")
    expect(workspace_nav.get_by_role("link", name="Vue d’ensemble", exact=True)).to_be_visible()


def _rich_organization():
    """An organization without a logo, a team of five, open invitations and some history."""
    org = OrganizationFactory(
        name="Voix Citoyennes de Lyon", slug="voix-citoyennes-lyon", kind="ngo", country="FR"
    )
    owner = MembershipFactory(
        organization=org,
        role=Role.OWNER,
        user__email="camille.martin@example.org",
        user__full_name="Camille Martin",
    ).user
    team = [
        ("Karim Benali", "karim@example.org", Role.ADMIN),
        ("Sophie Lefèvre", "sophie@example.org", Role.ORGANIZER),
        ("Lucas Moreau", "lucas@example.org", Role.VOLUNTEER),
        ("Amandine Rousseau-Delacroix", "amandine@example.org", Role.VOLUNTEER),
    ]
    for full_name, email, role in team:
        user = UserFactory(email=email, full_name=full_name)
        _invitation, token = services.invitation_create(
            organization=org, actor=owner, email=email, role=role
        )
        services.invitation_accept(token=token, user=user)
    for email in ("nora@example.org", "theo.garnier@example.org"):
        services.invitation_create(organization=org, actor=owner, email=email)
    services.organization_update(
        organization=org,
        actor=owner,
        sector="civic",
        website="https://voix-citoyennes.example.org",
    )
    return org, owner


def test_login_wrong_password_then_workspace_screenshots(new_page, site, screenshots_dir):
    org, owner = _rich_organization()
    page = new_page()

    page.goto(f"{site}/fr/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    page.get_by_label(label(t("Email"))).fill(owner.email)
    page.get_by_label(label(t("Password"))).fill("not the right password")
    page.get_by_role("button", name="Connexion").click()
    # allauth's own French message, not the English source.
    expect(page.get_by_text("L’adresse e-mail ou le mot de passe sont incorrects.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/fr/accounts/login/$"))
    page.screenshot(path=screenshots_dir / "login-error-fr.png", full_page=True)

    page.get_by_label(label(t("Password"))).fill("correct horse battery staple")
    page.get_by_role("button", name="Connexion").click()

    # One organization: straight to its dashboard.
    expect(page).to_have_url(re.compile(r"/fr/o/voix-citoyennes-lyon/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(org.name)
    stats = page.get_by_role("region", name=t("Key figures"))
    expect(stats).to_contain_text("5")
    expect(stats).to_contain_text("2")
    expect(page.get_by_role("heading", name=t("Recent activity"))).to_be_visible()
    expect(page.locator(".timeline li").first).to_be_visible()
    page.screenshot(path=screenshots_dir / "workspace-fr.png", full_page=True)

    page.get_by_role("navigation", name=t("Workspace")).get_by_role(
        "link", name=t("Team"), exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/fr/o/voix-citoyennes-lyon/members/$"))
    expect(page.get_by_role("table")).to_contain_text("Amandine Rousseau-Delacroix")
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(5)
    page.screenshot(path=screenshots_dir / "team-fr.png", full_page=True)

    # On a phone: nothing may make the whole page scroll sideways (wide tables scroll inside
    # their own box).
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/fr/o/voix-citoyennes-lyon/")
    expect(page.get_by_role("heading", level=1)).to_have_text(org.name)
    assert_no_sideways_scroll(page)
    page.screenshot(path=screenshots_dir / "workspace-mobile-fr.png", full_page=True)
    page.goto(f"{site}/fr/o/voix-citoyennes-lyon/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Team"))
    assert_no_sideways_scroll(page)
    page.screenshot(path=screenshots_dir / "team-mobile-fr.png", full_page=True)
