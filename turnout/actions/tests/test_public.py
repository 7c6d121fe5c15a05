import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from turnout.actions import public_views
from turnout.actions.models import Action, Submission
from turnout.actions.tests.factories import ActionFactory, ActionSponsorFactory
from turnout.people.models import Consent, Person

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


def test_drafts_are_not_public(client, org_a):
    draft = ActionFactory(organization=org_a, status=Action.Status.DRAFT)
    assert client.get(page(draft)).status_code == 404
    assert client.post(page(draft), signature()).status_code == 404


def test_sign_from_the_public_page_with_attribution(client, org_a, org_b):
    action = ActionFactory(organization=org_a, goal=10)
    sponsor = ActionSponsorFactory(action=action, organization=org_b)
    response = client.get(page(action) + "?utm_source=mastodon&source=TOOT")
    body = response.content.decode()
    assert response.status_code == 200
    assert action.title["en"] in body and "I agree to receive news" in body
    assert 'value="mastodon"' in body
    response = client.post(
        page(action),
        signature(
            consent="on", utm_source="mastodon", source="TOOT", **{f"sponsor_{sponsor.pk}": "on"}
        ),
    )
    assert response.status_code == 302
    assert response["Location"].startswith(page(action, "thanks") + "?code=")
    submission = Submission.objects.get(action=action)
    assert submission.utm_source == "mastodon" and submission.source_code == "TOOT"
    assert submission.language == "en"
    consent = Consent.objects.get(person=submission.person, current=True)
    assert consent.notice_text == "I agree to receive news from the campaign."
    assert Person.objects.filter(organization=org_b).count() == 1
    action.refresh_from_db()
    assert action.signature_count == 1
    assert client.get(response["Location"]).status_code == 200


def test_bad_input_gets_clear_errors_and_nothing_counted(client, org_a):
    action = ActionFactory(organization=org_a)
    response = client.post(page(action), signature(email="", given_name=""))
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"email", "given_name"}
    response = client.post(page(action), signature(phone="not a phone"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert not Submission.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_ignored(client, org_a):
    action = ActionFactory(organization=org_a)
    response = client.post(page(action), signature(website="http://spam.example"))
    assert response.status_code == 302
    assert not Submission.objects.exists() and not Person.objects.exists()


def test_closed_action_shows_but_refuses(client, org_a):
    action = ActionFactory(organization=org_a, status=Action.Status.CLOSED)
    assert "closed" in client.get(page(action)).content.decode()
    assert client.post(page(action), signature()).status_code == 400
    assert not Submission.objects.exists()


def test_rate_limit_per_connection(client, org_a, monkeypatch):
    monkeypatch.setattr(public_views, "RATE_LIMIT", (2, 60))
    action = ActionFactory(organization=org_a)
    for index in range(2):
        assert (
            client.post(page(action), signature(email=f"r{index}@example.org")).status_code == 302
        )
    assert client.post(page(action), signature(email="r3@example.org")).status_code == 429
    assert Submission.objects.count() == 2


def test_a_replayed_submission_counts_once(client, org_a):
    action = ActionFactory(organization=org_a)
    for _ in range(3):
        client.post(page(action), signature())
    action.refresh_from_db()
    assert action.signature_count == 1 and Submission.objects.count() == 1


def test_double_opt_in_by_email_a_get_never_confirms(
    client, org_a, django_capture_on_commit_callbacks
):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(action), signature(consent="on"))
    assert "pending=1" in response["Location"].split("?", 1)[1]
    assert "One more step" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    url = re.search(r"https?://\S+/confirm/\S+/", mail.outbox[0].body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200 and "Confirm my signature" in response.content.decode()
    submission = Submission.objects.get(action=action)
    assert submission.status == Submission.Status.PENDING
    for _ in range(2):
        response = client.post("/" + path)
        assert response.status_code == 200
        assert "confirmed" in response.content.decode()
    submission.refresh_from_db()
    action.refresh_from_db()
    assert submission.status == Submission.Status.CONFIRMED and action.signature_count == 1
    assert Consent.objects.get(person=submission.person, current=True).status == "granted"


def test_a_bad_confirmation_token_is_a_clear_error(client, org_a):
    action = ActionFactory(organization=org_a, double_opt_in=True)
    response = client.post(page(action, "confirm", token="forged"))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
