"""How actions follow the CRM when people are merged or erased."""

from __future__ import annotations

from django.db.models import F

from turnout.people.rights.merge import register_merge_hook
from turnout.people.rights.services import register_erasure_hook

from .models import Action, SponsorOptIn, Submission


@register_merge_hook
def submissions_merge(*, survivor, other, actor=None) -> None:
    """Move ``other``'s submissions to ``survivor``, keeping one per action and the counter
    equal to the confirmed rows."""
    Submission.objects.filter(referrer=other).update(referrer=survivor)
    SponsorOptIn.objects.filter(person=other).update(person=survivor)
    for theirs in Submission.objects.select_for_update().filter(person=other):
        ours = (
            Submission.objects.select_for_update()
            .filter(action_id=theirs.action_id, person=survivor)
            .first()
        )
        if ours is None:
            Submission.objects.filter(pk=theirs.pk).update(person=survivor)
            continue
        confirmed = Submission.Status.CONFIRMED
        if theirs.status == confirmed:
            if ours.status == confirmed:
                Action.objects.filter(pk=theirs.action_id).update(
                    signature_count=F("signature_count") - 1
                )
            else:
                Submission.objects.filter(pk=ours.pk).update(
                    status=confirmed, confirmed_at=theirs.confirmed_at
                )
        for opt_in in theirs.opt_ins.filter(granted=True):
            SponsorOptIn.objects.update_or_create(
                submission=ours,
                sponsor_id=opt_in.sponsor_id,
                defaults={
                    "granted": True,
                    "notice_text": opt_in.notice_text,
                    "person": opt_in.person,
                },
            )
        theirs.delete()


@register_erasure_hook
def submissions_erase(*, person) -> None:
    """The signature stays counted; what the person wrote goes."""
    Submission.objects.filter(person=person).update(answers={}, referrer=None)
