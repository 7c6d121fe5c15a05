"""How the ladder follows the CRM: every recorded activity may move its person on the ladder,
and the person page shows where they stand."""

from __future__ import annotations

from turnout.people.panels import register_person_panel
from turnout.people.rights.services import register_erasure_hook
from turnout.people.services import register_activity_hook

from .ladder import ladder_cache_forget, ladder_summary, ladder_summary_fresh
from .models import PersonRung
from .services import REACHED_KIND, person_place, snapshot


@register_activity_hook
def ladder_follow_activity(activity) -> None:
    """Re-evaluate the person's rung, inside the transaction that records the activity.

    Cheap when it cannot matter: an organization without a ladder costs one cache lookup, and
    an activity no rule looks at costs nothing more. Otherwise one query reads the ladder's version
    and all the person's rows the rules look at; rows are written only when the person moves.
    Our own ``rung.reached`` activities are never evaluated (no recursion).
    """
    if activity.kind == REACHED_KIND:
        return
    organization_id = activity.organization_id
    summary = ladder_summary(organization_id)
    if summary is None or not summary.concerns(activity.kind, activity.source_id):
        return
    known = snapshot(person_id=activity.person_id, summary=summary)
    if known.version != summary.version:
        # Changed since it was cached (in another process): read it again, here.
        ladder_cache_forget(organization_id)
        summary = ladder_summary_fresh(organization_id)
        if summary is None or not summary.concerns(activity.kind, activity.source_id):
            return
        known = snapshot(person_id=activity.person_id, summary=summary)
    person_place(person=activity.person, summary=summary, at=activity.occurred_at, known=known)


@register_erasure_hook
def ladder_forget_erased(*, person) -> None:
    """An erased person stands on no rung (the counts of the funnel keep their history)."""
    PersonRung.objects.filter(person=person).delete()


@register_person_panel
def ladder_panel(*, request, organization, person) -> dict | None:
    from .selectors import person_ladder

    if not request.user.has_perm("funnels.view_funnel", organization):
        return None
    ladder = person_ladder(organization=organization, person=person)
    if not ladder["steps"]:
        return None
    return {"template": "funnels/_person_panel.html", **ladder}
