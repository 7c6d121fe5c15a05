"""Webhooks through our views: signatures checked on the raw request, replays ignored, STOP and
delivery reports applied; email bounces and complaints feed the suppression list."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from turnout.messaging.fakeproviders import (
    FakeProviderServer,
    brevo_event_call,
    twilio_inbound_call,
    twilio_status_call,
)
from turnout.messaging.models import Message, MessagingSettings
from turnout.people.models import Suppression
from turnout.people.tests.factories import ConsentFactory, PhoneNumberFactory

HOST = "http://testserver"


@pytest.fixture
def providers():
    with FakeProviderServer() as fake, override_settings(TURNOUT_SMS_PROVIDERS=fake.settings()):
        yield fake


def post(call):
    client = Client()
    return client.generic(
        call.method,
        call.path,
        data=call.body,
        content_type=call.content_type,
        headers=call.headers,
    )


def sent_sms(org, number, provider="twilio", provider_id="SM1", person=None):
    return Message.objects.create(
        organization=org,
        person=person,
        channel="sms",
        idempotency_key=f"k:{number}:{provider_id}",
        to_address=number,
        status="sent",
        provider=provider,
        provider_id=provider_id,
    )


def test_a_twilio_reply_with_a_valid_signature_is_stored_and_stop_applied(org_a, providers):
    MessagingSettings.objects.create(organization=org_a, sms_sender="+15005550006")
    phone = PhoneNumberFactory(person__organization=org_a, number="+33612345678")
    ConsentFactory(person=phone.person, channel="sms")
    call = twilio_inbound_call(f"{HOST}/hooks/sms/twilio/", sender="+33612345678", body="STOP")
    response = post(call)
    assert response.status_code == 200 and b"<Response" in response.content
    assert Message.objects.filter(direction="in", body="STOP").count() == 1
    assert Suppression.objects.filter(organization=org_a, channel="sms").count() == 1
    # Twilio confirms the STOP itself: we send no second confirmation.
    assert not Message.objects.filter(transactional=True).exists()

    assert post(call).status_code == 200  # the same webhook again (a retry)
    assert Message.objects.filter(direction="in").count() == 1


def test_a_tampered_or_unsigned_twilio_webhook_is_refused_and_changes_nothing(org_a, providers):
    MessagingSettings.objects.create(organization=org_a, sms_sender="+15005550006")
    PhoneNumberFactory(person__organization=org_a, number="+33612345678")
    call = twilio_inbound_call(f"{HOST}/hooks/sms/twilio/", sender="+33612345678", body="Bonjour")
    assert post(call.with_body(call.body.replace(b"Bonjour", b"STOP"))).status_code == 403
    assert post(call.without_header("X-Twilio-Signature")).status_code == 403
    assert post(call.with_headers(**{"X-Twilio-Signature": "AAAA"})).status_code == 403
    assert not Message.objects.filter(direction="in").exists()
    assert not Suppression.objects.exists()


def test_delivery_reports_move_messages_forward_only(org_a, providers):
    message = sent_sms(org_a, "+33612345678", provider_id="SMabc")
    delivered = twilio_status_call(
        f"{HOST}/hooks/sms/twilio/", message_sid="SMabc", status="delivered"
    )
    late_sent = twilio_status_call(f"{HOST}/hooks/sms/twilio/", message_sid="SMabc", status="sent")
    assert post(delivered).status_code == 200
    assert post(late_sent).status_code == 200  # arrives after "delivered"
    message.refresh_from_db()
    assert message.status == "delivered" and message.delivered_at


def test_an_undelivered_report_for_a_landline_marks_the_number(org_a, providers):
    phone = PhoneNumberFactory(person__organization=org_a, number="+33298000000")
    sent_sms(org_a, phone.number, provider_id="SMland", person=phone.person)
    call = twilio_status_call(
        f"{HOST}/hooks/sms/twilio/", message_sid="SMland", status="undelivered", error_code="30006"
    )
    assert post(call).status_code == 200
    phone.refresh_from_db()
    assert Message.objects.get(provider_id="SMland").status == "failed"
    assert phone.number_type == "landline" or phone.status == "bouncing"
    assert phone.person.activities.filter(kind="sms_failed").exists()


def test_brevo_calls_need_the_secret_token(org_a, providers):
    sent_sms(org_a, "+33612345678", provider="brevo", provider_id="1511882900176220")
    good = brevo_event_call(
        f"{HOST}/hooks/sms/brevo/", message_id="1511882900176220", status="delivered"
    )
    assert post(good.with_url(f"{HOST}/hooks/sms/brevo/?token=wrong")).status_code == 403
    assert post(good.with_url(f"{HOST}/hooks/sms/brevo/")).status_code == 403
    assert post(good).status_code == 200
    assert Message.objects.get().status == "delivered"


def test_an_unknown_provider_name_is_not_found(db):
    assert Client().post("/hooks/sms/nope/", data=b"", content_type="text/plain").status_code == 404


def test_an_email_hard_bounce_or_complaint_suppresses_the_address(org_a):
    from anymail.signals import AnymailTrackingEvent, tracking

    Message.objects.create(
        organization=org_a,
        channel="email",
        idempotency_key="b1:1",
        to_address="bounce@example.org",
        status="sent",
        provider="email",
        provider_id="esp-1",
    )
    event = AnymailTrackingEvent(
        event_type="bounced", message_id="esp-1", event_id="ev-1", recipient="bounce@example.org"
    )
    tracking.send(sender=object, event=event, esp_name="Brevo")
    tracking.send(sender=object, event=event, esp_name="Brevo")  # delivered twice
    suppression = Suppression.objects.get(organization=org_a, channel="email")
    assert suppression.reason == "bounce"
    assert Message.objects.get().status == "failed"

    Message.objects.create(
        organization=org_a,
        channel="email",
        idempotency_key="b1:2",
        to_address="spam@example.org",
        status="sent",
        provider="email",
        provider_id="esp-2",
    )
    complaint = AnymailTrackingEvent(
        event_type="complained",
        message_id="",
        event_id="ev-2",
        recipient="spam@example.org",
        metadata={"turnout_message": "b1:2"},
    )
    tracking.send(sender=object, event=complaint, esp_name="Brevo")
    assert Suppression.objects.filter(organization=org_a, reason="complaint").count() == 1


def test_opens_and_clicks_are_totals_only(org_a):
    from anymail.signals import AnymailTrackingEvent, tracking

    from turnout.messaging.tests.factories import BroadcastFactory

    broadcast = BroadcastFactory(organization=org_a, channel="email")
    message = Message.objects.create(
        organization=org_a,
        channel="email",
        broadcast=broadcast,
        idempotency_key="b9:1",
        to_address="reader@example.org",
        status="sent",
        provider="email",
        provider_id="esp-9",
    )
    for n, kind in enumerate(["opened", "opened", "clicked"]):
        tracking.send(
            sender=object,
            event=AnymailTrackingEvent(event_type=kind, message_id="esp-9", event_id=f"o{n}"),
            esp_name="Brevo",
        )
    broadcast.refresh_from_db()
    message.refresh_from_db()
    assert (broadcast.opens, broadcast.clicks) == (2, 1)
    assert message.status == "sent"  # nothing recorded about the reader
