"""The OpenAPI description: committed snapshot without drift, the documentation page, and a
schemathesis run against the Django WSGI app (no 5xx, responses that match the description)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from turnout.api.osdi.docs import openapi_text
from turnout.people.models import PeopleList
from turnout.people.tests.factories import EmailAddressFactory, PersonFactory, TagFactory

from .conftest import ApiClient
from .factories import ApiTokenFactory

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi.json"
SECRET = "tnt_schemathesis_token"


def test_committed_snapshot_matches_the_code():
    assert SNAPSHOT.read_text(encoding="utf-8") == openapi_text(), (
        "docs/api/openapi.json is stale: run `make openapi` and commit it."
    )


@pytest.mark.django_db
def test_openapi_json_is_served_without_a_token():
    response = ApiClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    body = response.json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/people/" in body["paths"]
    assert body["components"]["securitySchemes"]["OSDIToken"]["name"] == "OSDI-API-Token"


@pytest.mark.django_db
def test_docs_page_is_server_rendered_without_scripts():
    response = ApiClient().get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/people/person_signup_helper/" in html
    assert "PersonInputRequest" in html
    assert "<script" not in html and "style=" not in html


#: People, tags and lists run on every database; the other resources' operations run on
#: PostgreSQL only (the production database), so that CI runs them once, not twice.
CORE = r"^/api/v1/($|people/|tags/|lists/)"
DESCRIPTION = schemathesis.openapi.from_dict(json.loads(SNAPSHOT.read_text(encoding="utf-8")))
schema = DESCRIPTION.include(path_regex=CORE)
others = DESCRIPTION.exclude(path_regex=CORE)
for part in (schema, others):
    part.config.update(headers={"OSDI-API-Token": SECRET})
# The coverage phase adds hundreds of boundary cases per operation (minutes each through the
# WSGI app): the people, tags and lists operations get it, the others the generated cases.
others.config.phases.update(phases=["examples", "fuzzing"])
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    """The project's WSGI app, keeping the test's database connection open between
    requests (as Django's test client does)."""
    from django.core import signals
    from django.db import close_old_connections

    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def seeded(org_a, settings):
    settings.TURNOUT_API_RATE_PER_S = 0  # no rate limit during the run (set once per test)
    ApiTokenFactory(
        organization=org_a,
        secret=SECRET,
        scopes=[
            f"{family}:write"
            for family in (
                "people",
                "people_sensitive",
                "actions",
                "events",
                "donations",
                "messages",
                "canvassing",
            )
        ],
    )
    person = PersonFactory(organization=org_a, given_name="Seed")
    EmailAddressFactory(person=person, address="seed@example.org")
    TagFactory(organization=org_a, name="seed")
    PeopleList.objects.create(organization=org_a, name="Seed list")
    return org_a


def _check(case, wsgi_app):
    response = case.call(app=wsgi_app, headers={"OSDI-API-Token": SECRET})
    case.validate_response(response, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_people_tags_and_lists_match_their_description(case, seeded, wsgi_app):
    _check(case, wsgi_app)


@pytest.mark.postgres
@pytest.mark.django_db
@others.parametrize()
@hypothesis_settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_other_resource_matches_its_description(case, seeded, wsgi_app):
    _check(case, wsgi_app)
