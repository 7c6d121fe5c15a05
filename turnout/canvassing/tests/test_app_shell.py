"""The canvassing app's shell, manifest and service worker, as a phone receives them."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from turnout.canvassing.views_app import APP_FILES, app_strings
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(org_a):
    return MembershipFactory(organization=org_a, role=Role.VOLUNTEER).user


def url(name: str, org, lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse(f"canvass:{name}", kwargs={"org_slug": org.slug})


def blob(response, element_id: str):
    html = response.content.decode()
    pattern = rf'<script id="{element_id}" type="application/json">(.*?)</script>'
    match = re.search(pattern, html, re.S)
    assert match, f"no #{element_id} in the shell"
    return json.loads(match.group(1))


def test_a_volunteer_gets_the_app_shell_with_its_strings_and_settings(client, org_a, volunteer):
    client.force_login(volunteer)
    response = client.get(url("app", org_a))
    assert response.status_code == 200
    html = response.content.decode()
    config = blob(response, "canvass-config")
    assert config["urls"]["api"] == url("app", org_a) + "api/"
    assert config["organization"] == org_a.slug and config["user"] == volunteer.pk
    assert config["batch"] <= 200
    # The manifest link carries the session (the manifest needs a member); the app's code is a
    # module loaded with the CSP nonce; nothing inline but the JSON blobs.
    assert f'href="{url("manifest", org_a)}" crossorigin="use-credentials"' in html
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'app.js" nonce="{nonce}"' in html
    assert "style=" not in html
    # The sync posts with X-CSRFToken; the cookie is HttpOnly, so the token comes in the page.
    assert "csrftoken" in response.cookies and config["csrf"]


@pytest.mark.parametrize("lang,expected", [("en", "All visits synced"), ("fr", None), ("de", None)])
def test_strings_follow_the_language_of_the_address(client, org_a, volunteer, lang, expected):
    client.force_login(volunteer)
    strings = blob(client.get(url("app", org_a, lang)), "canvass-strings")
    with translation.override(lang):
        assert strings == json.loads(json.dumps(app_strings()))
    if expected:
        assert strings["all_synced"] == expected
    # Plurals come with both forms for the app's Intl.PluralRules.
    assert set(strings["offline_waiting"]) == {"one", "other"}
    assert "{n}" in strings["offline_waiting"]["other"]


def test_the_app_is_for_members_only(client, org_a, org_b, owner_b):
    response = client.get(url("app", org_a))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(owner_b)
    for name in ("app", "sw", "manifest"):
        assert client.get(url(name, org_a)).status_code == 404


def test_the_manifest_makes_the_app_installable(client, org_a, volunteer):
    client.force_login(volunteer)
    response = client.get(url("manifest", org_a, "de"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == manifest["scope"] == url("app", org_a, "de")
    assert manifest["display"] == "standalone" and manifest["theme_color"].startswith("#")
    assert manifest["lang"] == "de" and org_a.name in manifest["name"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes


def test_the_icons_are_real_pngs_of_their_size():
    from pathlib import Path

    from PIL import Image

    folder = Path(__file__).resolve().parents[1] / "static" / "canvassing" / "app"
    for size in (192, 512):
        with Image.open(folder / f"icon-{size}.png") as image:
            assert image.format == "PNG" and image.size == (size, size)


def test_the_service_worker_is_served_at_the_app_path(client, org_a, volunteer):
    client.force_login(volunteer)
    response = client.get(url("sw", org_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    # At the app's own path, its default scope is the app: no Service-Worker-Allowed needed.
    assert url("sw", org_a).rsplit("/", 1)[0] + "/" == url("app", org_a)
    assert "Service-Worker-Allowed" not in response
    body = response.content.decode()
    config = json.loads(re.match(r"const CONFIG = (.*);\n", body).group(1))
    assert config["shell"] == url("app", org_a)
    assert config["api"] == url("app", org_a) + "api/"
    kept = set(config["precache"])
    assert {url("app", org_a), url("manifest", org_a)} <= kept
    assert "/static/leaflet/leaflet.js" in kept
    assert {f"/static/canvassing/app/{name}" for name in APP_FILES} <= kept
    # POSTs are never answered from a cache; old caches are removed on activate.
    assert 'request.method !== "GET"' in body and "caches.delete" in body


def test_the_service_worker_changes_with_the_language_and_the_strings(client, org_a, volunteer):
    client.force_login(volunteer)

    def version(lang):
        body = client.get(url("sw", org_a, lang)).content.decode()
        return json.loads(re.match(r"const CONFIG = (.*);\n", body).group(1))["version"]

    assert version("fr") == version("fr")
    assert len({version("fr"), version("en"), version("de")}) == 3


def test_every_file_the_worker_keeps_exists():
    from django.contrib.staticfiles import finders

    for name in [*APP_FILES, "icon-192.png", "icon-512.png"]:
        assert finders.find(f"canvassing/app/{name}"), name
    assert finders.find("leaflet/leaflet.js") and finders.find("leaflet/leaflet.css")
