"""HAL+JSON out: ``application/hal+json`` by default, ``application/json`` when asked for."""

from __future__ import annotations

from rest_framework.renderers import JSONRenderer


class HalJsonRenderer(JSONRenderer):
    media_type = "application/hal+json"
    format = "json"
    ensure_ascii = False
    compact = True


class PlainJsonRenderer(JSONRenderer):
    media_type = "application/json"
    format = "plainjson"
    ensure_ascii = False
    compact = True


RENDERERS = [HalJsonRenderer, PlainJsonRenderer]
