"""Background tasks of the assistant's channels (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task(queue_name="messages")
def whatsapp_reply_send(turn_id: int) -> dict:
    from .whatsapp import reply_send

    return reply_send(turn_id=turn_id)
