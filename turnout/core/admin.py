from django.contrib import admin

from .models import AuditEvent, Job, PeriodicRun, WorkerHeartbeat


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organization", "actor", "action", "target_repr"]
    list_filter = ["action"]
    search_fields = ["action", "target_repr", "organization__name"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["uuid", "attempts", "started_at", "heartbeat_at", "finished_at"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker_id", "hostname", "pid", "started_at", "last_seen"]


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    list_display = ["name", "slot", "started_at", "finished_at"]
    list_filter = ["name"]
