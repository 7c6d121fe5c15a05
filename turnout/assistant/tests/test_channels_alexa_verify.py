"""Alexa request verification: Amazon's checks on the certificate URL, the chain, the
signature and the timestamp (no database needed)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings

from turnout.assistant.channels import alexa
from turnout.assistant.channels.fakealexa import CERT_URL, FakeAlexa

APP_ID = "amzn1.ask.skill.test-0001"


@pytest.fixture(scope="module")
def fake():
    with FakeAlexa() as server:
        yield server


@pytest.fixture(autouse=True)
def configured(fake):
    alexa.chain_cache_clear()
    with override_settings(TURNOUT_ALEXA=fake.settings()):
        yield
    alexa.chain_cache_clear()


def verify(call):
    return alexa.request_verify(body=call.body, headers=call.headers)


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_certificate_urls_amazon_documents_as_valid(url):
    assert alexa.cert_url_check(url).startswith("/echo.api/")


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../other/echo-api-cert.pem",
        "",
    ],
)
def test_certificate_urls_amazon_documents_as_invalid(url):
    with pytest.raises(alexa.AlexaRejected):
        alexa.cert_url_check(url)


def test_a_signed_request_passes_and_the_chain_is_fetched_once(fake):
    before = fake.fetches
    payload = fake.intent("AskQuestion", app_id=APP_ID, question="comment voter")
    assert verify(fake.call(payload))["request"]["type"] == "IntentRequest"
    verify(fake.call(fake.intent("AMAZON.HelpIntent", app_id=APP_ID)))
    assert fake.fetches == before + 1


def test_the_legacy_sha1_signature_is_accepted(fake):
    verify(fake.call(fake.intent("AMAZON.HelpIntent", app_id=APP_ID), legacy=True))


def test_a_body_changed_after_signing_is_refused(fake):
    call = fake.call(fake.intent("AskQuestion", app_id=APP_ID, question="comment voter"))
    tampered = call.body.replace(b"comment voter", b"comment voler")
    with pytest.raises(alexa.AlexaRejected, match="bad signature"):
        alexa.request_verify(body=tampered, headers=call.headers)


def test_a_request_signed_with_another_key_is_refused(fake):
    _url, other = fake.add_chain("other.pem")
    call = fake.call(fake.intent("AMAZON.HelpIntent", app_id=APP_ID), key=other)
    with pytest.raises(alexa.AlexaRejected, match="bad signature"):
        verify(call)


def test_missing_or_garbled_signature_headers_are_refused(fake):
    call = fake.call(fake.intent("AMAZON.HelpIntent", app_id=APP_ID))
    with pytest.raises(alexa.AlexaRejected):
        alexa.request_verify(body=call.body, headers={"SignatureCertChainUrl": CERT_URL})
    with pytest.raises(alexa.AlexaRejected):
        alexa.request_verify(
            body=call.body,
            headers={"SignatureCertChainUrl": CERT_URL, "Signature-256": "not base64!"},
        )


def test_stale_and_future_timestamps_are_refused(fake):
    for delta in (timedelta(seconds=-151), timedelta(seconds=151)):
        when = datetime.now(UTC) + delta
        request = fake.request("LaunchRequest", timestamp=when)
        call = fake.call(fake.payload(request, app_id=APP_ID))
        with pytest.raises(alexa.AlexaRejected, match="stale"):
            verify(call)
    recent = fake.request("LaunchRequest", timestamp=datetime.now(UTC) - timedelta(seconds=100))
    verify(fake.call(fake.payload(recent, app_id=APP_ID)))


@pytest.mark.parametrize(
    ("name", "options", "reason"),
    [
        ("expired.pem", {"expired": True}, "validity"),
        ("wrong-san.pem", {"san": ("www.example.org",)}, "echo-api"),
        ("self-signed.pem", {"self_signed": True}, "trusted root"),
    ],
)
def test_bad_certificate_chains_are_refused(fake, name, options, reason):
    url, key = fake.add_chain(name, **options)
    call = fake.call(fake.intent("AMAZON.HelpIntent", app_id=APP_ID), key=key, url=url)
    with pytest.raises(alexa.AlexaRejected, match=reason):
        verify(call)


def test_a_chain_from_an_untrusted_root_is_refused(fake):
    with FakeAlexa() as stranger, override_settings(TURNOUT_ALEXA=stranger.settings(
        trusted_roots=str(fake.roots_path)
    )):  # fmt: skip
        call = stranger.call(stranger.intent("AMAZON.HelpIntent", app_id=APP_ID))
        with pytest.raises(alexa.AlexaRejected, match="trusted root"):
            verify(call)


def test_an_unreachable_chain_is_refused(fake):
    call = fake.call(
        fake.intent("AMAZON.HelpIntent", app_id=APP_ID),
        url="https://s3.amazonaws.com/echo.api/missing.pem",
    )
    with pytest.raises(alexa.AlexaRejected, match="unavailable"):
        verify(call)
