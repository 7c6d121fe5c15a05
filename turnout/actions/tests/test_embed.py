import re

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from turnout.actions.models import Submission
from turnout.actions.public_forms import EMBED_TOKEN_SALT
from turnout.actions.tests.factories import ActionFactory
from turnout.actions.typos import TYPOS, email_typo_suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def page(action, name="action", **kwargs):
    return reverse(f"actions_public:{name}", kwargs={"slug": action.slug, **kwargs})


def signature(**overrides):
    data = {"given_name": "Anne", "family_name": "Le Goff", "email": "anne@example.org"}
    data.update(overrides)
    return data


def token_of(response) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)


# --- Typos -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("anne@gmial.com", "anne@gmail.com"),
        ("anne@GAMIL.com", "anne@gmail.com"),
        ("a.b+c@hotmial.com", "a.b+c@hotmail.com"),
        ("x@ornage.fr", "x@orange.fr"),
        ("x@wanado.fr", "x@wanadoo.fr"),
        ("x@yaho.fr", "x@yahoo.fr"),
        ("x@gmxx.de", "x@gmx.de"),
        ("x@wep.de", "x@web.de"),
        ("x@outlok.com", "x@outlook.com"),
        ("x@iclod.com", "x@icloud.com"),
    ],
)
def test_typo_suggestions(typed, suggested):
    assert email_typo_suggestion(typed) == suggested


@pytest.mark.parametrize(
    "address", ["anne@gmail.com", "anne@orange.fr", "x@web.de", "x@example.org", "", "nodomain"]
)
def test_correct_or_unknown_domains_give_none(address):
    assert email_typo_suggestion(address) is None


def test_no_typo_is_itself_a_correct_domain():
    assert not set(TYPOS) & set(TYPOS.values())


def test_typo_refused_once_then_kept_as_typed(client, org_a):
    action = ActionFactory(organization=org_a)
    response = client.post(page(action), signature(email="anne@gmial.com"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Did you mean anne@gmail.com?" in body and 'name="keep_email"' in body
    assert not Submission.objects.exists()
    # The normal page does not show the box.
    assert 'name="keep_email"' not in client.get(page(action)).content.decode()
    response = client.post(page(action), signature(email="anne@gmial.com", keep_email="on"))
    assert response.status_code == 302
    assert Submission.objects.get().person.emails.get().address == "anne@gmial.com"


# --- Open Graph --------------------------------------------------------------------------------


def test_open_graph_metadata(client, org_a, settings):
    settings.SITE_URL = "https://turnout.example"
    action = ActionFactory(organization=org_a)
    body = client.get(page(action)).content.decode()
    assert f'<meta property="og:title" content="{action.title["en"]}">' in body
    assert '<meta property="og:description" content="Sign for the climate.">' in body
    assert f'<meta property="og:url" content="https://turnout.example{page(action)}">' in body
    assert '<meta property="og:type" content="website">' in body
    assert '<meta property="og:locale" content="en_GB">' in body
    assert '<meta name="twitter:card" content="summary">' in body
    french = client.get(page(action).replace("/en/", "/fr/", 1)).content.decode()
    assert '<meta property="og:locale" content="fr_FR">' in french


# --- Embed -------------------------------------------------------------------------------------


def test_embed_is_frameable_and_normal_page_is_not(client, org_a):
    allowed = "https://a.example\nhttps://b.example:8443\njunk; script-src *"
    action = ActionFactory(organization=org_a, frame_ancestors=allowed)
    response = client.get(page(action, "embed"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors https://a.example https://b.example:8443" in csp
    assert "script-src *" not in csp and "junk" not in csp
    body = response.content.decode()
    assert "site-header" not in body and "site-footer" not in body
    assert 'name="form_token"' in body and "csrfmiddlewaretoken" not in body

    normal = client.get(page(action))
    assert normal["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in normal["Content-Security-Policy"]


def test_embed_without_list_allows_any_site(client, org_a):
    action = ActionFactory(organization=org_a)
    assert "frame-ancestors *" in client.get(page(action, "embed"))["Content-Security-Policy"]


def test_embed_signs_without_csrf_cookie_and_thanks_inline(org_a):
    client = Client(enforce_csrf_checks=True)
    action = ActionFactory(organization=org_a, thank_you={"en": "Merci beaucoup, really."})
    token = token_of(client.get(page(action, "embed")))
    client.cookies.clear()
    response = client.post(page(action, "embed"), signature(form_token=token, utm_source="blog"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Merci beaucoup, really." in body and "site-header" not in body
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    submission = Submission.objects.get()
    assert submission.utm_source == "blog"


@pytest.mark.parametrize("kind", ["missing", "forged", "other_action", "expired"])
def test_embed_bad_token_is_refused_and_nothing_stored(client, org_a, kind, monkeypatch):
    action = ActionFactory(organization=org_a)
    other = ActionFactory(organization=org_a)
    token = {
        "missing": "",
        "forged": "1:abc:def",
        "other_action": signing.dumps(other.pk, salt=EMBED_TOKEN_SALT),
        "expired": signing.dumps(action.pk, salt=EMBED_TOKEN_SALT),
    }[kind]
    if kind == "expired":
        monkeypatch.setattr("turnout.actions.public_forms.EMBED_TOKEN_MAX_AGE", -1)
    response = client.post(page(action, "embed"), signature(form_token=token))
    assert response.status_code == 400
    assert "This form has expired" in response.content.decode()
    assert not Submission.objects.exists()


def test_embed_honeypot_and_typo(client, org_a):
    action = ActionFactory(organization=org_a)
    token = token_of(client.get(page(action, "embed")))
    response = client.post(
        page(action, "embed"), signature(form_token=token, website="http://spam.example")
    )
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    response = client.post(page(action, "embed"), signature(form_token=token, email="a@gmai.com"))
    assert response.status_code == 400
    assert "Did you mean a@gmail.com?" in response.content.decode()
    assert not Submission.objects.exists()


def test_widget_js(client, org_a, settings):
    settings.SITE_URL = "https://turnout.example"
    action = ActionFactory(organization=org_a)
    response = client.get(page(action, "widget"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "max-age=300" in response["Cache-Control"]
    body = response.content.decode()
    assert f'"https://turnout.example{page(action, "embed")}"' in body
    assert "insertBefore" in body and "document.currentScript" in body


def test_workspace_form_shows_embed_snippets(client_a, org_a, settings):
    settings.SITE_URL = "https://turnout.example"
    action = ActionFactory(organization=org_a)
    url = reverse("actions:edit", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    body = client_a.get(url).content.decode()
    assert f'&lt;script src="https://turnout.example{page(action, "widget")}" async&gt;' in body
    assert f'&lt;iframe src="https://turnout.example{page(action, "embed")}"' in body
