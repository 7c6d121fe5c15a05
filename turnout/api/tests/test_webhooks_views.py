"""The workspace pages of webhooks, as an admin uses them (and who else may not)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from turnout.api.models import WebhookDelivery, WebhookSubscription
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory
from .webhooks_helpers import receiver_fixture, receiver_verifies  # noqa: F401

BASE = "/en/o/voix-citoyennes/api/webhooks/"
Status = WebhookDelivery.Status


def _audit(action):
    return list(AuditEvent.objects.filter(action=action).values_list("target_repr", flat=True))


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.VOLUNTEER])
def test_only_admins_reach_the_webhooks(client, org_a, role):
    user = MembershipFactory(organization=org_a, role=role).user
    subscription = WebhookSubscriptionFactory(organization=org_a)
    client.force_login(user)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{subscription.pk}/").status_code == 403
    assert client.post(f"{BASE}{subscription.pk}/disable/").status_code == 403
    subscription.refresh_from_db()
    assert subscription.active


def test_the_list_shows_state_last_delivery_and_the_rate_of_the_last_7_days(
    client_a, org_a, django_assert_max_num_queries
):
    good = WebhookSubscriptionFactory(organization=org_a, name="Warehouse")
    now = timezone.now()
    for status in (Status.SUCCEEDED, Status.SUCCEEDED, Status.SUCCEEDED, Status.GAVE_UP):
        WebhookDeliveryFactory(subscription=good, status=status, last_attempt_at=now)
    WebhookDeliveryFactory(
        subscription=good, status=Status.GAVE_UP, last_attempt_at=now - dt.timedelta(days=9)
    )
    WebhookSubscriptionFactory(
        organization=org_a,
        name="Old CRM",
        active=False,
        disabled_reason=WebhookSubscription.DisabledReason.FAILURES,
    )
    with django_assert_max_num_queries(12):
        response = client_a.get(BASE)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Warehouse" in content and "Old CRM" in content
    assert "75 %" in content and "3 of 4" in content
    assert "Turned off after repeated failures" in content


def test_adding_a_webhook_shows_its_secret_once(client_a, org_a, receiver):
    response = client_a.post(
        f"{BASE}new/",
        {
            "name": "Warehouse",
            "target_url": receiver.url,
            "event_types": ["person.created", "opt_out"],
        },
    )
    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{subscription.pk}/"
    assert subscription.event_types == ["person.created", "opt_out"]
    page = client_a.get(response["Location"]).content.decode()
    assert subscription.secret in page
    assert subscription.secret not in client_a.get(response["Location"]).content.decode()
    assert _audit("webhooks.subscription_created") == ["Warehouse"]


def test_a_webhook_needs_an_event_and_keeps_what_was_typed(client_a, org_a, receiver):
    response = client_a.post(f"{BASE}new/", {"name": "CRM", "target_url": receiver.url})
    assert response.status_code == 400
    assert response.context["form"].errors["event_types"] == ["Choose at least one event."]
    assert f'value="{receiver.url}"' in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_editing_rotating_turning_off_and_on(client_a, org_a, receiver):
    subscription = WebhookSubscriptionFactory(organization=org_a, target_url=receiver.url)
    old_secret = subscription.secret
    response = client_a.post(
        f"{BASE}{subscription.pk}/edit/",
        {"name": "Renamed", "target_url": receiver.url + "/v2", "event_types": ["action.taken"]},
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.name, subscription.event_types) == ("Renamed", ["action.taken"])
    assert subscription.target_url.endswith("/v2")

    client_a.post(f"{BASE}{subscription.pk}/secret/")
    subscription.refresh_from_db()
    assert subscription.secret != old_secret
    assert subscription.secret in client_a.get(f"{BASE}{subscription.pk}/").content.decode()

    client_a.post(f"{BASE}{subscription.pk}/disable/")
    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.disabled_reason == WebhookSubscription.DisabledReason.MANUAL
    client_a.post(f"{BASE}{subscription.pk}/enable/")
    subscription.refresh_from_db()
    assert subscription.active
    assert _audit("webhooks.subscription_updated") == ["Renamed"]
    assert len(_audit("webhooks.secret_rotated")) == 1
    assert len(_audit("webhooks.subscription_disabled")) == 1
    assert len(_audit("webhooks.subscription_enabled")) == 1


def test_the_test_button_reports_the_outcome(
    client_a, org_a, receiver, django_capture_on_commit_callbacks
):
    subscription = WebhookSubscriptionFactory(organization=org_a, target_url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(f"{BASE}{subscription.pk}/test/", follow=True)
    assert "The test is on its way" in response.content.decode()
    got = receiver.requests[0]
    assert got.headers["Turnout-Event"] == "ping"
    assert receiver_verifies(
        secret=subscription.secret, body=got.body, header=got.headers["Turnout-Signature"]
    )
    [logged] = client_a.get(f"{BASE}{subscription.pk}/").context["page"]
    assert (logged.event_label, logged.status) == ("Test", Status.SUCCEEDED)


def test_the_delivery_log_filters_and_replays(
    client_a, org_a, receiver, django_capture_on_commit_callbacks
):
    subscription = WebhookSubscriptionFactory(organization=org_a, target_url=receiver.url)
    failed = WebhookDeliveryFactory(
        subscription=subscription,
        status=Status.GAVE_UP,
        attempt_count=9,
        last_status_code=503,
        error="The receiver answered HTTP 503.",
        response_excerpt="maintenance window",
    )
    WebhookDeliveryFactory(subscription=subscription, status=Status.SUCCEEDED, attempt_count=1)

    page = client_a.get(f"{BASE}{subscription.pk}/", {"status": "failed"})
    assert page.status_code == 200
    assert [d.pk for d in page.context["page"]] == [failed.pk]
    assert "maintenance window" in page.content.decode()

    detail = client_a.get(f"{BASE}{subscription.pk}/deliveries/{failed.pk}/").content.decode()
    assert "maintenance window" in detail and "Léa" in detail  # answer and body sent

    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            f"{BASE}{subscription.pk}/deliveries/{failed.pk}/replay/", follow=True
        )
    assert "Sent again: on its way." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == Status.SUCCEEDED

    bad = client_a.post(f"{BASE}{subscription.pk}/replay/", {"since": "not a date"})
    assert bad.status_code == 400
    assert bad.context["replay_form"].errors["since"]
    ok = client_a.post(f"{BASE}{subscription.pk}/replay/", {"since": "2020-01-01"}, follow=True)
    assert "Failed deliveries sent again: 0." in ok.content.decode()
    assert len(_audit("webhooks.delivery_replayed")) == 1


def test_deleting_a_webhook(client_a, org_a):
    subscription = WebhookSubscriptionFactory(organization=org_a)
    WebhookDeliveryFactory(subscription=subscription)
    response = client_a.post(f"{BASE}{subscription.pk}/delete/")
    assert response.status_code == 302
    assert not WebhookSubscription.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert len(_audit("webhooks.subscription_deleted")) == 1


def test_another_organizations_webhook_is_not_found(client_a, org_b):
    theirs = WebhookSubscriptionFactory(organization=org_b)
    delivery = WebhookDeliveryFactory(subscription=theirs)
    assert client_a.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client_a.post(f"{BASE}{theirs.pk}/test/").status_code == 404
    assert client_a.get(f"{BASE}{theirs.pk}/deliveries/{delivery.pk}/").status_code == 404


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_pages_open_in_every_language(client_a, org_a, language):
    subscription = WebhookSubscriptionFactory(organization=org_a)
    delivery = WebhookDeliveryFactory(subscription=subscription)
    base = BASE.replace("/en/", f"/{language}/")
    for path in ("", "new/", f"{subscription.pk}/", f"{subscription.pk}/edit/"):
        assert client_a.get(base + path).status_code == 200, path
    assert client_a.get(f"{base}{subscription.pk}/deliveries/{delivery.pk}/").status_code == 200
