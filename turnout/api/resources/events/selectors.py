"""Reads of the events endpoints, within the token's organization."""

from __future__ import annotations

from django.db.models import Count, Q

from turnout.events.models import Attendance, Event


def events_for_api(*, organization):
    return Event.objects.for_organization(organization).annotate(
        total_accepted=Count(
            "attendances",
            filter=Q(attendances__status=Attendance.Status.GOING),
        )
    )


def attendances_for_api(*, organization, event: Event):
    """The event's attendances of people who are not erased."""
    return Attendance.objects.filter(
        organization=organization, event=event, person__erased_at__isnull=True
    ).select_related("event", "person")
