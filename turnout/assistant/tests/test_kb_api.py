"""``POST /api/assistant/ask``: the contract, and every bad input."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from turnout.assistant import api
from turnout.assistant.services.knowledge import knowledge_base_install

from .factories import ElectionFactory

URL = "/api/assistant/ask"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kb(org_a):
    knowledge_base_install(organization=org_a, country="FR")
    return org_a


def post(client, body, org="voix-citoyennes", content_type="application/json", **extra):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers = {"HTTP_X_TURNOUT_ORGANIZATION": org} if org else {}
    return client.post(URL, data=data, content_type=content_type, **headers, **extra)


def test_the_url_is_named_ask():
    assert reverse("assistant_api:ask") == URL


def test_a_question_gets_the_entry_its_source_and_confidence(client, kb):
    response = post(
        client, {"question": "comment faire une procuration", "language": "fr", "country": "FR"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["entry"] == "proxy-vote" and body["known"] is True
    assert "maprocuration.gouv.fr" in body["answer"]
    assert body["sources"] == [
        {
            "url": "https://www.service-public.fr/particuliers/vosdroits/F1604",
            "name": "Service-Public.fr",
            "last_verified": "2026-11-24",
        }
    ]
    assert 0.5 <= body["confidence"] <= 1 and body["last_verified"] == "2026-11-24"


def test_the_organization_may_come_in_the_body(client, kb):
    response = post(
        client,
        {
            "question": "procuration",
            "language": "en",
            "country": "fr",
            "organization": "voix-citoyennes",
        },
        org=None,
    )
    assert response.status_code == 200 and response.json()["entry"] == "proxy-vote"


def test_an_election_fills_in_its_dates(client, kb):
    from datetime import date

    ElectionFactory(
        organization=kb,
        slug="presidentielle",
        country="FR",
        date=date(2099, 4, 12),
        name={"en": "The 2099 vote"},
    )
    response = post(
        client,
        {
            "question": "when is the election",
            "language": "en",
            "country": "FR",
            "election": "presidentielle",
        },
    )
    assert response.status_code == 200
    assert "The 2099 vote takes place on Sunday 12 April 2099" in response.json()["answer"]


def test_out_of_scope_is_unknown_with_the_official_site(client, kb):
    response = post(
        client, {"question": "what's the weather tomorrow", "language": "en", "country": "FR"}
    )
    body = response.json()
    assert response.status_code == 200
    assert body["entry"] is None and body["known"] is False and body["confidence"] == 0
    assert "service-public.fr" in body["answer"] and body["last_verified"] is None


def error(response):
    return response.status_code, response.json()["error"]["code"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("{not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
        ({"language": "fr", "country": "FR"}, "missing_question"),
        ({"question": 12, "language": "fr", "country": "FR"}, "missing_question"),
        ({"question": "procuration", "country": "FR"}, "missing_language"),
        ({"question": "procuration", "language": "fr"}, "missing_country"),
        ({"question": "", "language": "fr", "country": "FR"}, "missing_question"),
        ({"question": "   ", "language": "fr", "country": "FR"}, "empty"),
        ({"question": "x" * 501, "language": "fr", "country": "FR"}, "too_long"),
        ({"question": "vote\u0000", "language": "fr", "country": "FR"}, "binary"),
        ({"question": "procuration", "language": "es", "country": "FR"}, "language"),
        ({"question": "procuration", "language": "fr", "country": "ZZ"}, "country"),
        (
            {"question": "procuration", "language": "fr", "country": "FR", "election": "nope"},
            "unknown_election",
        ),
        (
            {"question": "procuration", "language": "fr", "country": "FR", "election": 3},
            "unknown_election",
        ),
    ],
)
def test_bad_requests_get_a_400_with_a_code(client, kb, body, code):
    response = post(client, body)
    assert error(response) == (400, code)
    assert response.json()["error"]["message"]


def test_wrong_content_type(client, kb):
    response = post(
        client, "question=procuration", content_type="application/x-www-form-urlencoded"
    )
    assert error(response) == (400, "content_type")


def test_unknown_or_missing_organization(client, kb):
    assert error(
        post(client, {"question": "a", "language": "fr", "country": "FR"}, org="nobody")
    ) == (404, "unknown_organization")
    assert error(post(client, {"question": "a", "language": "fr", "country": "FR"}, org=None)) == (
        400,
        "missing_organization",
    )


def test_another_organizations_election_is_unknown(client, kb, org_b):
    ElectionFactory(organization=org_b, slug="b-only")
    response = post(
        client, {"question": "procuration", "language": "fr", "country": "FR", "election": "b-only"}
    )
    assert error(response) == (400, "unknown_election")


def test_bodies_over_8_kb_are_refused(client, kb):
    body = json.dumps(
        {"question": "procuration", "language": "fr", "country": "FR", "pad": "x" * 9000}
    )
    assert error(post(client, body)) == (413, "too_large")


def test_only_post(client, kb):
    assert client.get(URL).status_code == 405


def test_too_many_questions_from_one_address(client, kb, monkeypatch):
    monkeypatch.setattr(api, "RATE_LIMIT", 3)
    body = {"question": "procuration", "language": "fr", "country": "FR"}
    for _ in range(3):
        assert post(client, body).status_code == 200
    response = post(client, body)
    assert error(response) == (429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address is not held back.
    assert post(client, body, REMOTE_ADDR="10.1.2.3").status_code == 200
