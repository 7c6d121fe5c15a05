"""``POST /api/assistant/ask``: one question in, one answer out (JSON).

Request: ``{"question": str, "language": "fr"|"en"|"de", "country": "FR"|..., "election":
slug (optional)}``; the organization is named by the ``X-Turnout-Organization`` header or an
``organization`` field (its slug). Response: ``{"answer", "entry" (slug or null), "sources",
"confidence", "known", "last_verified", "language"}``. Errors: ``{"error": {"code",
"message"}}`` with 400 (bad JSON, content type, fields, unknown election, refused question),
404 (unknown organization), 413 (body over 8 KB), 429 (too many questions from one address,
with Retry-After). Nothing is recorded.
"""

from __future__ import annotations

import json
import time

from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from turnout.organizations.models import Organization

from .answering import answer
from .exceptions import QuestionRejected
from .models import Election

MAX_BODY = 8 * 1024
RATE_LIMIT = 60  # questions per minute and client address
RATE_WINDOW = 60


def _error(status: int, code: str, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": {"code": code, "message": str(message)}}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _rate_limited(request) -> int:
    """Seconds to wait when the client address asked too much this minute, else 0."""
    address = request.META.get("REMOTE_ADDR") or "unknown"
    now = int(time.time())
    window = now // RATE_WINDOW
    key = f"assistant-ask:{address}:{window}"
    if cache.add(key, 1, RATE_WINDOW + 5):
        return 0
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW + 5)
        return 0
    if count > RATE_LIMIT:
        return RATE_WINDOW - now % RATE_WINDOW or 1
    return 0


@csrf_exempt
@require_POST
def ask(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY or len(request.body) > MAX_BODY:
        return _error(413, "too_large", _("The request is larger than 8 KB."))
    wait = _rate_limited(request)
    if wait:
        return _error(
            429, "rate_limited", _("Too many questions. Please wait a minute."),
            Retry_After=str(wait),
        )  # fmt: skip
    if request.content_type != "application/json":
        return _error(400, "content_type", _("Send the question as application/json."))
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, "invalid_json", _("The body is not valid JSON."))
    if not isinstance(data, dict):
        return _error(400, "invalid_json", _("The body must be a JSON object."))
    org_slug = request.headers.get("X-Turnout-Organization") or data.get("organization")
    if not isinstance(org_slug, str) or not org_slug.strip():
        return _error(
            400, "missing_organization",
            _("Name the organization in the X-Turnout-Organization header."),
        )  # fmt: skip
    organization = Organization.objects.filter(slug=org_slug.strip()).first()
    if organization is None:
        return _error(404, "unknown_organization", _("There is no such organization."))
    for name in ("question", "language", "country"):
        if not isinstance(data.get(name), str) or not data[name]:
            return _error(
                400, f"missing_{name}",
                _("The field “%(field)s” is required and must be text.") % {"field": name},
            )  # fmt: skip
    election = None
    slug = data.get("election")
    if slug not in (None, ""):
        if not isinstance(slug, str):
            return _error(400, "unknown_election", _("“election” must be an election's slug."))
        election = Election.objects.filter(organization=organization, slug=slug).first()
        if election is None:
            return _error(400, "unknown_election", _("There is no such election."))
    try:
        result = answer(
            organization=organization,
            question=data["question"],
            language=data["language"],
            country=data["country"].upper(),
            election=election,
        )
    except QuestionRejected as refused:
        return _error(400, refused.code, refused.message)
    return JsonResponse(
        {
            "answer": result.text,
            "entry": result.slug,
            "sources": result.sources,
            "confidence": result.confidence,
            "known": result.known,
            "last_verified": result.entry.last_verified.isoformat() if result.entry else None,
            "language": result.language,
        },
        json_dumps_params={"ensure_ascii": False},
    )
