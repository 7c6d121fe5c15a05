"""The brand kit's live preview in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from .factories import VisualTemplateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(
    os.environ.get("TURNOUT_SCREENSHOTS")
    or Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
)


def test_the_preview_follows_the_form_and_shows_errors(live_server, client, org_a, owner_a):
    from playwright.sync_api import expect, sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    VisualTemplateFactory(organization=org_a)
    client.force_login(owner_a)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = live_server.url + reverse("visuals:brand_kit", kwargs={"org_slug": org_a.slug})
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.set_default_timeout(15_000)
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
            )
            page = context.new_page()
            page.goto(url)
            preview = page.locator("#brand-preview")
            expect(page.locator("[data-no-js-preview]")).to_be_hidden()  # the script took over

            page.fill("[name=tagline_en]", "A brand new tagline")
            expect(preview).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
            first = preview.get_attribute("src")
            page.locator("[name=primary]").fill("#7c2d12")
            expect(preview).not_to_have_attribute("src", first)
            expect(preview).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))

            page.locator("[name=secondary]").evaluate("el => { el.type = 'text'; }")
            page.fill("[name=secondary]", "not a color")
            expect(page.locator("#brand-preview-status")).to_contain_text("is not a color")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "visuals-brand-kit.png"), full_page=True)
        finally:
            browser.close()
