"""HTTP plumbing shared by the SMS adapters: sessions, timeouts, error mapping, webhook tokens.

Every adapter talks to its provider through :class:`HttpClient`, which

- keeps one ``requests.Session`` per thread (sessions are not thread-safe; the pool keeps
  HTTP/1.1 connections alive between messages), with no automatic retries: the dispatcher
  decides when to retry, and a retried POST could send a message twice;
- applies the connect and read timeouts from the adapter's options (``connect_timeout``,
  ``read_timeout``, seconds);
- turns what no adapter can interpret into :class:`~.base.ProviderError` with
  ``transient=True``: connection errors, timeouts, HTTP 429 and 5xx. A read timeout or a
  connection dropped after the request was written sets ``maybe_sent`` (the provider may have
  accepted the message: the dispatcher must ``lookup`` before sending again); a connect
  timeout or a refused connection does not.

Other 4xx answers are returned to the adapter, which maps the provider's documented error codes
(invalid number, landline, blocked...) to permanent errors with a :class:`~.base.Reason`.

It also holds the check used for the webhooks of providers that do not sign them (Brevo,
OVHcloud): a secret token in the webhook URL, compared in constant time.
"""

from __future__ import annotations

import base64
import hmac
import threading
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from django.utils.translation import gettext
from requests.adapters import HTTPAdapter

from .base import ProviderError, Reason, WebhookRejected

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 15.0
USER_AGENT = "Turnout-SMS/1"


def option(options: dict, name: str, default=None):
    """An adapter option, accepting ``name`` in lower or upper case (settings use either)."""
    if name in options:
        return options[name]
    return options.get(name.upper(), default)


class HttpClient:
    """A per-thread ``requests.Session`` with the adapter's timeouts and error mapping."""

    def __init__(self, provider: str, options: dict, *, auth=None, headers: dict | None = None):
        self.provider = provider
        self.timeout = (
            float(option(options, "connect_timeout", DEFAULT_CONNECT_TIMEOUT)),
            float(option(options, "read_timeout", DEFAULT_READ_TIMEOUT)),
        )
        self.auth = auth
        self.headers = {"User-Agent": USER_AGENT, **(headers or {})}
        self.pool_size = int(option(options, "pool_size", 32))
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=self.pool_size, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            session.headers.update(self.headers)
            if self.auth is not None:
                session.auth = self.auth
            session.trust_env = False  # no proxies or .netrc credentials picked up by surprise
            self._local.session = session
        return session

    def close(self) -> None:
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        """Send a request; raise a transient ``ProviderError`` for transport errors, 429 and
        5xx; return every other response (2xx, 3xx, 4xx) to the caller."""
        kwargs.setdefault("timeout", self.timeout)
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.exceptions.ConnectTimeout as exc:
            raise ProviderError(
                gettext("%(provider)s did not accept the connection in time.")
                % {"provider": self.provider},
                transient=True,
                code="connect_timeout",
                reason=Reason.UNAVAILABLE,
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise ProviderError(
                gettext("%(provider)s did not answer in time.") % {"provider": self.provider},
                transient=True,
                code="timeout",
                reason=Reason.UNAVAILABLE,
                maybe_sent=True,
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            raise ProviderError(
                gettext("Could not reach %(provider)s.") % {"provider": self.provider},
                transient=True,
                code="connection",
                reason=Reason.UNAVAILABLE,
                maybe_sent=_may_have_been_sent(exc),
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise ProviderError(
                gettext("Could not reach %(provider)s.") % {"provider": self.provider},
                transient=True,
                code="request",
                reason=Reason.UNAVAILABLE,
                maybe_sent=True,
            ) from exc
        if response.status_code == 429:
            raise ProviderError(
                gettext("%(provider)s asks us to slow down (too many requests).")
                % {"provider": self.provider},
                transient=True,
                code="429",
                reason=Reason.RATE_LIMITED,
            )
        if response.status_code >= 500:
            raise ProviderError(
                gettext("%(provider)s had a server error (HTTP %(status)s).")
                % {"provider": self.provider, "status": response.status_code},
                transient=True,
                code=str(response.status_code),
                reason=Reason.UNAVAILABLE,
            )
        return response


def _may_have_been_sent(exc: requests.exceptions.ConnectionError) -> bool:
    """False when the connection was never established (nothing was written), else True."""
    text = repr(exc.args[0]) if exc.args else repr(exc)
    never_connected = (
        "NewConnectionError",
        "Failed to establish a new connection",
        "NameResolutionError",
        "ConnectTimeout",
        "Connection refused",
    )
    return not any(marker in text for marker in never_connected)


def json_body(response: requests.Response) -> dict | list:
    """The response's JSON, or ``{}`` when it has none (error pages, empty bodies)."""
    try:
        return response.json()
    except ValueError:
        return {}


def unexpected_answer(provider: str, response: requests.Response) -> ProviderError:
    """An answer no documented case covers. Marked ``maybe_sent``: it may have been accepted."""
    return ProviderError(
        gettext("%(provider)s gave an unexpected answer (HTTP %(status)s).")
        % {"provider": provider, "status": response.status_code},
        transient=True,
        code=str(response.status_code),
        reason=Reason.UNAVAILABLE,
        maybe_sent=True,
    )


def amount_to_cents(value) -> int | None:
    """``"-0.00750"`` (a provider's price, in its currency) -> 1 (cents, rounded half up)."""
    if value in (None, ""):
        return None
    try:
        amount = abs(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def with_query(url: str, **params: str) -> str:
    """``url`` with ``params`` added to (or replacing those in) its query string."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend((k, v) for k, v in params.items() if v)
    return urlunsplit(parts._replace(query=urlencode(query)))


def e164_digits(number: str) -> str:
    """``+33612345678`` -> ``33612345678`` (providers that want no plus sign)."""
    return number.lstrip("+")


def e164(number: str) -> str:
    """``33612345678`` or ``+33612345678`` -> ``+33612345678`` (``""`` stays ``""``)."""
    number = (number or "").strip()
    if not number or number.startswith("+") or not number.isdigit():
        return number
    return "+" + number


def constant_time_equals(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def check_webhook_secret(
    request, *, token: str = "", username: str = "", password: str = "", provider: str
) -> None:
    """Protect the webhook of a provider that does not sign its calls.

    Accepted proofs, each compared in constant time: the ``token`` query parameter of the URL
    we gave the provider (``...?token=<secret>``), an ``Authorization: Bearer <secret>``
    header, or HTTP basic auth with ``username``/``password`` when those are configured.
    Nothing configured means nothing is accepted: the webhook stays closed.
    """
    if token:
        given = request.GET.get("token", "")
        if given and constant_time_equals(given, token):
            return
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and constant_time_equals(header[7:].strip(), token):
            return
    if username and password:
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
            except (ValueError, UnicodeDecodeError):
                decoded = ""
            user, _, secret = decoded.partition(":")
            # Both compared, always, so the time taken does not tell which one was wrong.
            user_ok = constant_time_equals(user, username)
            secret_ok = constant_time_equals(secret, password)
            if user_ok and secret_ok:
                return
    if not token and not (username and password):
        raise WebhookRejected(f"{provider}: no webhook secret configured")
    raise WebhookRejected(f"{provider}: missing or wrong webhook secret")
