"""The token pages of the workspace, and the token services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from turnout.accounts.models import ApiToken
from turnout.core.models import AuditEvent
from turnout.organizations.choices import Role
from turnout.organizations.tests.factories import MembershipFactory

from .conftest import ApiClient
from .factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


def url(name, org, **kwargs):
    return reverse(f"api_tokens:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_admin_creates_a_token_shown_once_and_it_works(client_a, org_a):
    response = client_a.post(
        url("create", org_a),
        {"name": "Warehouse", "scopes": ["people:read"], "action_network_compatible": "on"},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(organization=org_a)
    secret = response.context["secret"]
    assert secret.startswith(token.prefix)
    assert secret.encode() in response.content
    assert b"curl -H" in response.content
    assert token.key_hash != secret and secret not in str(token.__dict__)
    assert token.scopes == ["people:read"] and token.action_network_compatible
    assert AuditEvent.objects.filter(action="api.token_created", organization=org_a).exists()
    assert ApiClient(secret).get("/api/v1/people").status_code == 200
    listing = client_a.get(url("list", org_a))
    assert token.prefix.encode() in listing.content
    assert secret.encode() not in listing.content


def test_form_errors_keep_what_was_typed(client_a, org_a):
    response = client_a.post(url("create", org_a), {"name": "Kept name", "scopes": []})
    assert response.status_code == 400
    assert b"Kept name" in response.content
    assert not ApiToken.objects.exists()


def test_revoke_stops_the_token_and_is_audited(client_a, org_a, owner_a):
    ApiTokenFactory(organization=org_a, secret="tnt_to_be_revoked")
    token = ApiToken.objects.get()
    assert ApiClient("tnt_to_be_revoked").get("/api/v1/").status_code == 200
    response = client_a.post(url("revoke", org_a, token_id=token.pk))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == owner_a
    assert ApiClient("tnt_to_be_revoked").get("/api/v1/").status_code == 401
    assert AuditEvent.objects.filter(action="api.token_revoked").exists()


def test_revoking_a_token_of_another_organization_is_404(client_a, org_b):
    other = ApiTokenFactory(organization=org_b)
    # Through A's workspace with B's token id.
    response = client_a.post(
        reverse("api_tokens:revoke", kwargs={"org_slug": "voix-citoyennes", "token_id": other.pk})
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


@pytest.mark.parametrize("role", [Role.ORGANIZER, Role.VOLUNTEER])
def test_only_admins_see_token_pages(client, org_a, role):
    member = MembershipFactory(organization=org_a, role=role).user
    client.force_login(member)
    assert client.get(url("list", org_a)).status_code == 403
    assert (
        client.post(url("create", org_a), {"name": "x", "scopes": ["people:read"]}).status_code
        == 403
    )
    assert not ApiToken.objects.exists()
