"""How events follow the CRM: the person page lists the person's events, a merge moves
their RSVPs to the survivor, an erasure cancels what is still to come."""

from __future__ import annotations

from django.utils import timezone

from turnout.people.panels import register_person_panel
from turnout.people.rights.merge import register_merge_hook
from turnout.people.rights.services import register_erasure_hook

from .models import Attendance, Event, new_token

RANK = {
    Attendance.Status.GOING: 3,
    Attendance.Status.WAITLISTED: 2,
    Attendance.Status.DECLINED: 1,
    Attendance.Status.CANCELLED: 0,
}


@register_person_panel
def events_panel(*, request, organization, person) -> dict | None:
    from .selectors import person_attendances

    if not request.user.has_perm("events.view_attendees", organization):
        return None
    attendances = person_attendances(organization=organization, person=person)
    if not attendances:
        return None
    return {"template": "events/_person_panel.html", "attendances": attendances}


@register_merge_hook
def attendances_merge(*, survivor, other, actor=None) -> None:
    """``other``'s RSVPs go to ``survivor``. Where both answered for the same event (and
    shift), the better answer stays (going over waiting over cancelled), with the check-in
    of either."""
    Event.objects.filter(host=other).update(host=survivor)
    for theirs in Attendance.objects.select_for_update().filter(person=other):
        ours = (
            Attendance.objects.select_for_update()
            .filter(event_id=theirs.event_id, shift_id=theirs.shift_id, person=survivor)
            .first()
        )
        if ours is None:
            Attendance.objects.filter(pk=theirs.pk).update(person=survivor)
            continue
        keep, drop = (theirs, ours) if RANK[theirs.status] > RANK[ours.status] else (ours, theirs)
        attended_at = min((a.attended_at for a in (ours, theirs) if a.attended_at), default=None)
        drop.delete()
        Attendance.objects.filter(pk=keep.pk).update(person=survivor, attended_at=attended_at)


@register_erasure_hook
def attendances_erase(*, person) -> None:
    """An erased person's coming RSVPs are cancelled (their place goes to the waiting list)
    and the links of the old ones stop working; the past attendances stay counted."""
    from .services.rsvp import rsvp_cancel

    now = timezone.now()
    coming = Attendance.objects.filter(
        person=person, status__in=Attendance.ACTIVE, event__ends_at__gt=now
    )
    for attendance in coming:
        rsvp_cancel(attendance=attendance)
    for attendance in Attendance.objects.filter(person=person):
        attendance.token = new_token()
        attendance.source_code = attendance.utm_source = ""
        attendance.utm_medium = attendance.utm_campaign = ""
        attendance.save(
            update_fields=[
                "token",
                "source_code",
                "utm_source",
                "utm_medium",
                "utm_campaign",
                "updated_at",
            ]
        )
    Event.objects.filter(host=person).update(host=None)
