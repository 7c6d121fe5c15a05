"""Background tasks of the messaging app (django-tasks)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from turnout.core.jobs import job_handler
from turnout.core.periodic import periodic


@task(queue_name="messages")
def dispatch_messages(provider: str) -> dict:
    from django.conf import settings

    from .dispatch import dispatch_run
    from .models import Broadcast
    from .services import broadcast_finish_check

    stats = dispatch_run(provider=provider, max_seconds=settings.TURNOUT_DISPATCH_MAX_SECONDS)
    for broadcast in Broadcast.objects.filter(status=Broadcast.Status.SENDING):
        broadcast_finish_check(broadcast=broadcast)
    return {"sent": stats.sent, "failed": stats.failed, "suppressed": stats.suppressed}


@job_handler("broadcast_enqueue")
def broadcast_enqueue_job(job, progress):
    from .models import Broadcast
    from .services import broadcast_enqueue

    broadcast = Broadcast.objects.get(pk=job.params["broadcast_id"], organization=job.organization)
    if broadcast.status == Broadcast.Status.CANCELLED:
        return {"queued": 0}
    return {"queued": broadcast_enqueue(broadcast=broadcast, progress=progress)}


@periodic("messaging_tick", every=timedelta(minutes=1))
def messaging_tick() -> dict:
    """Every minute: settle the messages of dispatchers that died, start scheduled
    broadcasts, and wake dispatchers for messages whose sending hour has come."""
    from .dispatch import dispatch_recover, providers_with_due_messages
    from .models import Broadcast
    from .services import broadcast_finish_check, broadcasts_release_scheduled, dispatch_start

    recovered = dispatch_recover()
    released = broadcasts_release_scheduled()
    due = providers_with_due_messages()
    for provider in due:
        dispatch_start(provider=provider)
    for broadcast in Broadcast.objects.filter(status=Broadcast.Status.SENDING):
        broadcast_finish_check(broadcast=broadcast)
    return {**recovered, "released": released, "woken": len(due)}
