"""``OSDI-API-Token`` authentication and scope checks.

The token is looked up by the SHA-256 of its secret; an unknown or revoked token is a 401.
``request.auth`` is the ``ApiToken``; ``request.user`` stays anonymous (an API client is not a
member). A view names its ``scope_family``: GET/HEAD/OPTIONS need ``<family>:read``, other
methods ``<family>:write``; the Action Network flavour (/api/v2/) also needs a token marked
"Action Network compatible".
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from turnout.accounts.models import ApiToken

from .links import ACTION_NETWORK, LinkContext

HEADER = "OSDI-API-Token"
LAST_USED_EVERY = dt.timedelta(minutes=1)


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def token_touch(token: ApiToken) -> None:
    """Record the use, at most once a minute per token (one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


class ApiTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        secret = request.META.get("HTTP_OSDI_API_TOKEN", "").strip()
        if not secret:
            return None
        token = (
            ApiToken.objects.select_related("organization", "created_by")
            .filter(key_hash=key_hash(secret))
            .first()
        )
        if token is None or token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("This API token is not valid or has been revoked.")
            )
        token_touch(token)
        return (AnonymousUser(), token)

    def authenticate_header(self, request):
        # A value here makes DRF answer 401 (not 403) when the token is missing or wrong.
        return HEADER


class HasScope(BasePermission):
    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            raise exceptions.NotAuthenticated(
                _("Send your API token in the %(header)s header.") % {"header": HEADER}
            )
        if LinkContext.from_request(request).flavour == ACTION_NETWORK and (
            not token.action_network_compatible
        ):
            raise exceptions.PermissionDenied(
                _("This token is not marked “Action Network compatible”: use /api/v1/.")
            )
        family = getattr(view, "scope_family", None)
        if family is None:
            return True
        level = "read" if request.method in SAFE_METHODS else "write"
        if not token.allows(f"{family}:{level}"):
            raise exceptions.PermissionDenied(
                _("This token lacks the scope %(scope)s.") % {"scope": f"{family}:{level}"}
            )
        return True


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "turnout.api.osdi.auth.ApiTokenAuthentication"
    name = "OSDIToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": HEADER}
