"""How actions follow the CRM when people are merged or erased, and the invalidation of the
sign form's action cache."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from turnout.people.rights.merge import register_merge_hook
from turnout.people.rights.services import register_erasure_hook

from .models import Action, ActionSponsor, SponsorOptIn, Submission, SubmissionIntake
from .selectors import action_public_forget


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
        # Their intake rows now lead to ours (share codes handed out keep referring).
        SubmissionIntake.objects.filter(submission=theirs).update(submission=ours)
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
    """The signature stays counted; what the person wrote goes (also what still waits in the
    intake queue, or was kept there after a refusal), and so do the files made before that
    may hold their data: exports of the actions they answered, and deliveries that named
    them."""
    from turnout.core.models import Job

    from .deliveries import delivery_files_forget
    from .exports import EXPORT_JOB
    from .intake import intake_forget

    intake_forget(
        organization_id=person.organization_id,
        emails=list(person.emails.values_list("address", flat=True)),
        phones=list(person.phones.values_list("number", flat=True)),
    )
    submissions = Submission.objects.filter(person=person)
    action_ids = set(submissions.values_list("action_id", flat=True))
    named_in = set(submissions.filter(show_name=True).values_list("action_id", flat=True))
    submissions.update(answers={}, referrer=None, show_name=False, show_name_text="")
    Submission.objects.filter(referrer=person).update(referrer=None)
    if named_in:
        delivery_files_forget(action_ids=named_in)
    if action_ids:
        exports = Job.objects.filter(
            organization_id=person.organization_id,
            kind=EXPORT_JOB,
            params__action__in=sorted(action_ids),
        ).exclude(result_file="")
        for job in exports:
            name, storage = job.result_file.name, job.result_file.storage
            Job.objects.filter(pk=job.pk).update(result_file="")
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))


@receiver(post_save, sender=Action)
@receiver(post_delete, sender=Action)
@receiver(post_save, sender=ActionSponsor)
@receiver(post_delete, sender=ActionSponsor)
def public_cache_forget(sender, **kwargs) -> None:
    """Cache invalidation: a saved action or sponsor is read again by the sign form's posts
    of this process (other processes within ``PUBLIC_CACHE_SECONDS``)."""
    action_public_forget()
