"""Background work of the actions app: the intake fold, confirmation emails. Ids in (or
nothing), refetch, safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from turnout.core.periodic import periodic


@task(queue_name="messages")
def submission_confirmation_send(submission_id: int) -> bool:
    """Email the double opt-in link of a pending submission (nothing once confirmed)."""
    from .models import Submission
    from .services import submission_confirm_token

    submission = (
        Submission.objects.select_related("action", "person", "organization")
        .filter(pk=submission_id, status=Submission.Status.PENDING)
        .first()
    )
    if submission is None:
        return False
    email = (
        submission.person.emails.order_by("-primary", "id")
        .values_list("address", flat=True)
        .first()
    )
    if not email:
        return False
    language = submission.language or "fr"
    with translation.override(language):
        url = settings.SITE_URL + reverse(
            "actions_public:confirm",
            kwargs={"slug": submission.action.slug, "token": submission_confirm_token(submission)},
        )
        context = {
            "action": submission.action,
            "title": submission.action.title_text(language),
            "organization": submission.organization,
            "url": url,
        }
        send_mail(
            _("Please confirm: %(title)s") % {"title": context["title"]},
            render_to_string("actions/email/confirm.txt", context),
            None,
            [email],
        )
    return True


@task(queue_name="default")
def intake_fold_task(woken_at: float = 0.0) -> dict:
    """Fold the intake queue into the CRM (``intake.intake_fold``). ``woken_at``: when the
    wake that enqueued it happened (``time.time()``); the fold keeps looking for rows for
    ``LINGER_SECONDS`` after it, since the rows of the next moments enqueue nothing (0: the
    safety net or a backend without workers: no waiting)."""
    from .intake import LINGER_SECONDS, intake_fold

    linger_until = woken_at + LINGER_SECONDS if woken_at else 0.0
    stats = intake_fold(
        max_seconds=getattr(settings, "TURNOUT_INTAKE_MAX_SECONDS", 60), linger_until=linger_until
    )
    return stats.as_dict()


@periodic("actions_intake", every=timedelta(minutes=1))
def intake_safety_net() -> dict:
    """Every minute: wake a fold if rows wait (their own wake may have been lost with a
    worker, or skipped by the once-a-second limit when no fold was running), after moving
    into the queue what web processes of this machine that stopped left in the spool."""
    from .models import SubmissionIntake
    from .spool import spool_move

    spool_move()
    waiting = SubmissionIntake.objects.filter(processed_at__isnull=True).exists()
    if waiting:
        intake_fold_task.enqueue(0.0)
    return {"woken": waiting}
