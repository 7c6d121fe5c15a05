from django.contrib import admin

from . import models


class SponsorInline(admin.TabularInline):
    model = models.ActionSponsor
    extra = 0
    raw_id_fields = ["organization"]
    fields = ["organization", "opt_in_label", "is_owner", "position", "hidden"]


@admin.register(models.Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "kind", "status", "signature_count", "organization"]
    list_filter = ["kind", "status", "organization"]
    search_fields = ["slug"]
    readonly_fields = ["signature_count"]
    raw_id_fields = ["created_by"]
    inlines = [SponsorInline]


@admin.register(models.ActionSponsor)
class ActionSponsorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action", "organization", "is_owner", "hidden"]
    raw_id_fields = ["action", "organization"]


@admin.register(models.Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action", "status", "created_at", "organization"]
    list_filter = ["status", "organization"]
    raw_id_fields = ["action", "person", "referrer", "referring_organization"]


@admin.register(models.SponsorOptIn)
class SponsorOptInAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sponsor", "granted", "created_at"]
    raw_id_fields = ["submission", "sponsor", "person"]


@admin.register(models.Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action", "confirmed_total", "named_count", "counted_at"]
    raw_id_fields = ["action", "job", "created_by"]
    readonly_fields = ["confirmed_total", "named_count", "unnamed_count", "counted_at"]


@admin.register(models.SubmissionIntake)
class SubmissionIntakeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action", "outcome", "created_at", "processed_at", "organization"]
    list_filter = ["outcome", "organization"]
    raw_id_fields = ["action", "submission", "organization"]
    readonly_fields = ["processed_at", "attempts", "submission"]


@admin.register(models.IntakeSpoolFile)
class IntakeSpoolFileAdmin(admin.ModelAdmin):
    """Read only: written by the movers (docs/decisions/0101); a file's row goes with it."""

    list_display = ["name", "offset", "updated_at"]
    readonly_fields = ["name", "offset", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
