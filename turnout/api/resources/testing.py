"""Checks shared by the tests of the resource families (``turnout/api/tests/
test_resources_*.py``): every collection pages, filters on dates and hides other
organizations' records the same way, so each family runs the same checks on its own data."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlsplit

from django.utils import timezone

from turnout.api.tests.conftest import ApiClient
from turnout.api.tests.factories import ApiTokenFactory

ALL_SCOPES = [
    "actions:write",
    "events:write",
    "donations:write",
    "messages:write",
    "canvassing:write",
    "people:write",
]


def client_for(organization, *, scopes=None, user=None) -> ApiClient:
    """A client whose token belongs to ``organization`` with ``scopes`` (default: all)."""
    secret = f"tnt_res_{uuid.uuid4().hex}"
    ApiTokenFactory(
        organization=organization,
        secret=secret,
        scopes=ALL_SCOPES if scopes is None else scopes,
        created_by=user,
        action_network_compatible=True,
    )
    return ApiClient(secret)


def path_of(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def ids(body: dict, rel: str) -> list[str]:
    return [item["identifiers"][0] for item in body["_embedded"][rel]]


def check_collection(api, url: str, rel: str, expected: int) -> dict:
    """The collection lists ``expected`` records, pages through them one by one without
    repeating any, and its ``$filter`` on the dates works."""
    response = api.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/hal+json")
    body = response.json()
    assert body["total_records"] == expected
    assert len(body["_embedded"][rel]) == expected
    every = ids(body, rel)
    # Pagination: one per page, following _links.next.
    seen, next_url = [], f"{url}?per_page=1"
    while next_url:
        page = api.get(next_url).json()
        assert page["per_page"] == 1
        seen += ids(page, rel)
        next_url = path_of(page["_links"]["next"]["href"]) if "next" in page["_links"] else None
    assert seen == every
    # $filter on the dates.
    future = (timezone.now() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    past = (timezone.now() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = api.get(url, {"$filter": f"modified_date gt '{future}'"}).json()
    assert later["total_records"] == 0
    since = api.get(url, {"$filter": f"created_date gt '{past}'"}).json()
    assert since["total_records"] == expected
    bad = api.get(url, {"$filter": "modified_date around '2026'"})
    assert bad.status_code == 400
    return body


def check_scope(organization, url: str, family: str, *, method="get", body=None) -> None:
    """No token: 401; a token without ``family``'s scope: 403; read-only for a write: 403."""
    args = [body] if body is not None else []
    assert getattr(ApiClient(None), method)(url, *args).status_code == 401
    other = client_for(organization, scopes=["people:write"])
    response = getattr(other, method)(url, *args)
    assert response.status_code == 403, response.content
    assert family in response.json()["error"]["message"]
    if method != "get":
        reader = client_for(organization, scopes=[f"{family}:read"])
        response = getattr(reader, method)(url, *args)
        assert response.status_code == 403
