"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .models import WorkerHeartbeat


@never_cache
def healthz(request):
    """The process is up and answers."""
    return JsonResponse({"status": "ok"})


def _backend() -> str:
    return settings.TASKS["default"]["BACKEND"]


def _uses_worker() -> bool:
    return _backend().startswith(("django_tasks_db", "django_tasks_rq"))


def _rq_workers() -> int:
    from django_rq import get_connection
    from rq import Worker

    return Worker.count(connection=get_connection("default"))


@never_cache
def readyz(request):
    """The database answers and, when work is queued in the database, a worker is alive."""
    checks: dict[str, dict] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any driver error means "not ready"
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    if not _uses_worker():
        checks["worker"] = {"ok": True, "detail": "tasks run in the web process"}
    elif _backend().startswith("django_tasks_rq"):
        try:
            alive = _rq_workers()
            checks["worker"] = {"ok": alive > 0, "alive": alive}
        except Exception as exc:  # Redis down
            checks["worker"] = {"ok": False, "error": type(exc).__name__}
    elif checks["database"]["ok"]:
        window = timedelta(seconds=settings.WORKER_HEARTBEAT_SECONDS * 3)
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=timezone.now() - window).count()
        checks["worker"] = {"ok": alive > 0, "alive": alive}
    else:
        checks["worker"] = {"ok": False, "error": "database unavailable"}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
