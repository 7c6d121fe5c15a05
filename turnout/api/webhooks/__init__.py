"""Outgoing webhooks: the organization's systems hear about what happens in Turnout.

Other apps' services call, inside their transaction::

    webhooks.emit(organization=..., type="person.created", obj=person)

``emit`` is cheap when the organization has no subscription to ``type`` (one cached
query, none while the cache holds); otherwise it notes what the object is and, once the
transaction commits, records a ``WebhookEvent`` with its payload and one ``WebhookDelivery``
per subscription, each sent by a task (``tasks.webhook_deliver``), signed, retried on a
schedule, logged. A rolled-back transaction emits nothing.

Modules: ``events`` (the types), ``payloads`` (OSDI shapes), ``signing``, ``ssrf`` (the
guard and the pinned HTTP client), ``services`` (writes), ``selectors`` (reads), ``tasks``,
``hooks`` (erasure scrubbing, merges), ``views``/``forms``/``policies`` (workspace pages).
"""

from __future__ import annotations

from functools import partial

from django.core.cache import cache
from django.db import transaction

CACHE_SECONDS = 60


def _cache_key(organization_id: int) -> str:
    return f"webhooks:types:{organization_id}"


def subscribed_types(organization_id: int) -> frozenset[str]:
    """The event types some active subscription of the organization wants (cached)."""
    key = _cache_key(organization_id)
    found = cache.get(key)
    if found is None:
        from turnout.api.models import WebhookSubscription

        found = sorted(
            {
                code
                for types in WebhookSubscription.objects.filter(
                    organization_id=organization_id, active=True
                ).values_list("event_types", flat=True)
                for code in (types or [])
            }
        )
        cache.set(key, found, CACHE_SECONDS)
    return frozenset(found)


def subscriptions_changed(organization_id: int) -> None:
    """Forget the cached types (call after any change of a subscription)."""
    cache.delete(_cache_key(organization_id))


def emit(*, organization, type: str, obj=None, **extra) -> None:
    """Report ``type`` about ``obj`` to the organization's subscribers after the commit.
    ``organization``: an Organization or its id. ``extra``: plain values the payload needs
    (``merged_uuid`` for a merge; ``channel``, ``address``, ``reason`` for an opt-out)."""
    if organization is None:
        return
    organization_id = getattr(organization, "pk", organization)
    if type not in subscribed_types(organization_id):
        return
    from .payloads import reference

    ref = reference(type, obj, extra)
    transaction.on_commit(partial(_record, organization_id, type, ref), robust=True)


def _record(organization_id: int, type: str, ref: dict) -> None:
    from .services import event_record

    event_record(organization_id=organization_id, type=type, ref=ref)
