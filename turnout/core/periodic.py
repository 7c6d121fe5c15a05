"""Periodic work (retention, reminders, reconciliations) run by the workers themselves.

Register with ``@periodic("name", every=timedelta(hours=24))``. Every worker calls
``periodic_run_due()`` on its heartbeat; time is cut into slots of ``every`` and the first
worker to insert the (name, slot) row runs it, so a task runs once per slot however many
workers there are, and a slot missed while no worker ran is caught up once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PeriodicRun

logger = logging.getLogger("turnout.periodic")


@dataclass
class PeriodicTask:
    name: str
    every: timedelta
    func: Callable[[], dict | None]


REGISTRY: dict[str, PeriodicTask] = {}


def periodic(name: str, *, every: timedelta):
    def register(func):
        REGISTRY[name] = PeriodicTask(name=name, every=every, func=func)
        return func

    return register


def current_slot(task: PeriodicTask, now=None) -> str:
    now = now or timezone.now()
    seconds = int(task.every.total_seconds())
    return str(int(now.timestamp()) // seconds)


def periodic_run_due(now=None) -> list[str]:
    ran = []
    for task in REGISTRY.values():
        slot = current_slot(task, now)
        try:
            with transaction.atomic():
                run = PeriodicRun.objects.create(name=task.name, slot=slot)
        except IntegrityError:
            continue  # another worker has it
        try:
            result = task.func() or {}
        except Exception:
            logger.exception("periodic task failed", extra={"task": task.name})
            result = {"error": True}
        PeriodicRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), result=result)
        ran.append(task.name)
    return ran
