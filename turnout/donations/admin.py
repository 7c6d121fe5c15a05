from django.contrib import admin

from . import models


@admin.register(models.LegalProfile)
class LegalProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind"]
    raw_id_fields = ["organization"]


@admin.register(models.LegalLimit)
class LegalLimitAdmin(admin.ModelAdmin):
    list_display = ["kind", "key", "amount_cents", "valid_from", "valid_until"]
    list_filter = ["kind"]


@admin.register(models.FundraisingPage)
class FundraisingPageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "organization", "status", "raised_cents"]
    raw_id_fields = ["organization", "campaign", "created_by"]


@admin.register(models.Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "provider", "status"]
    raw_id_fields = ["organization", "person", "page"]


@admin.register(models.Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "provider", "status", "paid_at"]
    list_filter = ["status", "provider"]
    raw_id_fields = ["organization", "person", "page", "subscription", "recorded_by"]


@admin.register(models.ProviderEvent)
class ProviderEventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "received_at", "outcome"]
    list_filter = ["provider", "outcome"]
    raw_id_fields = ["organization"]


@admin.register(models.ReceiptCounter)
class ReceiptCounterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "year", "last_number"]
    raw_id_fields = ["organization"]


@admin.register(models.Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "kind", "amount_cents", "issued_at"]
    list_filter = ["kind", "year"]
    raw_id_fields = ["organization", "person", "donation", "cancels"]
