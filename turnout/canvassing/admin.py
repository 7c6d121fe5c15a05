from django.contrib import admin

from . import models


@admin.register(models.PollingStation)
class PollingStationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "commune_code", "number", "place"]
    search_fields = ["commune_name", "place", "name"]
    raw_id_fields = ["organization"]


@admin.register(models.ElectionResult)
class ElectionResultAdmin(admin.ModelAdmin):
    list_display = ["station", "election", "registered", "voters", "abstentions"]
    raw_id_fields = ["organization", "station"]


@admin.register(models.AddressPoint)
class AddressPointAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "doors", "station"]
    search_fields = ["street", "city", "external_id"]
    raw_id_fields = ["organization", "station", "job"]


@admin.register(models.Effort)
class EffortAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "doors_per_turf"]
    raw_id_fields = ["organization", "created_by"]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    search_fields = ["name"]
    raw_id_fields = ["organization", "members"]


@admin.register(models.Turf)
class TurfAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "status", "doors", "assigned_to", "assigned_team"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "effort", "assigned_to", "assigned_team"]


@admin.register(models.TurfStop)
class TurfStopAdmin(admin.ModelAdmin):
    list_display = ["__str__", "turf", "position"]
    raw_id_fields = ["turf", "effort", "address"]


@admin.register(models.TurfAssignment)
class TurfAssignmentAdmin(admin.ModelAdmin):
    list_display = ["turf", "user", "team", "assigned_at", "ended_at"]
    raw_id_fields = ["organization", "turf", "user", "team", "assigned_by"]


@admin.register(models.Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "outcome", "visited_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["organization", "effort", "turf", "address", "canvasser", "person"]


@admin.register(models.VisitRejected)
class VisitRejectedAdmin(admin.ModelAdmin):
    list_display = ["client_id", "organization", "reason_code", "status", "created_at"]
    list_filter = ["status", "reason_code"]
    raw_id_fields = ["organization", "canvasser", "effort", "address", "visit", "reviewed_by"]
