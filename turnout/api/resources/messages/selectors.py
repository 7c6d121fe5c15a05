"""Reads of the messages endpoints: the organization's broadcasts with their statistics
counted in the same query."""

from __future__ import annotations

from django.db.models import Count, Q

from turnout.messaging.models import Broadcast, Message

S = Message.Status


def _count(*statuses):
    return Count("messages", filter=Q(messages__status__in=statuses))


def messages_for_api(*, organization):
    return Broadcast.objects.for_organization(organization).annotate(
        stat_sent=_count(S.SENT, S.DELIVERED),
        stat_delivered=_count(S.DELIVERED),
        stat_failed=_count(S.FAILED, S.UNCERTAIN),
        stat_suppressed=_count(S.SUPPRESSED),
        stat_queued=_count(S.QUEUED, S.CLAIMED, S.SENDING),
    )
