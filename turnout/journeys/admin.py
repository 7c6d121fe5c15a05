from django.contrib import admin

from . import models


@admin.register(models.Journey)
class JourneyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "trigger_kind", "listening_since"]
    list_filter = ["status", "trigger_kind"]
    raw_id_fields = ["organization", "created_by"]


@admin.register(models.Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["__str__", "journey", "kind", "next_key", "alt_key", "removed_at"]
    list_filter = ["kind"]
    raw_id_fields = ["organization", "journey"]


@admin.register(models.Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "journey", "status", "next_run_at", "claimed_at", "attempts"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "journey", "person", "step"]


@admin.register(models.StepRun)
class StepRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "ran_at"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "enrollment", "step"]


@admin.register(models.FollowUpTask)
class FollowUpTaskAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "assignee", "due_on", "done_at"]
    raw_id_fields = [
        "organization",
        "person",
        "assignee",
        "done_by",
        "journey",
        "step",
        "enrollment",
    ]


@admin.register(models.SegmentMember)
class SegmentMemberAdmin(admin.ModelAdmin):
    list_display = ["__str__", "journey", "created_at"]
    raw_id_fields = ["organization", "journey", "person"]
