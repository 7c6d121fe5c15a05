"""How journeys follow the CRM: activities start journeys, the person page shows them, and
merges and erasures carry over to enrollments and tasks."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from turnout.people.panels import register_person_panel
from turnout.people.rights.merge import register_merge_hook
from turnout.people.rights.services import register_erasure_hook
from turnout.people.services import register_activity_hook

from .models import Enrollment, FollowUpTask, SegmentMember
from .triggers import journeys_for_activity


@register_activity_hook
def journeys_follow_activity(activity) -> None:
    """Enroll the person in the journeys this activity starts, inside the transaction that
    records it. Usually no query at all (see triggers.py)."""
    journeys = journeys_for_activity(activity)
    if not journeys:
        return
    from .services import journey_enroll

    for journey in journeys:
        journey_enroll(journey=journey, person=activity.person, trigger_ref=f"a{activity.pk}")


@register_person_panel
def journeys_panel(*, request, organization, person) -> dict | None:
    from .selectors import person_journeys

    if not request.user.has_perm("journeys.view_journeys", organization):
        return None
    data = person_journeys(organization=organization, person=person)
    if not data["enrollments"] and not data["tasks"]:
        return None
    return {"template": "journeys/_person_panel.html", **data}


@register_merge_hook
def enrollments_follow_the_survivor(*, survivor, other, actor=None) -> None:
    """The merged person's journeys go to the survivor, except where the survivor is already
    on the way through the same journey: there the other one's way ends."""
    live_journeys = Enrollment.objects.filter(person=survivor, status__in=Enrollment.LIVE).values(
        "journey_id"
    )
    Enrollment.objects.filter(
        person=other, status__in=Enrollment.LIVE, journey_id__in=live_journeys
    ).update(
        status=Enrollment.Status.EXITED,
        finished_at=timezone.now(),
        next_run_at=None,
        claim_token=None,
        outcome="merged",
    )
    Enrollment.objects.filter(person=other).update(person=survivor)
    FollowUpTask.objects.filter(person=other).update(person=survivor)
    SegmentMember.objects.filter(person=other).filter(
        Q(journey_id__in=SegmentMember.objects.filter(person=survivor).values("journey_id"))
    ).delete()
    SegmentMember.objects.filter(person=other).update(person=survivor)


@register_erasure_hook
def journeys_forget_the_person(*, person) -> None:
    """An erased person leaves every journey at once, and task notes about them go."""
    Enrollment.objects.filter(person=person, status__in=Enrollment.LIVE).update(
        status=Enrollment.Status.EXITED,
        finished_at=timezone.now(),
        next_run_at=None,
        claim_token=None,
        outcome="erased",
    )
    FollowUpTask.objects.filter(person=person).update(notes="")
