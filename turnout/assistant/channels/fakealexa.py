"""A stand-in for Amazon's side of an Alexa skill, for tests: a certificate authority generated
on the fly, a signing certificate for ``echo-api.amazon.com`` served over loopback HTTP like
``https://s3.amazonaws.com/echo.api/echo-api-cert.pem``, and requests signed as Alexa signs
them (``Signature-256``: RSA PKCS#1 v1.5 with SHA-256 over the raw body; the legacy
``Signature`` with SHA-1).

    with FakeAlexa() as alexa:
        with override_settings(TURNOUT_ALEXA=alexa.settings()):
            call = alexa.call(alexa.intent("AskQuestion", question="...", app_id="amzn1..."))
            client.generic("POST", url, call.body, content_type=..., headers=call.headers)
"""

from __future__ import annotations

import base64
import json
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from turnout.core.loopback import LoopbackServer, QuietHandler

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(subject, issuer, key, issuer_key, *, ca: bool, san=None, not_before=None, days=30):
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after((not_before or now) + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in san]), critical=False
        ).add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(*certs) -> bytes:
    return b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)


@dataclass(frozen=True)
class SignedCall:
    body: bytes
    headers: dict


class _Handler(QuietHandler):
    def do_GET(self):
        fake = self.server.fake
        fake.fetches += 1
        data = fake.files.get(self.path.split("?")[0])
        if data is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-pem-file")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeAlexa(LoopbackServer):
    """A root CA, an intermediate and Amazon's signing certificate; a loopback server that
    serves chains under ``/echo.api/``."""

    handler = _Handler
    thread_name = "fake-alexa-certificates"

    def __init__(self):
        self.root_key, self.inter_key, self.key = _key(), _key(), _key()
        self.root = _cert(_name("Test Root CA"), _name("Test Root CA"), self.root_key,
                          self.root_key, ca=True, days=3650)  # fmt: skip
        self.intermediate = _cert(_name("Test Intermediate"), self.root.subject, self.inter_key,
                                  self.root_key, ca=True, days=365)  # fmt: skip
        self.leaf = _cert(_name("echo-api.amazon.com"), self.intermediate.subject, self.key,
                          self.inter_key, ca=False, san=["echo-api.amazon.com"])  # fmt: skip
        self.files = {"/echo.api/echo-api-cert.pem": _pem(self.leaf, self.intermediate)}
        self.fetches = 0
        self._dir = tempfile.TemporaryDirectory(prefix="fake-alexa-")
        self.roots_path = Path(self._dir.name) / "roots.pem"
        self.roots_path.write_bytes(_pem(self.root))

    # -- other chains, for the refusals

    def add_chain(
        self, name: str, *, san=("echo-api.amazon.com",), expired=False, self_signed=False
    ):
        """Serve another chain at ``/echo.api/<name>`` and return its URL and key."""
        key = _key()
        if self_signed:
            cert = _cert(_name("echo-api.amazon.com"), _name("echo-api.amazon.com"), key, key,
                         ca=False, san=list(san))  # fmt: skip
            chain = [cert]
        else:
            start = datetime.now(UTC) - timedelta(days=60) if expired else None
            cert = _cert(_name("echo-api.amazon.com"), self.intermediate.subject, key,
                         self.inter_key, ca=False, san=list(san), not_before=start)  # fmt: skip
            chain = [cert, self.intermediate]
        self.files[f"/echo.api/{name}"] = _pem(*chain)
        return f"https://s3.amazonaws.com/echo.api/{name}", key

    # -- server

    def stop(self) -> None:
        super().stop()
        self._dir.cleanup()

    def settings(self, **overrides) -> dict:
        return {
            "enabled": True,
            "trusted_roots": str(self.roots_path),
            "cert_base_url": self.base_url,
            "timestamp_tolerance": 150,
            **overrides,
        }

    # -- requests

    @staticmethod
    def payload(request: dict, *, app_id: str, user_id: str = "amzn1.ask.account.TEST") -> dict:
        return {
            "version": "1.0",
            "session": {
                "new": True,
                "sessionId": "amzn1.echo-api.session." + uuid.uuid4().hex,
                "application": {"applicationId": app_id},
                "user": {"userId": user_id},
            },
            "context": {
                "System": {
                    "application": {"applicationId": app_id},
                    "user": {"userId": user_id},
                    "device": {"deviceId": "amzn1.ask.device.TEST"},
                }
            },
            "request": request,
        }

    @staticmethod
    def request(kind: str, *, locale: str = "fr-FR", timestamp: datetime | None = None, **extra):
        when = (timestamp or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "type": kind,
            "requestId": "amzn1.echo-api.request." + uuid.uuid4().hex,
            "timestamp": when,
            "locale": locale,
            **extra,
        }

    def intent(self, name: str, *, app_id: str, question: str | None = None, **kwargs) -> dict:
        slots = {}
        if question is not None:
            slots["question"] = {"name": "question", "value": question}
        request = self.request("IntentRequest", intent={"name": name, "slots": slots}, **kwargs)
        return self.payload(request, app_id=app_id)

    def call(
        self, payload: dict | bytes, *, key=None, url: str = CERT_URL, legacy: bool = False
    ) -> SignedCall:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        key = key or self.key
        algorithm = hashes.SHA1() if legacy else hashes.SHA256()  # noqa: S303
        signature = base64.b64encode(key.sign(body, padding.PKCS1v15(), algorithm)).decode()
        header = "Signature" if legacy else "Signature-256"
        return SignedCall(body, {"SignatureCertChainUrl": url, header: signature})
