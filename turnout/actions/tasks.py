"""Background sends of the actions app: ids in, refetch, safe to run twice."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


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
