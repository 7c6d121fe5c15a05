from django.contrib import admin

from . import models


class ShiftInline(admin.TabularInline):
    model = models.Shift
    extra = 0


@admin.register(models.Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "organization", "status", "visibility", "starts_at"]
    list_filter = ["status", "visibility"]
    search_fields = ["slug"]
    raw_id_fields = [
        "organization", "host", "proposed_by", "approved_by", "created_by", "campaign",
    ]  # fmt: skip
    inlines = [ShiftInline]


@admin.register(models.Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "starts_at", "capacity"]
    raw_id_fields = ["event"]


@admin.register(models.Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "status", "attended_at"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "event", "shift", "person", "checked_in_by"]
    exclude = ["token"]


@admin.register(models.ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "sent_at", "skipped"]
    list_filter = ["kind"]
    raw_id_fields = ["attendance", "message"]
