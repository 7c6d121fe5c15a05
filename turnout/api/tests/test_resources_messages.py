"""Messages (broadcasts) over the API: read only, with their statistics."""

from __future__ import annotations

import pytest

from turnout.api.resources.testing import check_collection, check_scope, client_for
from turnout.messaging.models import Broadcast, Message
from turnout.messaging.tests.factories import BroadcastFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_a(org_a, owner_a):
    return client_for(org_a, user=owner_a)


def test_messages_list_one_and_statistics(api_a, org_a, org_b):
    sent = BroadcastFactory(
        organization=org_a,
        channel="email",
        sender="news@example.org",
        status=Broadcast.Status.SENT,
        recipients=4,
        opens=2,
        clicks=1,
        content={
            "fr": {"subject": "Bonjour", "body": "Texte"},
            "en": {"subject": "Hello", "body": "Text"},
        },
    )
    for status in ("delivered", "delivered", "failed", "suppressed"):
        MessageFactory(organization=org_a, broadcast=sent, status=status)
    BroadcastFactory(organization=org_a)
    BroadcastFactory(organization=org_b)
    body = check_collection(api_a, "/api/v1/messages", "osdi:messages", 2)
    first = body["_embedded"]["osdi:messages"][0]
    assert first["identifiers"] == [f"turnout:{sent.pk}"]
    assert first["type"] == "email" and first["from"] == "news@example.org"
    assert first["status"] == "sent"
    assert first["subject"] == "Hello"  # the reader's language (English by default)
    assert first["statistics"] == {
        "total_targeted": 4,
        "sent": 2,
        "delivered": 2,
        "failed": 1,
        "suppressed": 1,
        "queued": 0,
        "opened": 2,
        "clicked": 1,
    }
    french = api_a.get(f"/api/v1/messages/{sent.pk}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["subject"] == "Bonjour"
    assert french["_links"]["self"]["href"].endswith(f"/api/v1/messages/{sent.pk}")


def test_messages_are_read_only(api_a, org_a):
    broadcast = BroadcastFactory(organization=org_a)
    assert api_a.post("/api/v1/messages", {"name": "x"}).status_code == 405
    assert api_a.delete(f"/api/v1/messages/{broadcast.pk}").status_code == 405
    assert Broadcast.objects.count() == 1


def test_isolation_and_scope(api_a, org_a, org_b):
    other = BroadcastFactory(organization=org_b)
    assert api_a.get(f"/api/v1/messages/{other.pk}").status_code == 404
    check_scope(org_a, "/api/v1/messages", "messages")


def test_list_queries_are_bounded(api_a, org_a, django_assert_max_num_queries):
    for _ in range(6):
        broadcast = BroadcastFactory(organization=org_a)
        MessageFactory(organization=org_a, broadcast=broadcast, status=Message.Status.SENT)
    with django_assert_max_num_queries(6):
        assert api_a.get("/api/v1/messages").status_code == 200
