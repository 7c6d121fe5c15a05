from django.contrib import admin

from . import models


@admin.register(models.ReminderProgram)
class ReminderProgramAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "status", "email", "sms"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "election", "created_by"]


@admin.register(models.ReminderSubscription)
class ReminderSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "program", "channel", "status", "source", "created_at"]
    list_filter = ["status", "channel", "source"]
    raw_id_fields = ["organization", "program", "person", "consent"]


@admin.register(models.ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "kind", "skipped", "created_at"]
    list_filter = ["kind", "round"]
    raw_id_fields = ["subscription", "message"]


class PerkCodeInline(admin.TabularInline):
    model = models.PerkCode
    extra = 0
    readonly_fields = ["claimed_at"]
    show_change_link = True


@admin.register(models.PerkOffer)
class PerkOfferAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "partner_name", "country", "status"]
    list_filter = ["status", "country"]
    search_fields = ["slug", "partner_name"]
    raw_id_fields = ["organization", "election"]


@admin.register(models.PerkCode)
class PerkCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "offer", "claimed_at"]
    search_fields = ["code"]
    raw_id_fields = ["offer"]


@admin.register(models.PerkClaim)
class PerkClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "created_at", "redeemed_at"]
    list_filter = ["source", "redeemed_via"]
    raw_id_fields = ["organization", "offer", "person", "code"]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind", "declared_audience", "campaign"]
    list_filter = ["kind"]
    raw_id_fields = ["organization", "campaign"]


@admin.register(models.PlacementDay)
class PlacementDayAdmin(admin.ModelAdmin):
    list_display = ["__str__", "day", "clicks"]
    raw_id_fields = ["placement"]
