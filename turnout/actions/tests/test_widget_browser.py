"""In a real browser: the frame that widget.js puts on another site takes the height of the
form, so that the person sees all of it without a scroll bar inside the frame, and shrinks
to the thank-you text after signing (never below its minimum)."""

from __future__ import annotations

import re
import threading

import pytest

from turnout.actions.tests.factories import ActionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOST_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Un blog</title></head>
<body><h1>Un blog</h1>{embed}<p>Fin de l'article.</p></body></html>
"""
FITS = "() => document.documentElement.scrollHeight <= window.innerHeight + 1"


def in_browser(check) -> None:
    """Run ``check(page)`` in a browser of its own, in a thread of its own: the browser tests
    of tests/e2e may hold this thread's Playwright loop. Whatever it raises is raised here."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    raised = []

    def run():
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    context = browser.new_context(
                        viewport={"width": 1280, "height": 800}, locale="fr-FR"
                    )
                    context.set_default_timeout(10_000)
                    check(context.new_page())
                finally:
                    browser.close()
        except BaseException as exc:  # re-raised in the test's thread
            raised.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    if raised:
        raise raised[0]
    assert not thread.is_alive(), "the browser did not finish"


@pytest.fixture
def other_site():
    from tests.e2e.conftest import OtherSite

    site = OtherSite()
    yield site
    site.close()


def test_the_widget_frame_fits_the_form_then_the_thanks(live_server, settings, other_site, org_a):
    from playwright.sync_api import expect

    settings.SITE_URL = live_server.url
    action = ActionFactory(
        organization=org_a,
        slug="hauteur-du-cadre",
        questions=[
            {"key": f"q{n}", "kind": "long_text", "label": {"fr": f"Question {n}"}}
            for n in range(3)
        ],
        frame_ancestors=other_site.origin,
    )
    widget = f"{live_server.url}/fr/a/{action.slug}/widget.js"
    host = other_site.serve("/", HOST_PAGE.format(embed=f'<script src="{widget}"></script>'))
    embed = re.compile(rf"/a/{action.slug}/embed/")

    def check(page):
        page.goto(host)
        frame_element = page.locator("iframe")
        expect(frame_element).to_have_attribute("style", re.compile(r"height: \d+px"))
        page.frame(url=embed).wait_for_function(FITS)
        tall = frame_element.bounding_box()["height"]
        assert tall > 640  # the form with three questions is taller than the first guess

        frame = page.frame(url=embed)
        frame.get_by_label("Prénom").fill("Yann")
        frame.get_by_label("E-mail").fill("yann@example.org")
        frame.get_by_role("button", name="Signer").click()
        expect(frame.get_by_role("heading", level=1)).to_have_text("Merci !")
        page.frame(url=embed).wait_for_function(FITS)
        page.wait_for_function(
            "tall => document.querySelector('iframe').getBoundingClientRect().height < tall",
            arg=tall,
        )
        assert frame_element.bounding_box()["height"] >= 320  # 20rem, the minimum

    in_browser(check)
