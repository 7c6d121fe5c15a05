"""What the map script needs (``templates/events/_map.html``, ``static/events/map.js``):
the tile server and its credit from the settings, and the markers. A map never says more
than the page around it (decision 0066): without tiles, the markers still show."""

from __future__ import annotations

from django.conf import settings


def map_settings(markers=(), center=None) -> dict:
    """``markers``: [{"lat", "lon", "label", "url"?}]."""
    return {
        "tiles": settings.TURNOUT_MAP_TILE_URL,
        "attribution": settings.TURNOUT_MAP_ATTRIBUTION,
        "markers": list(markers),
        "center": center,
    }


def map_data(markers: list[dict], center=None) -> dict | None:
    """A map of these markers; None when there is nothing to show."""
    return map_settings(markers, center) if markers else None


def event_map(event) -> dict | None:
    if not event.has_place:
        return None
    return map_data([{"lat": event.latitude, "lon": event.longitude, "label": event.title_text()}])
