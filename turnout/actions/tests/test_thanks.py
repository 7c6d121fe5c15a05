import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from turnout.actions.models import Action, Submission, SubmissionIntake
from turnout.actions.referral import intake_referral_code, referral_code, referral_person_id
from turnout.actions.services import submission_confirm, submission_confirm_token
from turnout.actions.tests.factories import ActionFactory
from turnout.people.models import Person

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


def hidden_inputs(body: str) -> dict:
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body)
    }


def test_referral_codes_check_themselves():
    code = referral_code(1234)
    assert referral_person_id(code) == 1234
    assert referral_person_id(code.upper()) == 1234
    head, digest = code.split("-")
    assert referral_person_id(f"{head}-{'0' * len(digest)}") is None
    assert referral_person_id(f"yb-{digest}") is None  # another id with this digest
    for junk in ("", "abc", "-", "zz-zz", "x" * 40):
        assert referral_person_id(junk) is None


def test_a_share_link_brings_a_new_signer_attributed_to_the_sharer(client, org_a, settings):
    """End to end: Anne signs, her thank-you page gives share links carrying her code; Bob
    follows one and signs: his submission is referred by Anne."""
    settings.SITE_URL = "https://turnout.example"
    action = ActionFactory(organization=org_a, thank_you={"en": "Thanks a lot!"}, goal=100)
    response = client.post(page(action), signature(consent="on"))
    thanks = client.get(response["Location"])
    body = thanks.content.decode()
    assert "Thanks a lot!" in body and "1</strong> signature" in body
    assert 'progress max="100" value="1"' in body
    anne = Submission.objects.get(action=action).person
    # Her code names the row the form wrote (the thank-you page can come before the CRM
    # has her); it leads to her once that row is folded.
    code = intake_referral_code(SubmissionIntake.objects.get(action=action).pk)
    links = {
        network: html.unescape(href)
        for network, href in re.findall(
            r'class="button secondary share-(\w+)" href="([^"]+)"', body
        )
    }
    assert set(links) == {"whatsapp", "facebook", "x", "linkedin", "telegram", "email"}
    # Plain links: no script but our own.
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]+)"', body))
    whatsapp = parse_qs(urlsplit(links["whatsapp"]).query)["text"][0]
    shared = whatsapp.split()[-1]
    assert shared.startswith("https://turnout.example" + page(action))
    assert parse_qs(urlsplit(shared).query)["ref"] == [code]
    copy = html.unescape(re.search(r'value="([^"]+)" readonly data-share-link', body).group(1))
    assert parse_qs(urlsplit(copy).query)["utm_source"] == ["link"]

    visitor = Client()
    path = urlsplit(shared)
    landing = visitor.get(f"{path.path}?{path.query}")
    fields = hidden_inputs(landing.content.decode())
    assert fields["ref"] == code and fields["utm_source"] == "whatsapp"
    response = visitor.post(
        page(action), {**fields, **signature(given_name="Bob", email="bob@example.org")}
    )
    assert response.status_code == 302
    bob = Submission.objects.get(action=action, person__emails__address="bob@example.org")
    assert bob.referrer == anne
    assert bob.utm_source == "whatsapp" and bob.utm_medium == "share"


def test_a_forged_or_foreign_code_refers_nobody(client, org_a, org_b):
    action = ActionFactory(organization=org_a)
    stranger = Person.objects.create(organization=org_b, given_name="Stranger")
    for index, ref in enumerate([referral_code(stranger.pk), "1-0000000000", "nonsense"]):
        client.post(page(action), signature(email=f"v{index}@example.org", ref=ref))
    assert Submission.objects.filter(action=action).count() == 3
    assert not Submission.objects.filter(referrer__isnull=False).exists()
    # One's own link refers nobody either.
    client.post(page(action), signature(email="self@example.org"))
    me = Submission.objects.get(person__emails__address="self@example.org")
    client.post(page(action), signature(email="self@example.org", ref=referral_code(me.person_id)))
    me.refresh_from_db()
    assert me.referrer is None


def test_thanks_page_without_a_code_still_shares_but_credits_nobody(client, org_a):
    action = ActionFactory(organization=org_a)
    body = client.get(page(action, "thanks") + "?code=1-forged0000").content.decode()
    assert "share-whatsapp" in body
    assert "?ref=" not in body and "ref%3D" not in body and "utm_source%3Dwhatsapp" in body


def test_configured_asks_in_order_with_another_action_and_an_event(client, org_a, org_b):
    volunteer = ActionFactory(
        organization=org_a, kind=Action.Kind.FORM, title={"en": "Join the team"}
    )
    draft = ActionFactory(organization=org_a, status=Action.Status.DRAFT)
    theirs = ActionFactory(organization=org_b)
    action = ActionFactory(
        organization=org_a,
        next_asks=[
            {
                "kind": "event",
                "url": "https://example.org/forum",
                "label": {"en": "Forum, 14 March"},
            },
            {"kind": "volunteer", "action": volunteer.pk},
            {"kind": "volunteer", "action": draft.pk},  # not published: left out
            {"kind": "volunteer", "action": theirs.pk},  # not ours: left out
            {"kind": "donate", "url": "https://example.org/don"},
        ],
    )
    client.post(page(action), signature())
    anne = Submission.objects.get(action=action).person
    body = client.get(page(action, "thanks") + f"?code={referral_code(anne.pk)}").content.decode()
    assert body.index("Forum, 14 March") < body.index("Join the team") < body.index("donation")
    assert "share-whatsapp" not in body  # asks are set: no default share
    join = re.search(r'href="([^"]+)">Join the team', body).group(1)
    assert page(volunteer) in join and f"ref={referral_code(anne.pk)}" in join
    assert page(draft) not in body and page(theirs) not in body
    assert 'href="https://example.org/don"' in body


def test_embed_and_confirmation_pages_show_the_asks(client, org_a):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    response = client.get(page(action, "embed"))
    token = re.search(r'name="form_token" value="([^"]+)"', response.content.decode()).group(1)
    body = client.post(page(action, "embed"), signature(form_token=token)).content.decode()
    assert "One more step" in body and "share-telegram" in body and 'target="_blank"' in body
    submission = Submission.objects.get(action=action)
    url = page(action, "confirm", token=submission_confirm_token(submission))
    body = client.post(url).content.decode()
    assert "confirmed" in body and f"ref={referral_code(submission.person_id)}" in body
    assert "1</strong> signature" in body
    submission_confirm(token=submission_confirm_token(submission))  # idempotent


def test_the_widget_passes_the_host_pages_attribution_on(client, org_a):
    body = client.get(page(ActionFactory(organization=org_a), "widget")).content.decode()
    assert '"ref"' in body and "window.location.search" in body


# --- Workspace editor -------------------------------------------------------------------------


def asks_url(org, action):
    return reverse("actions:asks", kwargs={"org_slug": org.slug, "action_id": action.pk})


def test_edit_the_asks(client_a, org_a, org_b):
    action = ActionFactory(organization=org_a)
    other = ActionFactory(organization=org_a, kind=Action.Kind.FORM)
    theirs = ActionFactory(organization=org_b)
    post = client_a.post
    assert post(asks_url(org_a, action), {"op": "add", "ask-new-kind": "share"}).status_code == 302
    response = post(asks_url(org_a, action), {"op": "add", "ask-new-kind": "event"})
    assert response.status_code == 400
    assert "Give the address of the page." in response.content.decode()
    post(
        asks_url(org_a, action),
        {
            "op": "add",
            "ask-new-kind": "event",
            "ask-new-url": "https://example.org/forum",
            "ask-new-label_fr": "Forum",
        },
    )
    response = post(
        asks_url(org_a, action),
        {"op": "add", "ask-new-kind": "volunteer", "ask-new-target_action": theirs.pk},
    )
    assert response.status_code == 400  # not one of ours
    post(
        asks_url(org_a, action),
        {"op": "add", "ask-new-kind": "volunteer", "ask-new-target_action": other.pk},
    )
    response = post(
        asks_url(org_a, action),
        {"op": "add", "ask-new-kind": "donate", "ask-new-url": "javascript:alert(1)"},
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert [a["kind"] for a in action.next_asks] == ["share", "event", "volunteer"]
    assert action.next_asks[2] == {"kind": "volunteer", "action": other.pk}

    post(asks_url(org_a, action), {"op": "down", "index": "0"})
    post(asks_url(org_a, action), {"op": "remove", "index": "2"})
    post(
        asks_url(org_a, action),
        {"op": "save", "index": "1", "ask-1-kind": "share", "ask-1-label_en": "Tell your friends"},
    )
    action.refresh_from_db()
    assert action.next_asks == [
        {"kind": "event", "url": "https://example.org/forum", "label": {"fr": "Forum"}},
        {"kind": "share", "label": {"en": "Tell your friends"}},
    ]
    body = client_a.get(
        reverse("actions:edit", kwargs={"org_slug": org_a.slug, "action_id": action.pk})
    ).content.decode()
    assert "Tell your friends" in body and "https://example.org/forum" in body
