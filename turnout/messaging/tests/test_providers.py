"""SMS provider adapters against the local fake providers (turnout.messaging.fakeproviders)."""

from __future__ import annotations

import json
import socket
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from turnout.messaging import fakeproviders as fp
from turnout.messaging.providers import get_provider
from turnout.messaging.providers.base import (
    DeliveryState,
    Found,
    OutgoingSms,
    ProviderError,
    Reason,
    WebhookRejected,
)
from turnout.messaging.providers.brevo import BrevoProvider
from turnout.messaging.providers.ovh import OvhProvider, ovh_signature
from turnout.messaging.providers.twilio import TwilioProvider, twilio_signature
from turnout.messaging.providers.vonage import VonageProvider, vonage_signature

TO = "+33612345678"
HOOK = "http://testserver/webhooks/sms/"


@pytest.fixture(scope="module")
def fake_server():
    with fp.FakeProviderServer(ovh_clock_offset=1234) as server:
        yield server


@pytest.fixture
def fake(fake_server):
    fake_server.reset()
    yield fake_server
    fake_server.reset()


def sms(body="Rendez-vous samedi 10h place de la Mairie", reference="msg-1", **kwargs):
    defaults = {"to": TO, "sender": "", "status_url": HOOK + "x/"}
    return OutgoingSms(body=body, reference=reference, **{**defaults, **kwargs})


def adapter(fake, name, **extra):
    cls = {
        "twilio": TwilioProvider,
        "vonage": VonageProvider,
        "brevo": BrevoProvider,
        "ovh": OvhProvider,
    }[name]
    return cls(**fake.options(name, **extra))


def since():
    return datetime.now(UTC) - timedelta(seconds=30)


# -- signature helpers agree with published vectors and with the fake's independent code ----


def test_vonage_md5hash_signature_matches_vonages_published_example():
    params = {"a": "1", "b": "2", "timestamp": "1461605396"}
    assert vonage_signature(params, "secret") == "6af838ef94998832dbfc29020b564830"


def test_twilio_signature_matches_twilios_published_example():
    # https://www.twilio.com/docs/usage/security#validating-requests (example values)
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+12349013030",
        "Digits": "1234",
        "From": "+12349013030",
        "To": "+18005551212",
    }
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert twilio_signature(url, params, "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
    assert fp.sign_twilio(url, params, "12345") == "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


@pytest.mark.parametrize("method", ["md5hash", "md5", "sha1", "sha256", "sha512"])
def test_vonage_signature_methods_agree_with_the_fake(method):
    params = {"to": "33612345678", "text": "a&b=c", "timestamp": "1700000000"}
    assert vonage_signature(params, "s3cret", method) == fp.sign_vonage(params, "s3cret", method)


def test_ovh_signature_is_dollar_one_sha1_of_the_plus_joined_parts():
    signature = ovh_signature("AS", "CK", "post", "https://eu.api.ovh.com/1.0/x", "{}", 1)
    assert signature == fp.sign_ovh("AS", "CK", "POST", "https://eu.api.ovh.com/1.0/x", "{}", 1)
    assert signature.startswith("$1$") and len(signature) == 43


# -- Twilio -------------------------------------------------------------------------------


def test_twilio_send_posts_the_documented_form_fields_with_basic_auth(fake):
    result = adapter(fake, "twilio").send(sms())
    request = fake.last_request
    assert request["method"] == "POST"
    assert request["path"] == f"/2010-04-01/Accounts/{fp.TWILIO_ACCOUNT_SID}/Messages.json"
    form = dict(parse_qsl(request["body"].decode()))
    assert set(form) == {"To", "From", "Body", "StatusCallback"}
    assert form["To"] == TO and form["From"] == "+15005550006"
    assert form["StatusCallback"] == HOOK + "x/?ref=msg-1"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert request["headers"]["Authorization"].startswith("Basic ")
    assert result.provider_id.startswith("SM") and result.segments == 1
    [message] = fake.messages
    assert (message.provider, message.to, message.reference) == ("twilio", TO, "msg-1")


def test_twilio_can_authenticate_with_an_api_key_and_use_a_messaging_service(fake):
    provider = adapter(
        fake,
        "twilio",
        api_key_sid=fp.TWILIO_API_KEY_SID,
        api_key_secret=fp.TWILIO_API_KEY_SECRET,
        from_number="",
        messaging_service_sid="MG" + "1" * 32,
    )
    provider.send(sms())
    form = dict(parse_qsl(fake.last_request["body"].decode()))
    assert form["MessagingServiceSid"] == "MG" + "1" * 32 and "From" not in form


def test_twilio_wrong_credentials_are_an_account_error_not_the_persons(fake):
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "twilio", auth_token="wrong").send(sms())
    assert caught.value.code == "20003" and caught.value.reason == Reason.ACCOUNT
    assert caught.value.transient and fake.total() == 0


@pytest.mark.parametrize(
    ("kind", "code", "reason"),
    [
        ("invalid", "21211", Reason.INVALID_NUMBER),
        ("landline", "21614", Reason.NOT_MOBILE),
        ("unsubscribed", "21610", Reason.UNSUBSCRIBED),
    ],
)
def test_twilio_documented_number_errors_are_permanent(fake, kind, code, reason):
    fake.number_errors[TO] = kind
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "twilio").send(sms())
    assert (caught.value.transient, caught.value.code, caught.value.reason) == (False, code, reason)


def test_twilio_missing_to_gets_error_21604(fake):
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "twilio").send(sms(to=""))
    assert caught.value.code == "21604" and not caught.value.transient
    assert caught.value.reason == Reason.INVALID_REQUEST


def test_twilio_status_callback_is_verified_and_parsed(fake):
    provider = adapter(fake, "twilio")
    call = fp.twilio_status_call(
        HOOK + "twilio/?ref=msg-1", message_sid="SM1", status="undelivered", error_code="30006"
    )
    parsed = provider.parse_webhook(call.django_request())
    [event] = parsed.statuses
    assert (event.provider_id, event.state, event.reference) == (
        "SM1",
        DeliveryState.FAILED,
        "msg-1",
    )
    assert event.error == "30006" and event.reason == Reason.NOT_MOBILE
    delivered = fp.twilio_status_call(HOOK + "twilio/", message_sid="SM1", status="delivered")
    assert provider.parse_webhook(delivered.django_request()).statuses[0].state is (
        DeliveryState.DELIVERED
    )


def test_twilio_inbound_is_answered_with_empty_twiml(fake):
    call = fp.twilio_inbound_call(HOOK + "twilio/", sender=TO, body="STOP")
    parsed = adapter(fake, "twilio").parse_webhook(call.django_request())
    [inbound] = parsed.inbound
    assert (inbound.sender, inbound.body) == (TO, "STOP")
    assert parsed.response_body.endswith("<Response/>")
    assert parsed.response_content_type == "text/xml"


def test_twilio_rejects_tampered_unsigned_and_foreign_webhooks(fake):
    provider = adapter(fake, "twilio")
    call = fp.twilio_status_call(HOOK + "twilio/?ref=msg-1", message_sid="SM1", status="sent")
    tampered_body = call.with_body(call.body.replace(b"sent", b"delivered"))
    tampered_url = call.with_url(HOOK + "twilio/?ref=msg-2")
    unsigned = call.without_header("X-Twilio-Signature")
    other_key = fp.twilio_status_call(HOOK, message_sid="SM1", status="sent", auth_token="other")
    for bad in (tampered_body, tampered_url, unsigned, other_key):
        with pytest.raises(WebhookRejected):
            provider.parse_webhook(bad.django_request())


def test_twilio_accepts_the_url_with_or_without_the_default_port(fake):
    call = fp.twilio_status_call("https://example.org:443/hook/", message_sid="SM1", status="sent")
    request = call.with_url("https://example.org/hook/").django_request()
    assert adapter(fake, "twilio").parse_webhook(request).statuses


def test_twilio_lookup_matches_our_body_and_never_answers_no(fake):
    provider = adapter(fake, "twilio")
    message = sms(body="Le porte-à-porte commence à 18h")
    result = provider.send(message)
    found = provider.lookup(reference="msg-1", to=TO, sent_after=since(), body=message.body)
    assert found.found is Found.YES and found.provider_id == result.provider_id
    other = provider.lookup(reference="msg-2", to=TO, sent_after=since(), body="Autre texte")
    assert other.found is Found.UNKNOWN
    assert provider.lookup(reference="msg-1", to=TO, sent_after=since()).found is Found.UNKNOWN
    later = datetime.now(UTC) + timedelta(hours=1)
    assert provider.lookup(reference="m", to=TO, sent_after=later, body=message.body).found is (
        Found.UNKNOWN
    )


def test_twilio_stop_confirmation_is_twilios():
    assert TwilioProvider.sends_own_stop_confirmation is True


# -- Vonage -------------------------------------------------------------------------------


def test_vonage_send_posts_the_documented_fields(fake):
    result = adapter(fake, "vonage").send(sms())
    request = fake.last_request
    assert request["path"] == "/sms/json"
    form = dict(parse_qsl(request["body"].decode()))
    assert set(form) == {
        "api_key",
        "api_secret",
        "from",
        "to",
        "text",
        "type",
        "client-ref",
        "callback",
    }
    assert form["to"] == "33612345678" and form["type"] == "text"
    assert (form["api_key"], form["api_secret"]) == (fp.VONAGE_API_KEY, fp.VONAGE_API_SECRET)
    assert form["client-ref"] == "msg-1" and form["callback"] == HOOK + "x/"
    assert result.segments == 1 and result.cost_cents == 3


def test_vonage_flags_unicode_and_counts_every_part(fake):
    result = adapter(fake, "vonage").send(sms(body="Привет! " * 20))
    [message] = fake.messages
    assert message.unicode_flag is True and message.fields["type"] == "unicode"
    assert result.segments == 3 and result.cost_cents == 10  # 3 x 0.0333 rounded


def test_vonage_gsm_text_is_sent_as_text(fake):
    adapter(fake, "vonage").send(sms(body="Réunion à 20h, café offert €"))
    assert fake.messages[0].unicode_flag is False


@pytest.mark.parametrize("method", ["md5hash", "sha256"])
def test_vonage_signed_requests_are_accepted(fake, method):
    fake.vonage_signature_method = method
    try:
        provider = adapter(fake, "vonage", sign_requests=True, signature_method=method)
        provider.send(sms())
        form = dict(parse_qsl(fake.last_request["body"].decode()))
        assert "api_secret" not in form and form["sig"] and form["timestamp"]
        bad = adapter(
            fake, "vonage", sign_requests=True, signature_method=method, signature_secret="wrong"
        )
        with pytest.raises(ProviderError) as caught:
            bad.send(sms())
        assert caught.value.code == "14" and caught.value.transient
    finally:
        fake.vonage_signature_method = "md5hash"


def test_vonage_bad_credentials_are_an_account_error(fake):
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "vonage", api_secret="wrong").send(sms())
    assert (caught.value.code, caught.value.reason, caught.value.transient) == (
        "4",
        Reason.ACCOUNT,
        True,
    )


@pytest.mark.parametrize(
    ("kind", "code", "reason"),
    [("invalid", "6", Reason.INVALID_NUMBER), ("blocked", "7", Reason.BLOCKED)],
)
def test_vonage_number_errors_are_permanent(fake, kind, code, reason):
    fake.number_errors[TO] = kind
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "vonage").send(sms())
    assert (caught.value.transient, caught.value.code, caught.value.reason) == (False, code, reason)


def test_vonage_missing_to_is_status_2_and_throttling_is_transient(fake):
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "vonage").send(sms(to=""))
    assert (caught.value.code, caught.value.transient) == ("2", False)
    throttled = VonageProvider(api_key="k")._error({"status": "1", "error-text": "Throttled"})
    assert throttled.transient and throttled.reason == Reason.RATE_LIMITED


@pytest.mark.parametrize("method", ["GET", "POST", "POST-JSON"])
def test_vonage_signed_delivery_receipts_are_parsed(fake, method):
    call = fp.vonage_dlr_call(
        HOOK + "vonage/",
        message_id="0A00000012345678",
        status="failed",
        err_code="4",
        client_ref="msg-1",
        method=method,
    )
    [event] = adapter(fake, "vonage").parse_webhook(call.django_request()).statuses
    assert (event.provider_id, event.state, event.reference) == (
        "0A00000012345678",
        DeliveryState.FAILED,
        "msg-1",
    )
    assert event.error == "4" and event.reason == Reason.BLOCKED


def test_vonage_hmac_signed_inbound_is_parsed(fake):
    provider = adapter(fake, "vonage", signature_method="sha512")
    call = fp.vonage_inbound_call(
        HOOK + "vonage/", msisdn="33612345678", text="STOP", signature_method="sha512"
    )
    [inbound] = provider.parse_webhook(call.django_request()).inbound
    assert (inbound.sender, inbound.recipient, inbound.body) == (TO, "+33700000000", "STOP")


def test_vonage_rejects_tampered_unsigned_stale_and_foreign_webhooks(fake):
    provider = adapter(fake, "vonage")
    call = fp.vonage_dlr_call(HOOK + "vonage/", message_id="X1", status="delivered", method="POST")
    tampered = call.with_body(call.body.replace(b"delivered", b"failed"))
    unsigned = fp.WebhookCall(
        "GET", HOOK + "vonage/?messageId=X1&status=delivered&msisdn=33612345678"
    )
    stale = fp.vonage_dlr_call(
        HOOK + "vonage/", message_id="X1", status="delivered", timestamp=int(time.time()) - 3600
    )
    other_secret = fp.vonage_dlr_call(HOOK, message_id="X1", status="delivered", secret="other")
    other_account = fp.vonage_dlr_call(HOOK, message_id="X1", status="delivered", api_key="zz")
    for bad in (tampered, unsigned, stale, other_secret, other_account):
        with pytest.raises(WebhookRejected):
            provider.parse_webhook(bad.django_request())


def test_vonage_lookup_uses_the_reports_api_only_when_enabled(fake):
    provider = adapter(fake, "vonage", lookup_with_reports=True)
    result = provider.send(sms(reference="ref-42"))
    found = provider.lookup(reference="ref-42", to=TO, sent_after=since())
    assert (found.found, found.provider_id) == (Found.YES, result.provider_id)
    assert fake.last_request["path"] == "/v2/reports/records"
    assert fake.last_request["query"]["product"] == "SMS"
    missing = provider.lookup(reference="ref-43", to=TO, sent_after=since())
    assert missing.found is Found.UNKNOWN
    requests_before = fake.requests["vonage"]
    disabled = adapter(fake, "vonage").lookup(reference="ref-42", to=TO, sent_after=since())
    assert disabled.found is Found.UNKNOWN and fake.requests["vonage"] == requests_before


# -- Brevo --------------------------------------------------------------------------------


def test_brevo_send_posts_the_documented_json_with_the_api_key_header(fake):
    result = adapter(fake, "brevo").send(sms())
    request = fake.last_request
    assert request["path"] == "/v3/transactionalSMS/sms"
    assert request["headers"]["api-key"] == fp.BREVO_API_KEY
    body = json.loads(request["body"])
    assert set(body) == {
        "sender",
        "recipient",
        "content",
        "type",
        "tag",
        "webUrl",
        "unicodeEnabled",
    }
    assert body["recipient"] == "33612345678" and body["type"] == "transactional"
    assert body["tag"] == "msg-1" and body["unicodeEnabled"] is False
    assert body["webUrl"] == HOOK + "x/?token=" + fp.WEBHOOK_TOKEN
    assert result.provider_id == str(fake.messages[0].provider_id) and result.segments == 1


def test_brevo_flags_unicode(fake):
    adapter(fake, "brevo").send(sms(body="Merci 🙏"))
    assert fake.messages[0].unicode_flag is True


def test_brevo_new_send_endpoint_answers_only_the_message_id(fake):
    result = adapter(fake, "brevo", endpoint="send").send(sms())
    assert fake.last_request["path"] == "/v3/transactionalSMS/send"
    assert result.provider_id and result.segments is None


def test_brevo_errors(fake):
    provider = adapter(fake, "brevo")
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "brevo", api_key="wrong").send(sms())
    assert (caught.value.code, caught.value.transient) == ("unauthorized", True)
    fake.number_errors[TO] = "invalid"
    with pytest.raises(ProviderError) as caught:
        provider.send(sms())
    assert (caught.value.code, caught.value.reason) == ("invalid_parameter", Reason.INVALID_NUMBER)
    assert not caught.value.transient
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "brevo", sender="").send(sms())
    assert (caught.value.code, caught.value.transient) == ("missing_parameter", False)
    fake.fail_next(status=402, provider="brevo")
    with pytest.raises(ProviderError) as caught:
        provider.send(sms(to="+33611111111"))
    assert caught.value.transient and caught.value.reason == Reason.ACCOUNT


def test_brevo_stop_handling_depends_on_the_sms_type(fake):
    assert adapter(fake, "brevo", sms_type="marketing").sends_own_stop_confirmation is True
    assert adapter(fake, "brevo").sends_own_stop_confirmation is False


def test_brevo_events_are_parsed(fake):
    provider = adapter(fake, "brevo")
    delivered = fp.brevo_event_call(HOOK + "brevo/", message_id=12, status="delivered", tag="m1")
    [event] = provider.parse_webhook(delivered.django_request()).statuses
    assert (event.provider_id, event.state, event.reference) == (
        "12",
        DeliveryState.DELIVERED,
        "m1",
    )
    bounce = fp.brevo_event_call(HOOK + "brevo/", message_id=12, status="hard_bounce", tag="m1")
    [event] = provider.parse_webhook(bounce.django_request()).statuses
    assert event.state is DeliveryState.FAILED and event.reason == Reason.INVALID_NUMBER
    stop = fp.brevo_event_call(HOOK + "brevo/", message_id=12, status="unsubscribe")
    [opt_out] = provider.parse_webhook(stop.django_request()).opt_outs
    assert opt_out.sender == TO
    reply = fp.brevo_event_call(HOOK + "brevo/", message_id=12, status="reply", reply="Oui")
    [inbound] = provider.parse_webhook(reply.django_request()).inbound
    assert (inbound.sender, inbound.body) == (TO, "Oui")


def test_brevo_webhooks_need_the_secret(fake):
    provider = adapter(fake, "brevo")
    good = fp.brevo_event_call(HOOK + "brevo/", message_id=1, status="sent")
    wrong = fp.brevo_event_call(HOOK + "brevo/", message_id=1, status="sent", token="guess")
    missing = fp.brevo_event_call(HOOK + "brevo/", message_id=1, status="sent", token="")
    assert provider.parse_webhook(good.django_request()).statuses
    for bad in (wrong, missing):
        with pytest.raises(WebhookRejected):
            provider.parse_webhook(bad.django_request())
    with pytest.raises(WebhookRejected):  # nothing configured: closed
        adapter(fake, "brevo", webhook_token="").parse_webhook(good.django_request())
    basic = adapter(fake, "brevo", webhook_token="", webhook_username="u", webhook_password="p")
    authorized = missing.with_headers(Authorization="Basic dTpw")  # u:p
    assert basic.parse_webhook(authorized.django_request()).statuses
    with pytest.raises(WebhookRejected):
        basic.parse_webhook(missing.with_headers(Authorization="Basic dTp4").django_request())


def test_brevo_lookup_by_tag(fake):
    provider = adapter(fake, "brevo")
    result = provider.send(sms(reference="ref-7"))
    found = provider.lookup(reference="ref-7", to=TO, sent_after=since())
    assert (found.found, found.provider_id) == (Found.YES, result.provider_id)
    assert fake.last_request["query"]["tags"] == "ref-7"
    assert provider.lookup(reference="ref-8", to=TO, sent_after=since()).found is Found.UNKNOWN


# -- OVHcloud -----------------------------------------------------------------------------


def test_ovh_send_is_signed_with_ovhclouds_clock_and_posts_the_documented_json(fake):
    result = adapter(fake, "ovh").send(sms())  # the fake's clock is 1234 s ahead of ours
    request = fake.last_request
    assert request["path"] == f"/1.0/sms/{fp.OVH_SERVICE_NAME}/jobs"
    headers = request["headers"]
    assert headers["X-Ovh-Application"] == fp.OVH_APPLICATION_KEY
    assert headers["X-Ovh-Consumer"] == fp.OVH_CONSUMER_KEY
    assert abs(int(headers["X-Ovh-Timestamp"]) - (time.time() + 1234)) < 5
    assert headers["X-Ovh-Signature"].startswith("$1$")
    body = json.loads(request["body"])
    assert body["receivers"] == [TO] and body["tag"] == "msg-1"
    assert body["coding"] == "7bit" and body["noStopClause"] is True
    assert body["sender"] == "Turnout" and body["message"] == sms().body
    assert result.provider_id == fake.messages[0].provider_id


def test_ovh_flags_8bit_for_unicode(fake):
    adapter(fake, "ovh").send(sms(body="Καλημέρα"))
    assert json.loads(fake.last_request["body"])["coding"] == "8bit"


def test_ovh_errors(fake):
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "ovh", consumer_key="wrong").send(sms())
    assert (caught.value.code, caught.value.transient) == ("INVALID_CREDENTIAL", True)
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "ovh", application_secret="wrong").send(sms())
    assert caught.value.code == "INVALID_SIGNATURE"
    fake.number_errors[TO] = "invalid"
    with pytest.raises(ProviderError) as caught:
        adapter(fake, "ovh").send(sms())
    assert (caught.value.transient, caught.value.reason) == (False, Reason.INVALID_NUMBER)


def test_ovh_stop_clause_means_ovhcloud_handles_stop(fake):
    assert adapter(fake, "ovh", no_stop_clause=False).sends_own_stop_confirmation is True
    assert adapter(fake, "ovh").sends_own_stop_confirmation is False


def test_ovh_delivery_reports_need_the_token(fake):
    provider = adapter(fake, "ovh")
    delivered = fp.ovh_dlr_call(HOOK + "ovh/", sms_id=123, dlr=1, ptt=4)
    [event] = provider.parse_webhook(delivered.django_request()).statuses
    assert (event.provider_id, event.state) == ("123", DeliveryState.DELIVERED)
    rejected = fp.ovh_dlr_call(HOOK + "ovh/", sms_id=123, dlr=16)
    assert provider.parse_webhook(rejected.django_request()).statuses[0].state is (
        DeliveryState.FAILED
    )
    for bad in (
        fp.ovh_dlr_call(HOOK + "ovh/", sms_id=1, dlr=1, token="guess"),
        fp.ovh_dlr_call(HOOK + "ovh/", sms_id=1, dlr=1, token=""),
    ):
        with pytest.raises(WebhookRejected):
            provider.parse_webhook(bad.django_request())


def test_ovh_lookup_by_tag_and_receiver(fake):
    provider = adapter(fake, "ovh")
    result = provider.send(sms(reference="ref-9"))
    found = provider.lookup(reference="ref-9", to=TO, sent_after=since())
    assert (found.found, found.provider_id) == (Found.YES, result.provider_id)
    assert fake.last_request["query"] == {"tag": "ref-9", "receiver": TO}
    assert provider.lookup(reference="ref-10", to=TO, sent_after=since()).found is Found.UNKNOWN


# -- transport errors, the same for every adapter --------------------------------------------

ALL = ["twilio", "vonage", "brevo", "ovh"]


@pytest.mark.parametrize("name", ALL)
def test_server_errors_and_throttling_are_transient(fake, name):
    provider = adapter(fake, name)
    provider.send(sms(reference="warm-up"))  # OVHcloud: clock synchronised before the faults
    fake.fail_next(status=503, provider=name)
    with pytest.raises(ProviderError) as caught:
        provider.send(sms())
    assert caught.value.transient and caught.value.reason == Reason.UNAVAILABLE
    assert not caught.value.maybe_sent
    fake.throttle_next(provider=name)
    with pytest.raises(ProviderError) as caught:
        provider.send(sms())
    assert caught.value.transient and caught.value.reason == Reason.RATE_LIMITED
    assert fake.count("msg-1") == 0


@pytest.mark.parametrize("name", ALL)
def test_a_timeout_is_transient_and_may_have_sent_the_message(fake, name):
    provider = adapter(fake, name, read_timeout=0.3)
    provider.send(sms(reference="warm-up"))
    fake.delay_next(seconds=0.8, provider=name)
    with pytest.raises(ProviderError) as caught:
        provider.send(sms())
    assert caught.value.transient and caught.value.maybe_sent
    assert caught.value.code == "timeout"
    time.sleep(0.7)
    assert fake.count("msg-1") == 1  # the provider accepted it: only lookup can tell


@pytest.mark.parametrize("name", ALL)
def test_a_dropped_connection_may_have_sent_the_message(fake, name):
    provider = adapter(fake, name)
    provider.send(sms(reference="warm-up"))
    fake.drop_next(provider=name)
    with pytest.raises(ProviderError) as caught:
        provider.send(sms())
    assert caught.value.transient and caught.value.maybe_sent
    assert fake.count("msg-1") == 1


def test_a_refused_connection_was_certainly_not_sent():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    provider = TwilioProvider(
        account_sid="AC1", auth_token="t", from_number="+1", base_url=f"http://127.0.0.1:{port}"
    )
    with pytest.raises(ProviderError) as caught:
        provider.send(sms())
    assert caught.value.transient and not caught.value.maybe_sent


# -- settings -----------------------------------------------------------------------------


def test_get_provider_builds_each_configured_adapter_once(fake):
    with override_settings(TURNOUT_SMS_PROVIDERS=fake.settings(), TURNOUT_SMS_PROVIDER="brevo"):
        default = get_provider()
        assert isinstance(default, BrevoProvider) and default is get_provider("brevo")
        assert isinstance(get_provider("ovh"), OvhProvider)
        assert default.alias == "brevo"
        with pytest.raises(ImproperlyConfigured):
            get_provider("nope")
    with override_settings(TURNOUT_SMS_PROVIDERS=fake.settings()):
        assert get_provider("brevo") is not default  # settings changed: built again


def test_get_provider_rejects_a_backend_that_is_not_an_adapter():
    bad = {"x": {"BACKEND": "turnout.messaging.fakeproviders.FakeProviderServer"}}
    with override_settings(TURNOUT_SMS_PROVIDERS=bad), pytest.raises(ImproperlyConfigured):
        get_provider("x")


# -- the fake itself ----------------------------------------------------------------------


def test_the_fake_counts_concurrent_sends_per_reference(fake):
    from concurrent.futures import ThreadPoolExecutor

    provider = adapter(fake, "vonage")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: provider.send(sms(reference=f"r{i % 10}")), range(200)))
    assert fake.total() == 200 and all(fake.count(f"r{i}") == 20 for i in range(10))
