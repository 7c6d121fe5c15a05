"""The SSRF guard (R12): the listed targets are refused at registration and at delivery with
zero sockets opened; an accepted name is resolved once and the connection goes to that
address, with the host name in the Host header and as the TLS server name; redirects are
not followed."""

from __future__ import annotations

import io
import ipaddress
import socket

import pytest

from turnout.api.models import WebhookDelivery, WebhookSubscription
from turnout.api.webhooks import services, ssrf

from .factories import WebhookDeliveryFactory

PUBLIC_IP = "93.184.216.34"

R12_TARGETS = [
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:5432",
    "https://127.0.0.1:5432",
    "http://[::ffff:10.0.0.1]/",
    "https://[::ffff:10.0.0.1]/",
    "https://rebind.test/hook",  # the stub resolver answers 10.0.0.5
    "https://[fd00::1]/",
    "https://100.64.1.2/",
    "https://localhost/hook",  # resolves to loopback
    "https://user:pass@hooks.example.org/",
]


@pytest.fixture
def network(monkeypatch):
    """A stub resolver and a socket layer that records every connection attempt."""
    state = {"dns": {"rebind.test": ["10.0.0.5"], "localhost": ["127.0.0.1"]}, "connects": []}
    state["dns"]["hooks.example.org"] = [PUBLIC_IP]

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in state["dns"]:
            raise socket.gaierror(socket.EAI_NONAME, "not found")
        return [
            (
                socket.AF_INET6 if ":" in ip else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port),
            )
            for ip in state["dns"][host]
        ]

    def create_connection(address, timeout=None, *args, **kwargs):
        state["connects"].append((address, timeout))
        factory = state.get("socket")
        if factory is None:
            raise AssertionError(f"no socket may be opened here (asked for {address})")
        return factory()

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return state


@pytest.mark.parametrize("url", R12_TARGETS)
def test_the_r12_targets_are_refused_at_registration_without_a_socket(org_a, network, url):
    with pytest.raises(services.WebhookRefused) as refused:
        services.subscription_create(
            organization=org_a, actor=None, target_url=url, event_types=["person.created"]
        )
    assert refused.value.field == "target_url"
    assert network["connects"] == []
    assert not WebhookSubscription.objects.exists()


def test_the_form_shows_why_next_to_the_url_and_keeps_what_was_typed(client_a, org_a, network):
    url = "/en/o/voix-citoyennes/api/webhooks/new/"
    response = client_a.post(
        url,
        {"name": "Metadata", "target_url": "https://rebind.test/hook", "event_types": ["opt_out"]},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "private or reserved network address" in form.errors["target_url"][0]
    content = response.content.decode()
    assert 'value="https://rebind.test/hook"' in content
    assert 'value="Metadata"' in content
    assert 'value="opt_out" checked' in content
    assert network["connects"] == []


def test_a_name_that_rebinds_after_registration_is_refused_at_delivery(org_a, network):
    subscription, _secret = services.subscription_create(
        organization=org_a,
        actor=None,
        target_url="https://hooks.example.org/hook",
        event_types=["person.created"],
    )
    delivery = WebhookDeliveryFactory(subscription=subscription)
    network["dns"]["hooks.example.org"] = ["10.0.0.5"]
    assert services.delivery_attempt(delivery_id=delivery.pk) == WebhookDelivery.Status.RETRYING
    delivery.refresh_from_db()
    assert "Blocked before sending" in delivery.error
    assert network["connects"] == []


def test_an_answer_with_one_private_address_among_public_ones_is_refused(org_a, network):
    network["dns"]["mixed.example.org"] = [PUBLIC_IP, "192.168.1.10"]
    with pytest.raises(ssrf.BlockedTarget):
        ssrf.target_check("https://mixed.example.org/")
    assert network["connects"] == []


class _FakeSocket:
    def __init__(self, answer: bytes):
        self.sent = b""
        self.answer = answer
        self.timeouts = []

    def sendall(self, data):
        self.sent += data

    def makefile(self, mode, *args, **kwargs):
        return io.BytesIO(self.answer)

    def settimeout(self, value):
        self.timeouts.append(value)

    def close(self):
        pass


class _FakeTls:
    def __init__(self):
        self.server_names = []

    def wrap_socket(self, sock, server_hostname=None):
        self.server_names.append(server_hostname)
        return sock


def test_the_connection_goes_to_the_pinned_address_and_a_redirect_is_not_followed(
    org_a, network, monkeypatch
):
    """A public URL that 302-redirects to http://localhost: one connection, to the address
    resolved at the start, and none to localhost."""
    fake = _FakeSocket(
        b"HTTP/1.1 302 Found\r\nLocation: http://localhost/\r\nContent-Length: 0\r\n\r\n"
    )
    network["socket"] = lambda: fake
    tls = _FakeTls()
    monkeypatch.setattr(ssrf, "tls_context", lambda: tls)
    subscription, _secret = services.subscription_create(
        organization=org_a,
        actor=None,
        target_url="https://hooks.example.org/in?source=turnout",
        event_types=["person.created"],
    )
    delivery = WebhookDeliveryFactory(subscription=subscription)
    assert services.delivery_attempt(delivery_id=delivery.pk) == WebhookDelivery.Status.RETRYING
    assert network["connects"] == [((PUBLIC_IP, 443), ssrf.CONNECT_TIMEOUT)]
    assert tls.server_names == ["hooks.example.org"]
    assert fake.timeouts == [ssrf.READ_TIMEOUT]
    request = fake.sent.decode()
    assert request.startswith("POST /in?source=turnout HTTP/1.1\r\n")
    assert "\r\nHost: hooks.example.org\r\n" in request
    delivery.refresh_from_db()
    assert delivery.last_status_code == 302
    assert "Redirects are not followed" in delivery.error


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "127.0.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "::ffff:8.8.8.8",
        "2002:a00:1::",  # 6to4 around 10.0.0.1
        "64:ff9b::a00:1",  # NAT64 around 10.0.0.1
    ],
)
def test_private_and_special_addresses_are_blocked(address):
    assert ssrf.address_blocked(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [PUBLIC_IP, "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address):
    assert not ssrf.address_blocked(ipaddress.ip_address(address))


def test_http_needs_the_allowlist_and_unknown_hosts_are_explained(network, settings):
    with pytest.raises(ssrf.BlockedTarget) as caught:
        ssrf.target_check("http://hooks.example.org/")
    assert caught.value.code == "scheme"
    with pytest.raises(ssrf.BlockedTarget) as caught:
        ssrf.target_check("https://nowhere.example.org/")
    assert caught.value.code == "dns"
    settings.TURNOUT_WEBHOOK_ALLOWED_TARGETS = ["127.0.0.1:8999"]
    assert ssrf.target_check("http://127.0.0.1:8999/x").ip == "127.0.0.1"
    with pytest.raises(ssrf.BlockedTarget):
        ssrf.target_check("http://127.0.0.1:5432/")  # another port of the same host
    assert network["connects"] == []
