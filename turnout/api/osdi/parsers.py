"""JSON in (``application/hal+json`` or ``application/json``), at most
``TURNOUT_API_MAX_BODY`` bytes (1 MB): a larger body is refused with 413 before it is read."""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from .errors import RequestTooLarge


def _reject_constant(name: str):
    raise ValueError(name)


class HalJsonParser(BaseParser):
    media_type = "application/hal+json"

    def parse(self, stream, media_type=None, parser_context=None):
        limit = getattr(settings, "TURNOUT_API_MAX_BODY", 1024 * 1024)
        request = (parser_context or {}).get("request")
        if request is not None:
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > limit:
                raise RequestTooLarge()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge()
        try:
            text = raw.decode("utf-8")
            return json.loads(text, parse_constant=_reject_constant)
        except (UnicodeDecodeError, ValueError) as exc:
            raise ParseError(
                _("The request body is not valid JSON: %(error)s") % {"error": exc}
            ) from None


class JsonParser(HalJsonParser):
    media_type = "application/json"


PARSERS = [HalJsonParser, JsonParser]
