"""Background work of turfs: the cut of an effort (a job with a progress bar) and the email
telling a canvasser a turf is theirs. Ids in, refetch, call a service; safe to run twice (a
cut run again replaces the turfs it made the first time)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from turnout.core.jobs import job_handler

from .models import Effort, TurfAssignment
from .services.turfs_cut import CUT_JOB, turfs_cut


@job_handler(CUT_JOB)
def turfs_cut_job(job, progress) -> dict:
    effort = Effort.objects.for_organization(job.organization).get(pk=job.params["effort_id"])
    result = turfs_cut(
        effort=effort,
        doors_per_turf=int(job.params["doors_per_turf"]),
        actor=job.created_by,
        progress=progress,
    )
    url = reverse(
        "canvassing:effort_detail",
        kwargs={"org_slug": job.organization.slug, "effort_id": effort.pk},
    )
    return {**result.__dict__, "url": url}


@task(queue_name="messages")
def turf_assigned_email(turf_id: int, user_id: int) -> bool:
    """Tell the canvasser a turf is theirs, alone or through a team (nothing if it went to
    someone else since)."""
    held = TurfAssignment.objects.filter(turf_id=turf_id, user_id=user_id, ended_at__isnull=True)
    held = held.select_related("turf__effort", "turf__organization", "user", "team").first()
    if held is None:
        return False
    turf, user = held.turf, held.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "turf": turf,
            "user": user,
            "team": held.team,
            "organization": turf.organization,
            "km": f"{turf.route_m / 1000:.1f}",
            "url": settings.SITE_URL
            + reverse("canvass:app", kwargs={"org_slug": turf.organization.slug}),
        }
        send_mail(
            _("A canvassing turf is yours: %(effort)s, turf %(number)s")
            % {"effort": turf.effort.name, "number": turf.number},
            render_to_string("canvassing/turfs/email/turf_assigned.txt", context),
            None,
            [user.email],
        )
    return True
