import pytest
from django.core.mail import EmailMultiAlternatives, get_connection
from django.test import override_settings

from turnout.messaging.models import OutboxMessage

from .factories import OutboxMessageFactory

pytestmark = pytest.mark.django_db


def test_the_outbox_backend_keeps_every_email():
    connection = get_connection("turnout.messaging.backends.outbox.EmailBackend")
    message = EmailMultiAlternatives(
        "Confirm your address",
        "Open https://x.test/confirm/abc",
        "from@example.org",
        ["a@example.org"],
        bcc=["b@example.org"],
        connection=connection,
        headers={"List-Id": "demo"},
    )
    message.attach_alternative("<p>Open</p>", "text/html")
    assert message.send() == 1
    stored = OutboxMessage.objects.get()
    assert stored.to == ["a@example.org", "b@example.org"]
    assert stored.html == "<p>Open</p>"
    assert stored.headers == {"List-Id": "demo"}


def test_the_outbox_screen_lists_and_shows_messages_with_clickable_links(client):
    OutboxMessageFactory(
        to=["lea@example.org"],
        subject="Bienvenue",
        body="Confirmez : http://127.0.0.1:8000/fr/accounts/confirm-email/k/",
    )
    OutboxMessageFactory(to=["other@example.org"], subject="Autre")
    listing = client.get("/fr/outbox/?to=lea").content.decode()
    assert "Bienvenue" in listing and "Autre" not in listing
    message = OutboxMessage.objects.get(subject="Bienvenue")
    detail = client.get(f"/fr/outbox/{message.pk}/").content.decode()
    assert '<a href="http://127.0.0.1:8000/fr/accounts/confirm-email/k/"' in detail


@override_settings(TURNOUT_OUTBOX_UI=False)
def test_the_outbox_screen_does_not_exist_in_production(client):
    message = OutboxMessageFactory()
    assert client.get("/fr/outbox/").status_code == 404
    assert client.get(f"/fr/outbox/{message.pk}/").status_code == 404
