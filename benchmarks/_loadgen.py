"""A load generator for a server on 127.0.0.1, standard library only.

Each worker thread is one client with its own HTTP/1.1 connection, opened again when the
server closed it (gunicorn's sync workers close after every response). Requests are bytes built
once per post and answers are read with a minimal parser (status line, Content-Length,
Connection, Set-Cookie): ``http.client`` spends several times more CPU per request, which the
server would miss. The clients send back to back (a closed loop), so the number of clients is
the concurrency. A run is bounded in time and in requests, and measures its own CPU time: the
generator shares the machine with the server it measures and must stay small next to it.

``SignScript`` behaves like a browser on a sign page: it loads the page once (cookies, hidden
fields such as the CSRF or signed form token, the empty honeypot), then posts the form with a
new email address each time, or now and then an address it already signed with.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) turnout-bench"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


class HttpError(Exception):
    """The server closed the connection or answered something this client cannot read."""


class Connection:
    """One HTTP/1.1 connection to 127.0.0.1:``port``, reopened after the server closed it."""

    def __init__(self, port: int, timeout: float = 30):
        self.port = port
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self.pending = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock = None
        self.pending = b""

    def _receive(self) -> bytes:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise HttpError("connection closed by the server")
        return chunk

    def send(self, request: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        """Send one request, return (status, headers, body)."""
        if self.sock is None:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # no name lookup
            sock.settimeout(self.timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.connect((HOST, self.port))
            self.sock = sock
        self.sock.sendall(request)
        data = self.pending
        while (end := data.find(b"\r\n\r\n")) < 0:
            data += self._receive()
        lines = data[:end].split(b"\r\n")
        try:
            status = int(lines[0].split(b" ", 2)[1])
        except (IndexError, ValueError):
            raise HttpError(f"bad status line {lines[0][:80]!r}") from None
        headers = []
        length = None
        close = False
        for line in lines[1:]:
            name, _sep, value = line.partition(b":")
            name = name.strip().lower()
            value = value.strip()
            headers.append((name, value))
            if name == b"content-length":
                length = int(value)
            elif name == b"connection":
                close = value.lower() == b"close"
            elif name == b"transfer-encoding":
                raise HttpError("chunked answers are not read by this client")
        body = data[end + 4 :]
        if length is None:  # the body runs to the end of the connection
            try:
                while chunk := self.sock.recv(65536):
                    body += chunk
            finally:
                self.close()
            return status, headers, body
        while len(body) < length:
            body += self._receive()
        self.pending = body[length:]
        body = body[:length]
        if close:
            self.close()
        return status, headers, body


def _request(method: str, path: str, port: int, headers: dict, body: bytes = b"") -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}", f"User-Agent: {USER_AGENT}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@dataclass
class Outcome:
    """What one bounded run did: answers by status, latencies, the keys the server accepted."""

    seconds: float = 0.0
    cpu_seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)  # answers not accepted, by status
    errors: Counter = field(default_factory=Counter)  # transport errors by exception name
    latencies: list[float] = field(default_factory=list)  # seconds, accepted answers only
    accepted: list[str] = field(default_factory=list)  # one key per accepted answer

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + sum(self.errors.values())

    @property
    def accepted_per_s(self) -> float:
        return len(self.accepted) / self.seconds if self.seconds else 0.0

    def latency_ms(self, fraction: float) -> float:
        return 1000 * percentile(sorted(self.latencies), fraction)

    def not_accepted(self) -> dict[str, int]:
        """Answers that were not accepted, by status, and transport errors by name."""
        return {
            **{str(status): n for status, n in sorted(self.refused.items())},
            **dict(sorted(self.errors.items())),
        }


class GetScript:
    """The same GET again and again (the trivial baseline view)."""

    def __init__(self, path: str, *, port: int, expect: int = 200):
        self.request = _request("GET", path, port, {})
        self.expect = expect

    def prepare(self, conn: Connection) -> None:
        pass

    def next(self) -> tuple[bytes, str]:
        return self.request, ""

    def accepts(self, status: int, body: bytes) -> bool:
        return status == self.expect

    def answered(self, key: str) -> None:
        pass


class _PostForms(HTMLParser):
    """The named fields of each ``method="post"`` form of a page, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str, str]]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.forms.append([])
            self._open = True
        elif self._open and tag in ("input", "textarea", "select") and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower() if tag == "input" else tag
            self.forms[-1].append((attrs["name"], kind, attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


class SignScript:
    """One person after another signing through the form of ``path`` (a sign page or its
    embed), as a browser sends it: every field of the form, hidden ones included, the
    honeypot left empty, the consent box ticked. ``resubmit`` is the share of posts that reuse
    an address this client already got accepted (the "sign again" update path)."""

    def __init__(
        self,
        path: str,
        *,
        port: int,
        label: str,
        client: int,
        resubmit: float = 0.1,
        accept_status: tuple[int, ...] = (302, 303),
        accept_text: bytes = b"",
        seed: int = 0,
    ):
        self.path = path
        self.port = port
        self.origin = f"http://{HOST}:{port}"
        self.label = label
        self.client = client
        self.resubmit = resubmit
        self.accept_status = accept_status
        self.accept_text = accept_text
        self.random = random.Random(f"{seed}:{label}:{client}")
        self.sequence = 0
        self.signed: list[str] = []
        self.fields: list[tuple[str, str, str]] = []
        self.cookie = ""

    def prepare(self, conn: Connection) -> None:
        status, headers, body = conn.send(_request("GET", self.path, self.port, {}))
        if status != 200:
            raise RuntimeError(f"GET {self.path} answered {status}")
        jar = SimpleCookie()
        for name, value in headers:
            if name == b"set-cookie":
                jar.load(value.decode("latin-1"))
        self.cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
        parser = _PostForms()
        parser.feed(body.decode("utf-8"))
        forms = [f for f in parser.forms if {"email", "given_name"} <= {n for n, _k, _v in f}]
        if not forms:
            raise RuntimeError(f"no sign form on {self.path}")
        self.fields = forms[0]

    def _email(self) -> str:
        if self.signed and self.random.random() < self.resubmit:
            return self.random.choice(self.signed)
        self.sequence += 1
        return f"{self.label}-{self.client}-{self.sequence}@example.org"

    def next(self) -> tuple[bytes, str]:
        email = self._email()
        number = email.split("@")[0].rsplit("-", 1)[-1]
        typed = {
            "given_name": "Camille",
            "family_name": f"Signataire {number}",
            "email": email,
            "postal_code": "75011",
        }
        pairs = []
        for name, kind, value in self.fields:
            if kind == "checkbox":
                if name == "consent":
                    pairs.append((name, value or "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                pairs.append((name, typed.get(name, value)))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + self.path,
        }
        if self.cookie:
            headers["Cookie"] = self.cookie
        return _request("POST", self.path, self.port, headers, urlencode(pairs).encode()), email

    def accepts(self, status: int, body: bytes) -> bool:
        return status in self.accept_status and (not self.accept_text or self.accept_text in body)

    def answered(self, key: str) -> None:
        if key not in self.signed:
            self.signed.append(key)


def _client(port, script, start, box, limit, outcome: Outcome, failures: list):
    conn = Connection(port)
    try:
        script.prepare(conn)
    except Exception as exc:  # reported by run(): a client that cannot start
        failures.append(exc)
        start.wait()
        return
    start.wait()
    deadline = box["deadline"]
    sent = 0
    clock = time.perf_counter
    while sent < limit and clock() < deadline:
        request, key = script.next()
        sent += 1
        began = clock()
        try:
            status, _headers, body = conn.send(request)
        except (OSError, HttpError) as exc:
            outcome.errors[type(exc).__name__] += 1
            conn.close()
            continue
        elapsed = clock() - began
        if script.accepts(status, body):
            outcome.latencies.append(elapsed)
            outcome.accepted.append(key)
            script.answered(key)
        else:
            outcome.refused[status] += 1
    conn.close()


def run(scripts: list, *, port: int, seconds: float, max_requests: int) -> Outcome:
    """Run one client thread per script for ``seconds`` (or ``max_requests`` in all), after
    each has loaded its page; return the merged outcome."""
    outcomes = [Outcome() for _ in scripts]
    failures: list[Exception] = []
    box = {"deadline": 0.0}

    def _open():  # run once, when every client has loaded its page, before any is let go
        box["cpu"] = time.process_time()
        box["began"] = time.perf_counter()
        box["deadline"] = box["began"] + seconds

    start = threading.Barrier(len(scripts) + 1, action=_open)
    per_client = max(1, max_requests // len(scripts))
    threads = [
        threading.Thread(
            target=_client,
            args=(port, script, start, box, per_client, outcome, failures),
            daemon=True,
        )
        for script, outcome in zip(scripts, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    for thread in threads:
        thread.join(seconds + 120)
    merged = Outcome(
        seconds=time.perf_counter() - box["began"], cpu_seconds=time.process_time() - box["cpu"]
    )
    if failures:
        raise RuntimeError(f"{len(failures)} client(s) could not start: {failures[0]}")
    for outcome in outcomes:
        merged.statuses.update(outcome.statuses)
        merged.refused.update(outcome.refused)
        merged.errors.update(outcome.errors)
        merged.latencies.extend(outcome.latencies)
        merged.accepted.extend(outcome.accepted)
    return merged
