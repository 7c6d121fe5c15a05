"""An event end to end on phones: a visitor signs up for a shift of the Saint-Louis market
leafleting and gets their ticket with its QR code; at the market, the organizer opens the
check-in page on their phone, finds them and checks them in; the QR code's page then says
they are in already. Screenshots illustrate the events guide."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from turnout.events import text
from turnout.events.models import Attendance
from turnout.events.tests.factories import EventFactory, ShiftFactory
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from turnout.people.models import Activity

from .test_browser import PASSWORD, PHONE, label, t

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, site, email):
    page.goto(f"{site}/fr/accounts/login/")
    page.get_by_label(label(t("Email"))).fill(email)
    page.get_by_label(label(t("Password"))).fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_a_visitor_signs_up_for_a_shift_and_is_checked_in_at_the_door(
    new_page, site, screenshots_dir
):
    organization = OrganizationFactory(name="Voix Citoyennes", slug="voix-citoyennes")
    organizer = UserFactory(email="ines@voix-citoyennes.example", password=PASSWORD)
    MembershipFactory(organization=organization, user=organizer, role=Role.ORGANIZER)
    starts = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    event = EventFactory(
        organization=organization,
        slug="tractage-marche-saint-louis",
        title={"fr": "Tractage marché Saint-Louis"},
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        instructions={"fr": "Rendez-vous au stand devant les halles."},
    )
    ShiftFactory(event=event, label={"fr": "8h–10h"}, capacity=6)
    second = ShiftFactory(
        event=event,
        label={"fr": "10h–12h"},
        starts_at=starts + timedelta(hours=2),
        ends_at=starts + timedelta(hours=4),
        capacity=6,
    )

    # The visitor, on a phone, chooses the second shift and signs up.
    visitor = new_page(PHONE)
    visitor.goto(f"{site}/fr/e/{event.slug}/?utm_source=affiche")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Tractage marché Saint-Louis")
    visitor.get_by_role("button", name=t("Sign me up")).click()
    # Nothing chosen: the form says so and nothing is lost.
    expect(visitor.locator("main")).to_contain_text(t("Choose at least one shift."))
    visitor.get_by_label(re.compile("10h–12h")).check()
    visitor.get_by_label(label(t("First name"))).fill("Marie")
    visitor.get_by_label(label(t("Last name"))).fill("Dupont")
    visitor.get_by_label(label(t("Email"))).fill("marie.dupont@example.org")
    invitations = t(
        "Email me invitations to %(organization)s's next events. I can unsubscribe at any time."
    ) % {"organization": event.organization.name}
    visitor.get_by_label(re.compile(re.escape(invitations[:30]))).check()
    visitor.screenshot(path=screenshots_dir / "event-rsvp-phone-fr.png", full_page=True)
    visitor.get_by_role("button", name=t("Sign me up")).click()
    expect(visitor.locator("main")).to_contain_text(t("Thank you, you're signed up!"))
    expect(visitor.locator("svg.qr")).to_be_visible()
    visitor.screenshot(path=screenshots_dir / "event-ticket-phone-fr.png", full_page=True)
    attendance = Attendance.objects.get(person__emails__address="marie.dupont@example.org")
    assert attendance.shift == second and attendance.status == Attendance.Status.GOING
    assert attendance.utm_source == "affiche"

    # At the market, the organizer's phone: the check-in list, a search, the big button.
    door = new_page(PHONE)
    log_in(door, site, organizer.email)
    door.goto(f"{site}/fr/o/{organization.slug}/events/{event.pk}/checkin/")
    door.get_by_placeholder(t("Name, email or phone")).fill("dup")
    row = door.locator("[data-checkin-row]").filter(has_text="Marie Dupont")
    expect(row).to_be_visible()
    door.screenshot(path=screenshots_dir / "event-checkin-list-phone-fr.png", full_page=True)
    row.get_by_role("button", name=re.compile(t("Check in"))).click()
    expect(door.locator("main")).to_contain_text("Marie D.")
    expect(door.locator("main")).to_contain_text(re.compile(r"✓"))
    door.screenshot(path=screenshots_dir / "event-checkin-done-phone-fr.png", full_page=True)
    attendance.refresh_from_db()
    assert attendance.attended_at is not None and attendance.checked_in_by == organizer
    assert Activity.objects.filter(person=attendance.person, kind="shift.attended").count() == 1

    # Scanning Marie's QR code later opens her check-in page: already in, at what time.
    door.goto(text.checkin_url(attendance))
    expect(door.locator("main")).to_contain_text("Marie D.")
    expect(door.get_by_role("button", name=t("Check in"))).to_have_count(0)
    door.screenshot(path=screenshots_dir / "event-checkin-qr-phone-fr.png", full_page=True)
    assert Activity.objects.filter(person=attendance.person, kind="shift.attended").count() == 1
