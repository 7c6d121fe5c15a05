"""Test helpers of webhooks: a receiver on the loopback interface (allowlisted for the test)
that records what it gets and answers as told, and the check a third-party receiver would
write to verify our signature (written here from the documentation, not from our code)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time

import pytest

from turnout.api.webhooks import services
from turnout.core.loopback import LoopbackServer, QuietHandler


def receiver_verifies(*, secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    """What the guide tells a receiver to do: split ``t=...,v1=...``, HMAC-SHA256 of
    ``"<t>.<raw body>"`` with the secret, constant-time compare, refuse old timestamps."""
    fields = dict(part.split("=", 1) for part in header.split(","))
    timestamp = int(fields["t"])
    if abs(time.time() - timestamp) > tolerance:
        return False
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(mac.hexdigest(), fields["v1"])


class Received:
    def __init__(self, path, headers, body):
        self.path = path
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body)


class _ReceiverHandler(QuietHandler):
    def do_POST(self):
        self.server.fake.receive(self)


class Receiver(LoopbackServer):
    """``answers``: a list of (status, body, delay seconds) used in turn (the last one
    repeats); default 200 "ok". ``gate``: when set to a threading.Event, every answer waits
    for it (10 s at most), so a test can hold a delivery "on its way" as long as it needs."""

    handler = _ReceiverHandler
    thread_name = "webhook-receiver"

    def __init__(self):
        self.requests: list[Received] = []
        self.answers = [(200, b"ok", 0)]
        self.lock = threading.Lock()
        self.gate: threading.Event | None = None
        self.start()

    def receive(self, request) -> None:
        length = int(request.headers.get("Content-Length", 0))
        body = request.rfile.read(length)
        with self.lock:
            self.requests.append(Received(request.path, dict(request.headers), body))
            index = min(len(self.requests), len(self.answers)) - 1
            status, answer, delay = self.answers[index]
        if delay:
            time.sleep(delay)
        if self.gate is not None:
            self.gate.wait(10)
        request.send_response(status)
        if 300 <= status < 400:
            request.send_header("Location", "http://localhost:5432/")
        request.send_header("Content-Length", str(len(answer)))
        request.end_headers()
        request.wfile.write(answer)

    @property
    def url(self) -> str:
        return f"{self.base_url}/hooks/turnout"

    def answer(self, *answers):
        self.answers = [a if len(a) == 3 else (*a, 0) for a in answers]

    def close(self):
        self.stop()


@pytest.fixture(name="receiver")
def receiver_fixture(settings):
    server = Receiver()
    settings.TURNOUT_WEBHOOK_ALLOWED_TARGETS = [f"127.0.0.1:{server.port}"]
    yield server
    server.close()


def subscribe(organization, receiver, types=("person.created",), actor=None):
    subscription, secret = services.subscription_create(
        organization=organization,
        actor=actor,
        target_url=receiver.url,
        event_types=list(types),
        name="Warehouse",
    )
    return subscription, secret
