"""The canvassing app on a phone, offline: a volunteer downloads their turf, loses the network,
records three visits (one conversation with answers and consent), reloads the app while still
offline, comes back online, and the organizer sees the three visits once, and the person met
in People with the visit on their timeline. A replayed sync changes nothing. Screenshots of
each step (canvass-*.png)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from turnout.canvassing.models import Visit
from turnout.canvassing.services.scripts import default_script
from turnout.canvassing.services.turfs import turf_assign
from turnout.canvassing.tests.factories import (
    AddressPointFactory,
    EffortFactory,
    TurfFactory,
    TurfStopFactory,
)
from turnout.canvassing.views_app import app_strings
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory, OrganizationFactory
from turnout.people.models import Person

from .conftest import PHONE
from .test_browser import PASSWORD
from .test_campaign_join import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "maelle.kerouac@example.org"


def strings(lang: str = "fr") -> dict:
    with translation.override(lang):
        return app_strings()


def plural(key: str, n: int) -> str:
    """What the app shows for a plural string (French: "one" for 0 and 1)."""
    forms = strings()[key]
    return (forms["one"] if n <= 1 else forms["other"]).replace("{n}", str(n))


def banner(page):
    return page.locator("[data-banner]")


@pytest.fixture
def turf_setup(db):
    org = OrganizationFactory(name="Voix Citoyennes", slug="voix-citoyennes", country="FR")
    organizer = MembershipFactory(
        organization=org, role=Role.OWNER, user__email="org@example.org", user__password=PASSWORD
    ).user
    volunteer = MembershipFactory(
        organization=org,
        role=Role.VOLUNTEER,
        user__email="volunteer@example.org",
        user__password=PASSWORD,
    ).user
    effort = EffortFactory(organization=org, name="Siam", status="active", script=default_script())
    turf = TurfFactory(effort=effort, doors=4)
    streets = ["Rue de Siam", "Rue de Lyon", "Rue Jean Jaurès", "Rue de la Porte"]
    for position, street in enumerate(streets):
        TurfStopFactory(
            turf=turf, position=position, address__street=street, address__number=str(position + 2)
        )
    AddressPointFactory(organization=org)  # not in the turf
    turf_assign(turf=turf, user=volunteer, actor=organizer)
    return org, organizer, volunteer, effort, turf


def test_three_visits_offline_then_synced_once(browser, site, screenshots_dir, turf_setup):
    org, _organizer, volunteer, effort, turf = turf_setup
    s = strings()
    script = effort.script
    no_choice = next(c for c in script[0]["choices"] if c["key"] == "no")
    issue = next(q for q in script if q["key"] == no_choice["next"])

    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR", service_workers="allow"
    )
    context.set_default_timeout(10_000)
    phone = context.new_page()
    shot = lambda name: phone.screenshot(path=screenshots_dir / f"canvass-{name}.png")  # noqa: E731
    try:
        log_in(phone, site, "volunteer@example.org", PASSWORD)
        app_url = f"{site}/fr/o/{org.slug}/canvass/"
        phone.goto(app_url)
        expect(phone.locator("html[data-app-ready]")).to_be_attached()
        # The service worker has kept the shell and controls the page.
        phone.evaluate(
            """async () => {
                await navigator.serviceWorker.ready;
                if (!navigator.serviceWorker.controller) await new Promise((done) =>
                    navigator.serviceWorker.addEventListener("controllerchange", done));
            }"""
        )

        # My turfs: download the turf for offline use.
        card = phone.locator(f"[data-turf='{turf.uuid}']")
        expect(card).to_contain_text(str(turf))
        shot("1-my-turfs")
        card.get_by_role("button", name=s["download"]).click()
        expect(card).to_contain_text(s["downloaded"])
        expect(banner(phone)).to_contain_text(s["all_synced"])

        # The network goes away.
        context.set_offline(True)
        expect(banner(phone)).to_contain_text(s["offline"])
        card.get_by_role("link", name=s["open"]).click()
        stops = phone.locator(".app-stop")
        expect(stops).to_have_count(4)
        expect(stops.nth(0)).to_have_class(re.compile("app-stop-next"))
        shot("2-turf-list-offline")
        # The map tab draws the route and the doors from the turf's data (no tiles offline).
        phone.get_by_role("link", name=s["map"]).click()
        expect(phone.locator(".app-map .app-dot")).to_have_count(4)
        expect(phone.locator(".app-map .app-route")).to_have_count(1)
        shot("2b-turf-map-offline")
        phone.get_by_role("link", name=s["list"]).click()

        # Visit 1: talked, two answers (the "no" branch skips to the sensitive question),
        # consent, then the email appears and is filled.
        stops.nth(0).get_by_role("link").click()
        phone.get_by_label(s["door_label"]).fill("2e étage gauche")
        phone.get_by_role("button", name=s["outcome_talked"]).click()
        first = phone.locator(f"[data-question='{script[0]['key']}']")
        first.get_by_label(no_choice["text"]["fr"]).check()
        expect(phone.locator(f"[data-question='{script[1]['key']}']")).to_have_count(0)
        asked = phone.locator(f"[data-question='{issue['key']}']")
        expect(asked).to_contain_text(s["sensitive"])
        asked.get_by_role("textbox").fill("Le logement")
        expect(phone.get_by_label(s["email"], exact=True)).to_have_count(
            0
        )  # no personal data before consent
        phone.get_by_label(s["consent_agree"]).check()
        phone.get_by_label(s["given_name"]).fill("Maëlle")
        phone.get_by_label(s["email"], exact=True).fill("maelle.kerouac@")
        phone.get_by_label(s["consent_email"]).check()
        phone.get_by_role("button", name=s["save"]).click()
        # A bad email is said clearly and nothing typed is lost.
        expect(phone.get_by_text(s["bad_email"])).to_be_visible()
        expect(phone.get_by_label(s["given_name"])).to_have_value("Maëlle")
        phone.get_by_label(s["email"], exact=True).fill(EMAIL)
        shot("3-door-talked")
        phone.get_by_role("button", name=s["save"]).click()
        expect(phone.locator(".app-toast")).to_contain_text(s["saved"])

        # Visits 2 and 3: not home, refused (the next door is highlighted each time).
        for index, outcome in ((1, "outcome_not_home"), (2, "outcome_refused")):
            expect(stops.nth(index)).to_have_class(re.compile("app-stop-next"))
            stops.nth(index).get_by_role("link").click()
            phone.get_by_role("button", name=s[outcome]).click()
            phone.get_by_role("button", name=s["save"]).click()
            expect(phone.locator(".app-toast")).to_contain_text(s["saved"])
        expect(banner(phone)).to_contain_text(plural("offline_waiting", 3))
        expect(phone.locator(".app-stop-done")).to_have_count(3)
        shot("4-three-visits-offline")

        # Reloaded while offline: the service worker serves the app; the visits are kept.
        phone.reload()
        expect(phone.locator("html[data-app-ready]")).to_be_attached()
        expect(banner(phone)).to_contain_text(plural("offline_waiting", 3))
        expect(phone.locator(".app-stop-done")).to_have_count(3)
        shot("5-reloaded-offline")
        assert Visit.objects.count() == 0

        # Back online: the visits are sent and the banner says so.
        context.set_offline(False)
        expect(banner(phone)).to_contain_text(s["all_synced"], timeout=20_000)
        shot("6-synced")
        assert Visit.objects.filter(turf=turf).count() == 3

        # A replay (the answers lost by a tab closed mid-sync): every visit is pending again
        # and the app sends them once more; the server answers "duplicate", nothing doubles.
        phone.evaluate(
            """async (name) => {
                const db = await new Promise((ok, ko) => {
                    const r = indexedDB.open(name); r.onsuccess = () => ok(r.result);
                    r.onerror = () => ko(r.error); });
                const tx = db.transaction("visits", "readwrite");
                const store = tx.objectStore("visits");
                await new Promise((ok) => { store.getAll().onsuccess = (e) => {
                    for (const v of e.target.result) store.put({...v, state: "pending"});
                    ok(); }; });
                await new Promise((ok) => { tx.oncomplete = ok; });
                db.close();
            }""",
            f"turnout-canvass-{org.slug}-{volunteer.pk}",
        )
        phone.reload()
        expect(banner(phone)).to_contain_text(s["all_synced"], timeout=20_000)
        assert Visit.objects.filter(turf=turf).count() == 3
    except Exception:
        phone.screenshot(path=screenshots_dir / "FAILED-canvass-phone.png", full_page=True)
        raise
    finally:
        context.close()

    outcomes = sorted(Visit.objects.values_list("outcome", flat=True))
    assert outcomes == ["not_home", "refused", "talked"]
    talked = Visit.objects.get(outcome="talked")
    assert talked.answers == {script[0]["key"]: "no", issue["key"]: "Le logement"}
    assert talked.door == "2e étage gauche"

    # The organizer's view: the effort's progress counts three doors knocked, and the person
    # met is in People with the visit on their timeline.
    desk = browser.new_context(locale="fr-FR")
    try:
        office = desk.new_page()
        log_in(office, site, "org@example.org", PASSWORD)
        with translation.override("fr"):
            progress = reverse(
                "canvassing:effort_progress", kwargs={"org_slug": org.slug, "effort_id": effort.pk}
            )
            person = Person.objects.get(organization=org, emails__address=EMAIL)
            detail = reverse(
                "people:detail", kwargs={"org_slug": org.slug, "person_uuid": person.uuid}
            )
        figures = json.loads(office.goto(f"{site}{progress}").text())
        assert figures["knocked"] == 3
        assert talked.person_id == person.pk
        office.goto(f"{site}{detail}")
        expect(office.locator("main")).to_contain_text("Maëlle")
        expect(office.locator("main")).to_contain_text(talked.address.street)
        office.screenshot(path=screenshots_dir / "canvass-7-person-timeline.png", full_page=True)
    finally:
        desk.close()


def test_a_turf_given_to_someone_else_while_offline_still_sends_its_visits(
    browser, site, screenshots_dir, turf_setup
):
    org, organizer, _volunteer, _effort, turf = turf_setup
    s = strings()
    other = MembershipFactory(organization=org, role=Role.VOLUNTEER).user
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="fr-FR")
    context.set_default_timeout(10_000)
    phone = context.new_page()
    try:
        log_in(phone, site, "volunteer@example.org", PASSWORD)
        phone.goto(f"{site}/fr/o/{org.slug}/canvass/")
        card = phone.locator(f"[data-turf='{turf.uuid}']")
        card.get_by_role("button", name=s["download"]).click()
        expect(card).to_contain_text(s["downloaded"])
        context.set_offline(True)
        expect(banner(phone)).to_contain_text(s["offline"])
        card.get_by_role("link", name=s["open"]).click()
        phone.locator(".app-stop").nth(0).get_by_role("link").click()
        phone.get_by_role("button", name=s["outcome_come_back"]).click()
        phone.get_by_role("button", name=s["save"]).click()
        expect(banner(phone)).to_contain_text(plural("offline_waiting", 1))

        # Meanwhile the organizer gives the turf to someone else.
        turf_assign(turf=turf, user=other, actor=organizer)
        phone.get_by_role("link", name=s["back_to_turfs"]).first.click()
        context.set_offline(False)
        expect(banner(phone)).to_contain_text(s["all_synced"], timeout=20_000)
        expect(card).to_contain_text(s["reassigned"])
        phone.screenshot(path=screenshots_dir / "canvass-8-reassigned.png")
    except Exception:
        phone.screenshot(path=screenshots_dir / "FAILED-canvass-reassigned.png", full_page=True)
        raise
    finally:
        context.close()
    visit = Visit.objects.get()
    assert visit.outcome == "come_back" and visit.turf_id == turf.pk
