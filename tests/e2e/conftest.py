"""Browser fixtures: Debian's Chromium driven by Playwright (sync API) against the live server.

The root conftest skips every ``e2e`` test when /usr/bin/chromium is absent, so nothing here
runs (or launches a browser) on a machine without it.
"""

from __future__ import annotations

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; Django would then refuse ORM
# calls from that thread (SynchronousOnlyOperation). The tests only read mail and create
# fixtures there, never concurrently with the loop, so this is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Debian's chromium; the root conftest skips these tests when there is none on the PATH.
CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(request, browser, screenshots_dir):
    """Open pages in fresh browser contexts (own cookies); everything is closed afterwards.

    When the test fails, what each page showed is kept as FAILED-<test>-<n>.png and .html.
    """
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport, locale="fr-FR")
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        open_page.pages.append(page)
        return page

    open_page.pages = []
    yield open_page
    if request.node.stash.get(_FAILED, False):
        for number, page in enumerate(open_page.pages):
            stem = screenshots_dir / f"FAILED-{request.node.name}-{number}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True)
                stem.with_suffix(".html").write_text(page.content())
            except Exception as exc:  # the browser may be what broke
                print(f"could not save {stem}: {exc}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshots_dir() -> Path:
    path = Path(os.environ.get("TURNOUT_SCREENSHOTS") or REPO_ROOT / "artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def site(live_server, settings):
    """The live server's base URL; links in emails point at it, over plain HTTP."""
    settings.SITE_URL = live_server.url
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    return live_server.url


class OtherSite:
    """A separate local web site (127.0.0.1 on its own port: another origin than the live
    server) serving the HTML pages a test gives it, such as a page that embeds a widget."""

    def __init__(self):
        pages = self.pages = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                page = pages.get(self.path.split("?", 1)[0])
                if page is None:
                    self.send_error(404)
                    return
                body = page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, path: str, html: str) -> str:
        """Serve ``html`` at ``path`` (replacing what was there); return its URL."""
        self.pages[path] = html
        return self.origin + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def other_site():
    site = OtherSite()
    yield site
    site.close()
