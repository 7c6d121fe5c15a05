"""Every API error has the same shape::

    {"error": {"code": "invalid", "message": "...",
               "fields": {"email_addresses.0.address": ["..."]}}}

``fields`` is present for validation errors only. Statuses: 400 malformed JSON, wrong types,
unknown fields or a filter that does not parse; 401 missing, unknown or revoked token; 403 a
scope the token lacks; 404 unknown record or another organization's; 405; 413 body over 1 MB;
415 wrong content type; 429 rate limit (with ``Retry-After``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is larger than 1 MB.")
    default_code = "too_large"


class BadFilter(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("The filter could not be read.")
    default_code = "bad_filter"


class BadQuery(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("A query parameter is not valid.")
    default_code = "bad_query"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This conflicts with another record.")
    default_code = "conflict"


_CODES = {
    400: "invalid",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Nested serializer errors as ``{"a.0.b": ["message"]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, value in enumerate(detail):
                if value:
                    out.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def error_body(status_code: int, message: str, code: str | None = None, fields=None) -> dict:
    body = {"code": code or _CODES.get(status_code, "error"), "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("No such record."))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        general = fields.pop("non_field_errors", None)
        message = " ".join(general) if general else _("Some fields are not valid.")
        response.data = error_body(400, message, "invalid", fields or None)
    else:
        detail = getattr(exc, "detail", "")
        code = getattr(exc, "default_code", None)
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            code = "unauthorized"
        elif isinstance(exc, exceptions.NotFound):
            code = "not_found"
        elif isinstance(exc, exceptions.Throttled):
            code = "rate_limited"
            detail = _("Too many requests: retry after %(seconds)s s.") % {
                "seconds": response.headers.get("Retry-After", "1")
            }
        if code in ("error", "invalid", None) or code not in set(_CODES.values()) | {
            "bad_filter",
            "bad_query",
        }:
            code = _CODES.get(response.status_code, "error")
        response.data = error_body(response.status_code, str(detail), code)
    return response


def json_error(status_code: int, message: str, code: str | None = None) -> JsonResponse:
    """An error outside DRF (unknown URL under /api/v1/)."""
    return JsonResponse(
        error_body(status_code, message, code),
        status=status_code,
        content_type="application/hal+json",
        json_dumps_params={"ensure_ascii": False},
    )
