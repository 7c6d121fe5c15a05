"""Broadcasts (OSDI messages) with their statistics, as OSDI dicts. The statistics are
totals: Turnout keeps no per-person opens or clicks."""

from __future__ import annotations

from django.utils.translation import get_language

from turnout.messaging.models import Broadcast

from ...osdi.links import LinkContext, identifiers_of, iso


def _content(broadcast: Broadcast) -> dict:
    """The content in the reader's language, else the default one, else the first."""
    content = broadcast.content or {}
    for language in ((get_language() or "")[:2], broadcast.default_language):
        if isinstance(content.get(language), dict):
            return content[language]
    return next((v for v in content.values() if isinstance(v, dict)), {})


def message_representation(broadcast: Broadcast, ctx: LinkContext) -> dict:
    """An OSDI message. ``statistics`` counts what the selector annotated (``sent``,
    ``delivered``, ``failed``, ``suppressed``, ``queued``)."""
    content = _content(broadcast)
    statistics = {
        "total_targeted": broadcast.recipients,
        "sent": getattr(broadcast, "stat_sent", 0),
        "delivered": getattr(broadcast, "stat_delivered", 0),
        "failed": getattr(broadcast, "stat_failed", 0),
        "suppressed": getattr(broadcast, "stat_suppressed", 0),
        "queued": getattr(broadcast, "stat_queued", 0),
        "opened": broadcast.opens,
        "clicked": broadcast.clicks,
    }
    return {
        "identifiers": identifiers_of(ctx, broadcast.pk),
        "created_date": iso(broadcast.created_at),
        "modified_date": iso(broadcast.updated_at),
        "origin_system": "Turnout",
        "name": broadcast.name,
        "type": broadcast.channel,
        "subject": content.get("subject", ""),
        "message": content.get("body", ""),
        "from": broadcast.sender,
        "status": broadcast.status,
        "scheduled_start_date": iso(broadcast.scheduled_at),
        "sent_start_date": iso(broadcast.queued_at),
        "total_targeted": broadcast.recipients,
        "statistics": statistics,
        "_links": {"self": ctx.link("message", broadcast.pk)},
    }
