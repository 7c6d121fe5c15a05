"""Writes on API tokens. The secret is returned once by ``api_token_create``; only its
SHA-256 is stored."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from turnout.accounts.models import ApiToken
from turnout.core.audit import audit_record

from ..osdi.auth import key_hash
from ..osdi.registry import SCOPE_FAMILIES

SECRET_PREFIX = "tnt_"  # noqa: S105 (the visible start of every token)
PREFIX_LENGTH = 12


def _valid_scopes(scopes) -> list[str]:
    clean = []
    for scope in scopes:
        family, _sep, level = str(scope).partition(":")
        if family not in SCOPE_FAMILIES or level not in ("read", "write"):
            raise ValueError(_("Unknown scope: %(scope)s") % {"scope": scope})
        if scope not in clean:
            clean.append(scope)
    return sorted(clean)


@transaction.atomic
def api_token_create(
    *, organization, actor, name: str, scopes, action_network_compatible: bool = False
) -> tuple[ApiToken, str]:
    """A new token and its secret (to show once)."""
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organization=organization,
        name=name.strip()[:100],
        prefix=secret[:PREFIX_LENGTH],
        key_hash=key_hash(secret),
        scopes=_valid_scopes(scopes),
        action_network_compatible=action_network_compatible,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="api.token_created",
        target=token,
        data={"scopes": token.scopes, "action_network": action_network_compatible},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke at once (the next request with it is a 401). Idempotent."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        organization=locked.organization, actor=actor, action="api.token_revoked", target=locked
    )
    return locked
