"""The SSRF guard for URLs that users give and the server then calls (R12).

``target_check(url)`` refuses, before any socket is opened:

- any scheme but ``https`` (``http`` only for a target in the allowlist setting);
- user names or passwords in the URL, missing hosts, odd ports;
- a host whose DNS answers include an address that is not public: loopback, RFC 1918,
  link-local (169.254.169.254 included), CGNAT (100.64/10), unique-local and link-local IPv6,
  IPv4-mapped IPv6, 6to4/Teredo wrapping a private address, multicast, documentation and
  reserved ranges. The name is resolved once and the answer is **pinned**: the connection goes
  to that address, with the host name in the ``Host`` header and as the TLS server name (SNI),
  so a second, different DNS answer (rebinding) is never used.

``post(target, ...)`` then sends one request to the pinned address: connect timeout 5 s, read
timeout 10 s, an overall deadline, no redirects followed (a 3xx is an answer like any other,
and a failure for webhooks), and at most ``max_bytes`` of the answer read.

``settings.TURNOUT_WEBHOOK_ALLOWED_TARGETS``: a list of ``host`` or ``host:port`` exempt from
the https rule and the address check (a receiver on the organization's own network, or the
tests' loopback server). Empty by default.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
TOTAL_DEADLINE = 30.0
MAX_RESPONSE_BYTES = 64 * 1024

_BLOCKED = [
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # CGNAT
        "127.0.0.0/8",
        "169.254.0.0/16",  # link-local, cloud metadata
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "::ffff:0:0/96",  # IPv4-mapped
        "64:ff9b::/96",  # NAT64
        "100::/64",
        "2001:db8::/32",
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "ff00::/8",
    )
]


class BlockedTarget(Exception):
    """The URL may not be called. ``message`` is for the person who typed it."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class DeliveryError(Exception):
    """The request could not be made or answered (timeout, refused, TLS, oversized...)."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str
    ip: str
    allowlisted: bool = False


@dataclass
class Response:
    status: int
    body: bytes
    elapsed_ms: int
    headers: dict = field(default_factory=dict)
    truncated: bool = False


def address_blocked(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if any(ip in net for net in _BLOCKED if net.version == ip.version):
        return True
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and address_blocked(embedded):
            return True
    return not ip.is_global


def _allowlisted(host: str, port: int) -> bool:
    allowed = getattr(settings, "TURNOUT_WEBHOOK_ALLOWED_TARGETS", [])
    entries = {str(e).strip().lower() for e in allowed}
    host = host.lower()
    return host in entries or f"{host}:{port}" in entries or f"[{host}]:{port}" in entries


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    seen = []
    for info in infos:
        address = info[4][0].split("%", 1)[0]
        if address not in seen:
            seen.append(address)
    return seen


def target_check(url: str) -> Target:
    """The target to connect to for ``url``, or BlockedTarget. Resolves DNS (once)."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BlockedTarget(_("This is not a valid URL."), "invalid") from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in ("http", "https") or not host:
        raise BlockedTarget(_("Enter a full URL starting with https://."), "invalid")
    if parts.username or parts.password:
        raise BlockedTarget(
            _("Remove the user name and password from the URL; the signature authenticates us."),
            "credentials",
        )
    port = port or (443 if scheme == "https" else 80)
    if not 0 < port < 65536:
        raise BlockedTarget(_("This is not a valid URL."), "invalid")
    allowlisted = _allowlisted(host, port)
    if scheme != "https" and not allowlisted:
        raise BlockedTarget(
            _("Only https:// addresses can receive webhooks (the data is personal)."), "scheme"
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        addresses = _resolve(host, port)
        if not addresses:
            raise BlockedTarget(
                _("The host name “%(host)s” could not be found.") % {"host": host}, "dns"
            )
    if not allowlisted:
        for address in addresses:
            if address_blocked(ipaddress.ip_address(address)):
                raise BlockedTarget(
                    _(
                        "“%(host)s” leads to a private or reserved network address; webhooks "
                        "can only go to public addresses."
                    )
                    % {"host": host},
                    "private",
                )
    return Target(
        url=url,
        scheme=scheme,
        host=host,
        port=port,
        path=path,
        ip=addresses[0],
        allowlisted=allowlisted,
    )


def tls_context() -> ssl.SSLContext:
    return ssl.create_default_context()


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to ``target.ip`` that speaks to ``target.host``."""

    def __init__(self, target: Target, *, connect_timeout: float, read_timeout: float):
        super().__init__(target.host, target.port, timeout=connect_timeout)
        # The Host header leaves out the scheme's own port.
        self.default_port = 443 if target.scheme == "https" else 80
        self._target = target
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout

    def connect(self) -> None:
        sock = socket.create_connection(
            (self._target.ip, self._target.port), timeout=self._connect_timeout
        )
        try:
            if self._target.scheme == "https":
                sock = tls_context().wrap_socket(sock, server_hostname=self._target.host)
            sock.settimeout(self._read_timeout)
        except BaseException:
            sock.close()
            raise
        self.sock = sock


def post(
    target: Target,
    *,
    body: bytes,
    headers: dict,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    deadline: float = TOTAL_DEADLINE,
    max_bytes: int = MAX_RESPONSE_BYTES,
) -> Response:
    """POST ``body`` to the pinned target. Raises DeliveryError when no answer came."""
    started = time.monotonic()
    connection = _PinnedConnection(
        target, connect_timeout=connect_timeout, read_timeout=read_timeout
    )
    try:
        try:
            connection.connect()
        except TimeoutError:
            raise DeliveryError(
                _("The receiver did not accept the connection within %(s)s seconds.")
                % {"s": int(connect_timeout)},
                "connect_timeout",
            ) from None
        except ssl.SSLError as exc:
            raise DeliveryError(
                _("The secure connection failed: %(reason)s") % {"reason": exc.reason or exc},
                "tls",
            ) from None
        except OSError as exc:
            raise DeliveryError(
                _("Could not connect: %(reason)s") % {"reason": exc.strerror or exc}, "connect"
            ) from None
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            answer = connection.getresponse()
            chunks, size, truncated = [], 0, False
            while True:
                if time.monotonic() - started > deadline:
                    raise DeliveryError(
                        _("The receiver took longer than %(s)s seconds to answer.")
                        % {"s": int(deadline)},
                        "deadline",
                    )
                chunk = answer.read(min(8192, max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    truncated = True
                    break
            data = b"".join(chunks)[:max_bytes]
        except TimeoutError:
            raise DeliveryError(
                _("The receiver did not answer within %(s)s seconds.") % {"s": int(read_timeout)},
                "read_timeout",
            ) from None
        except (http.client.HTTPException, OSError) as exc:
            raise DeliveryError(
                _("The connection broke: %(reason)s") % {"reason": exc.__class__.__name__},
                "connection",
            ) from None
    finally:
        connection.close()
    return Response(
        status=answer.status,
        body=data,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        headers={k.lower(): v for k, v in answer.getheaders()},
        truncated=truncated,
    )
