from django.contrib import admin

from . import models


@admin.register(models.Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "organization", "status", "election_date"]
    list_filter = ["status", "election_kind"]
    search_fields = ["slug"]
    raw_id_fields = ["organization", "pledge_action", "parent", "created_by"]


@admin.register(models.CharterVersion)
class CharterVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "number", "created_at"]
    raw_id_fields = ["campaign", "created_by"]


@admin.register(models.Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "role", "position"]
    raw_id_fields = ["campaign"]


@admin.register(models.Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "organization", "status", "points"]
    list_filter = ["status"]
    raw_id_fields = ["campaign", "organization", "charter", "charter_signed_by", "decided_by"]


@admin.register(models.Quest)
class QuestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "tier", "points", "verification"]
    raw_id_fields = ["campaign"]


@admin.register(models.QuestProgress)
class QuestProgressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quest", "status", "value"]
    list_filter = ["status"]
    raw_id_fields = ["participation", "quest", "submitted_by", "reviewed_by"]


@admin.register(models.Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "participation", "kind", "network", "created_at"]
    list_filter = ["kind", "network"]
    raw_id_fields = ["campaign", "participation", "render", "created_by"]


@admin.register(models.MeasuredDay)
class MeasuredDayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day", "clicks", "page_views"]
    raw_id_fields = ["campaign", "participation"]


@admin.register(models.DeclaredReach)
class DeclaredReachAdmin(admin.ModelAdmin):
    list_display = ["__str__", "participation", "kind", "figure"]
    raw_id_fields = ["participation", "contribution", "declared_by"]


@admin.register(models.Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "prospect", "stage", "value_cents"]
    list_filter = ["stage"]
    raw_id_fields = ["organization", "prospect", "campaign", "owner"]


@admin.register(models.LeadStageChange)
class LeadStageChangeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "lead", "changed_at"]
    raw_id_fields = ["lead", "changed_by"]
