"""Voice: an Alexa custom skill hosted as a web service (``POST /hooks/assistant/alexa/``).

Amazon's requirements for a skill's web service, checked before anything is read:

1. ``SignatureCertChainUrl`` is ``https``, host ``s3.amazonaws.com`` (any case), port 443 if
   given, and its normalized path starts with ``/echo.api/`` (case-sensitive).
2. The PEM chain at that URL (fetched once and cached until the signing certificate expires)
   holds the signing certificate first: it is within its validity dates, has
   ``echo-api.amazon.com`` among its subject alternative names, and every certificate is
   issued by the next one, up to a trusted root (``TURNOUT_ALEXA["trusted_roots"]``, a PEM
   file; the certifi bundle when empty).
3. ``Signature-256`` (base64 RSA PKCS#1 v1.5 signature of the raw body with SHA-256) verifies
   with the signing certificate's key; the legacy ``Signature`` header (SHA-1) is accepted when
   ``Signature-256`` is absent.
4. ``request.timestamp`` is at most 150 seconds away from now.
5. The skill's application id is one of our ``ChannelAccount(channel="voice")``.

A failed check gets HTTP 400 and nothing is stored. Then LaunchRequest, IntentRequest
(``AskQuestion`` with the ``AMAZON.SearchQuery`` slot ``question``; ``AMAZON.HelpIntent``,
``AMAZON.StopIntent``, ``AMAZON.CancelIntent``, ``AMAZON.FallbackIntent``) and
SessionEndedRequest are answered in the response format ``{"version": "1.0", "response":
{"outputSpeech": {"type": "PlainText", "text"}, "card": {"type": "Simple", "title",
"content"}, "reprompt", "shouldEndSession"}}``. Web addresses are never read aloud: they go on
the card in the Alexa app.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import logging
import posixpath
import threading
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import requests
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from turnout.assistant.models import Channel, ChannelAccount

from . import plain_text, spoken_text

logger = logging.getLogger("turnout.assistant")

CERT_HOST = "s3.amazonaws.com"
CERT_PATH = "/echo.api/"
CERT_SAN = "echo-api.amazon.com"
MAX_CHAIN_BYTES = 64 * 1024
CHAIN_CACHE_SECONDS = 24 * 3600
HOME_INTENT = "AMAZON.NavigateHomeIntent"


class AlexaRejected(Exception):
    """The request did not pass Amazon's checks (answered with HTTP 400)."""


def alexa_settings() -> dict:
    return dict(getattr(settings, "TURNOUT_ALEXA", None) or {})


# --- 1. The certificate URL -----------------------------------------------------------------


def cert_url_check(url: str) -> str:
    """The normalized path of a valid ``SignatureCertChainUrl``; raise ``AlexaRejected``."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError as exc:
        raise AlexaRejected("bad certificate URL") from exc
    if parts.scheme.lower() != "https":
        raise AlexaRejected("certificate URL is not https")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise AlexaRejected("certificate URL host")
    if port not in (None, 443):
        raise AlexaRejected("certificate URL port")
    if not parts.path.startswith("/"):
        raise AlexaRejected("certificate URL path")
    path = posixpath.normpath(parts.path)
    if not path.startswith(CERT_PATH):
        raise AlexaRejected("certificate URL path")
    return path


# --- 2. The chain ---------------------------------------------------------------------------

_lock = threading.Lock()
_chains: dict[str, tuple[float, list[x509.Certificate]]] = {}
_roots: dict[str, list[x509.Certificate]] = {}


def _fetch(path: str, url: str) -> bytes:
    base = alexa_settings().get("cert_base_url") or ""
    target = base.rstrip("/") + path if base else url
    session = requests.Session()
    session.trust_env = False
    try:
        response = session.get(target, timeout=(3, 5), allow_redirects=False, stream=True)
        content = response.raw.read(MAX_CHAIN_BYTES + 1, decode_content=True)
    except requests.RequestException as exc:
        raise AlexaRejected("certificate chain unavailable") from exc
    finally:
        session.close()
    if response.status_code != 200 or len(content) > MAX_CHAIN_BYTES:
        raise AlexaRejected("certificate chain unavailable")
    return content


def certificate_chain(url: str) -> list[x509.Certificate]:
    """The chain at ``url`` (validated URL), from the cache while it is fresh."""
    path = cert_url_check(url)
    now = time.time()
    with _lock:
        cached = _chains.get(url)
    if cached is not None and cached[0] > now:
        return cached[1]
    try:
        chain = x509.load_pem_x509_certificates(_fetch(path, url))
    except ValueError as exc:
        raise AlexaRejected("certificate chain unreadable") from exc
    expires = min(now + CHAIN_CACHE_SECONDS, chain[0].not_valid_after_utc.timestamp())
    with _lock:
        _chains[url] = (expires, chain)
    return chain


def chain_cache_clear() -> None:
    with _lock:
        _chains.clear()
        _roots.clear()


def trusted_roots() -> list[x509.Certificate]:
    path = alexa_settings().get("trusted_roots") or ""
    if not path:
        import certifi

        path = certifi.where()
    with _lock:
        roots = _roots.get(path)
    if roots is None:
        with open(path, "rb") as handle:
            roots = x509.load_pem_x509_certificates(handle.read())
        with _lock:
            _roots[path] = roots
    return roots


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def chain_check(chain: list[x509.Certificate], *, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    if not chain:
        raise AlexaRejected("empty certificate chain")
    for cert in chain:
        if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
            raise AlexaRejected("certificate outside its validity dates")
    leaf = chain[0]
    try:
        names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound as exc:
        raise AlexaRejected("signing certificate has no alternative names") from exc
    if CERT_SAN not in [name.lower() for name in names.get_values_for_type(x509.DNSName)]:
        raise AlexaRejected("signing certificate is not for echo-api.amazon.com")
    for child, parent in itertools.pairwise(chain):
        if not _is_ca(parent) or not _issued_by(child, parent):
            raise AlexaRejected("broken certificate chain")
    top = chain[-1]
    for root in trusted_roots():
        if root == top:
            return
        if (
            root.subject == top.issuer
            and _is_ca(root)
            and root.not_valid_before_utc <= now <= root.not_valid_after_utc
            and _issued_by(top, root)
        ):
            return
    raise AlexaRejected("certificate chain does not lead to a trusted root")


# --- 3 and 4. Signature and timestamp -------------------------------------------------------


def signature_check(leaf: x509.Certificate, body: bytes, *, sha256: str, sha1: str) -> None:
    header, algorithm = (sha256, hashes.SHA256()) if sha256 else (sha1, hashes.SHA1())  # noqa: S303
    if not header:
        raise AlexaRejected("missing signature")
    try:
        signature = base64.b64decode(header, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise AlexaRejected("signature is not base64") from exc
    try:
        leaf.public_key().verify(signature, body, padding.PKCS1v15(), algorithm)
    except (InvalidSignature, TypeError, ValueError) as exc:
        raise AlexaRejected("bad signature") from exc


def timestamp_check(payload: dict, *, now: datetime | None = None) -> None:
    now = now or datetime.now(UTC)
    tolerance = int(alexa_settings().get("timestamp_tolerance") or 150)
    stamp = str(((payload.get("request") or {}).get("timestamp")) or "")
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError as exc:
        raise AlexaRejected("bad timestamp") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if abs(now - when) > timedelta(seconds=tolerance):
        raise AlexaRejected("stale timestamp")


def request_verify(*, body: bytes, headers) -> dict:
    """Every check of the module docstring but the application id; the parsed payload."""
    url = headers.get("SignatureCertChainUrl", "")
    sha256 = headers.get("Signature-256", "")
    sha1 = headers.get("Signature", "")
    if not url or not (sha256 or sha1):
        raise AlexaRejected("missing signature headers")
    cert_url_check(url)
    chain = certificate_chain(url)
    chain_check(chain)
    signature_check(chain[0], body, sha256=sha256, sha1=sha1)
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise AlexaRejected("not JSON") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("request"), dict):
        raise AlexaRejected("not an Alexa request")
    timestamp_check(payload)
    return payload


# --- 5. Routing and answering ---------------------------------------------------------------


def application_id(payload: dict) -> str:
    system = (payload.get("context") or {}).get("System") or {}
    app = (system.get("application") or {}).get("applicationId")
    if not app:
        app = ((payload.get("session") or {}).get("application") or {}).get("applicationId")
    return str(app or "")


def user_id(payload: dict) -> str:
    system = (payload.get("context") or {}).get("System") or {}
    user = (system.get("user") or {}).get("userId")
    if not user:
        user = ((payload.get("session") or {}).get("user") or {}).get("userId")
    return str(user or "anonymous")


def _response(text: str, *, end: bool, card: tuple[str, str] | None = None, reprompt: str = ""):
    response = {"outputSpeech": {"type": "PlainText", "text": text}, "shouldEndSession": end}
    if card is not None:
        response["card"] = {"type": "Simple", "title": card[0], "content": card[1]}
    if reprompt:
        response["reprompt"] = {"outputSpeech": {"type": "PlainText", "text": reprompt}}
    return {"version": "1.0", "sessionAttributes": {}, "response": response}


def request_handle(payload: dict) -> dict:
    """The skill's answer to a verified request. Raises ``AlexaRejected`` for a skill that
    is not ours."""
    account = (
        ChannelAccount.objects.filter(
            channel=Channel.VOICE, external_id=application_id(payload), active=True
        )
        .select_related("organization", "election")
        .first()
    )
    if account is None:
        raise AlexaRejected("unknown application id")
    request = payload["request"]
    locale = str(request.get("locale") or "")
    language = locale[:2].lower() or account.language
    if language not in ("fr", "en", "de"):
        language = account.language
    name = account.display_name or account.organization.name
    with translation.override(language):
        kind = request.get("type")
        if kind == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        if kind == "LaunchRequest":
            return _response(
                _(
                    "Welcome to the voter-information assistant of %(name)s. Ask me about "
                    "registering, voting by proxy or where to vote. What is your question?"
                )
                % {"name": name},
                end=False,
                reprompt=_("What would you like to know about voting?"),
            )
        if kind != "IntentRequest":
            return _response(_("Sorry, I cannot do that."), end=True)
        intent = request.get("intent") or {}
        intent_name = intent.get("name")
        if intent_name in ("AMAZON.StopIntent", "AMAZON.CancelIntent", HOME_INTENT):
            return _response(_("Goodbye, and don't forget to vote!"), end=True)
        if intent_name == "AMAZON.HelpIntent":
            return _response(
                _(
                    "I answer questions about elections from official sources: how to "
                    "register, how to vote by proxy, which documents to bring. What is your "
                    "question?"
                ),
                end=False,
                reprompt=_("What is your question?"),
            )
        question = ""
        if intent_name == "AskQuestion":
            slot = ((intent.get("slots") or {}).get("question")) or {}
            question = str(slot.get("value") or "")
        if not question:
            return _response(
                _("Sorry, I did not understand. Ask me for example: how do I register to vote?"),
                end=False,
                reprompt=_("What is your question?"),
            )
        return _answer(account, payload, question, language, name)


def _answer(account, payload, question, language, name) -> dict:
    from turnout.assistant.services.conversations import conversation_reply

    reply = conversation_reply(
        account=account,
        organization=account.organization,
        channel=Channel.VOICE,
        address=user_id(payload),
        text=question,
        external_id=str(payload["request"].get("requestId") or "")[:200],
        language=language,
    )
    sources = reply.answer.sources if reply.answer is not None else []
    if reply.replayed and reply.turn is not None:
        from . import sources_of

        sources = sources_of(reply.turn)
    speech = spoken_text(reply.text)
    if sources:
        speech += " " + _("The source is on your Alexa app card.")
    speech += " " + _("Anything else?")
    card = (name, plain_text(reply.text, sources))
    return _response(speech, end=False, card=card, reprompt=_("What else would you like to know?"))
