from django.contrib import admin

from . import models


class SponsorInline(admin.TabularInline):
    model = models.ActionSponsor
    extra = 0
    raw_id_fields = ["organization"]


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
    list_display = ["__str__", "action", "organization", "is_owner"]
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
