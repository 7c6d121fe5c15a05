"""Fixtures of the API tests: tokens and a client that sends them."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from .factories import ApiTokenFactory


class ApiClient:
    """Django's test client speaking JSON with an ``OSDI-API-Token`` header."""

    def __init__(self, secret: str | None = None):
        self.client = Client()
        self.secret = secret

    def _headers(self, extra):
        headers = {"HTTP_OSDI_API_TOKEN": self.secret} if self.secret else {}
        headers.update(extra)
        return headers

    def get(self, path, data=None, **extra):
        return self.client.get(path, data, **self._headers(extra))

    def _send(self, method, path, body, content_type, extra):
        payload = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return getattr(self.client, method)(
            path, payload, content_type=content_type, **self._headers(extra)
        )

    def post(self, path, body=None, content_type="application/json", **extra):
        return self._send("post", path, body if body is not None else {}, content_type, extra)

    def put(self, path, body=None, content_type="application/json", **extra):
        return self._send("put", path, body if body is not None else {}, content_type, extra)

    def delete(self, path, **extra):
        return self.client.delete(path, **self._headers(extra))


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_factory(db):
    def make(secret=None, **kwargs):
        if secret:
            kwargs["secret"] = secret
        return ApiTokenFactory(**kwargs)

    return make


@pytest.fixture
def token_a(org_a, owner_a):
    return ApiTokenFactory(
        organization=org_a,
        secret="tnt_a_full_access_secret",
        created_by=owner_a,
        scopes=["people:write", "people_sensitive:write"],
        action_network_compatible=True,
    )


@pytest.fixture
def api(token_a):
    return ApiClient("tnt_a_full_access_secret")


@pytest.fixture
def api_client():
    return ApiClient
