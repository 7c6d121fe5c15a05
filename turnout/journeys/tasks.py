"""Background work of journeys: the runner task and the tick that starts it every minute."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from turnout.core.periodic import periodic


@task(queue_name="default")
def journeys_advance() -> dict:
    """Advance every due enrollment (several may run at once: claims keep them apart)."""
    from django.conf import settings

    from .runner import journeys_run

    return journeys_run(max_seconds=getattr(settings, "TURNOUT_JOURNEYS_MAX_SECONDS", 240))


@periodic("journeys_tick", every=timedelta(minutes=1))
def journeys_tick() -> dict:
    """Every minute: enroll the people whose date came or who entered a segment, then start
    a runner if someone is due (waits that ended, sending hours that opened, claims of a
    runner that died)."""
    from django.utils import timezone

    from .models import Enrollment, Journey
    from .triggers import scan_triggers

    counts = scan_triggers()
    due = Enrollment.objects.filter(
        status__in=Enrollment.LIVE,
        next_run_at__lte=timezone.now(),
        journey__status=Journey.Status.ACTIVE,
    ).exists()
    if due:
        journeys_advance.enqueue()
    return {**counts, "due": due}
