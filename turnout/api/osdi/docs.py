"""The OpenAPI description (/api/v1/openapi.json, drf-spectacular) and a documentation page
rendered on the server from it (/api/v1/docs/: no script, no CDN). Both are public: they
describe the API, not anyone's data."""

from __future__ import annotations

import json
from functools import lru_cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

PREFIX = "/api/v1/"
SKIPPED = {"openapi", "docs", "not-found"}


def only_v1(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: describe /api/v1/ once (v2 is the same API)."""
    kept = []
    for path, path_regex, method, callback in endpoints:
        name = getattr(callback, "__name__", "")
        if (
            path.startswith(PREFIX)
            and name not in ("not_found",)
            and path != PREFIX + "openapi.json"
        ):
            kept.append((path, path_regex, method, callback))
    return kept


def _strict(schema: dict) -> None:
    if schema.get("type") == "object" and "properties" in schema:
        schema.setdefault("additionalProperties", False)
    for value in schema.get("properties", {}).values():
        if isinstance(value, dict):
            _strict(value)
            if isinstance(value.get("items"), dict):
                _strict(value["items"])


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}
ERRORS = {
    "400": "Malformed JSON, wrong types, unknown fields, a bad filter or page parameter",
    "401": "Missing, unknown or revoked API token",
    "403": "The token lacks the scope (or is not Action Network compatible, on /api/v2/)",
    "404": "No such record in the token's organization",
    "405": "Method not allowed",
    "406": "Not acceptable (ask for application/hal+json or application/json)",
    "413": "Body larger than 1 MB",
    "415": "Content type other than application/hal+json or application/json",
    "429": "Rate limit: wait Retry-After seconds",
}


def strict_requests(result, generator, request, public):
    """drf-spectacular postprocessing hook: request bodies refuse unknown fields, as the API
    does, and every operation documents the error shape with its statuses."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in components.items():
        if name.endswith("Request"):
            _strict(schema)
    components["Error"] = ERROR_SCHEMA
    error_ref = {"$ref": "#/components/schemas/Error"}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                if code == "415" and method in ("get", "delete"):
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": text,
                        "content": {
                            "application/hal+json": {"schema": error_ref},
                            "application/json": {"schema": error_ref},
                        },
                    },
                )
    return result


@lru_cache(maxsize=1)
def openapi_schema() -> dict:
    generator = SchemaGenerator(patterns=None)
    schema = generator.get_schema(request=None, public=True)
    # Through JSON once so that lazy strings and the like become plain values.
    return json.loads(OpenApiJsonRenderer().render(schema).decode())


def openapi_text() -> str:
    """The description as committed in docs/api/openapi.json (stable key order)."""
    return json.dumps(openapi_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class OpenApiView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []
    renderer_classes = [OpenApiJsonRenderer]

    def get(self, request, *args, **kwargs):
        return Response(openapi_schema())


def _operations(schema: dict) -> list[dict]:
    groups: dict[str, list] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            responses = []
            for code, response in op.get("responses", {}).items():
                content = response.get("content", {})
                first = next(iter(content.values()), {}) if content else {}
                responses.append({"code": code, "schema": _ref_name(first.get("schema", {}))})
            groups.setdefault((op.get("tags") or ["other"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "body": _ref_name(body),
                    "responses": responses,
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def _ref_name(schema: dict) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else ""


def _components(schema: dict) -> list[dict]:
    out = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        fields = []
        for field, spec in component.get("properties", {}).items():
            kind = spec.get("type") or _ref_name(spec) or _ref_name((spec.get("allOf") or [{}])[0])
            if kind == "array":
                items = spec.get("items", {})
                kind = f"array of {items.get('type') or _ref_name(items)}"
            fields.append(
                {
                    "name": field,
                    "type": kind or "object",
                    "required": field in required,
                    "description": spec.get("description", ""),
                    "enum": spec.get("enum", []),
                }
            )
        out.append({"name": name, "fields": fields})
    return out


def docs_page(request, *args, **kwargs):
    schema = openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "schema": schema,
            "info": schema.get("info", {}),
            "groups": _operations(schema),
            "components": _components(schema),
        },
    )
