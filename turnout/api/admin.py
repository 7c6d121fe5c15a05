from django.contrib import admin

from . import models


@admin.register(models.WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "active", "consecutive_failures", "created_at"]
    list_filter = ["active", "disabled_reason"]
    raw_id_fields = ["organization", "created_by"]
    exclude = ["secret"]


@admin.register(models.WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "type", "created_at", "scrubbed_at"]
    list_filter = ["type"]
    raw_id_fields = ["organization"]


@admin.register(models.WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "status", "attempt_count", "last_status_code"]
    list_filter = ["status"]
    raw_id_fields = ["organization", "subscription", "event"]
