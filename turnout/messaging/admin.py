from django.contrib import admin

from . import models


@admin.register(models.OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "subject", "sender"]
    list_filter = ["channel"]
    search_fields = ["subject", "body"]


@admin.register(models.MessagingSettings)
class MessagingSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "sms_sender", "quiet_hours", "time_zone"]
    list_select_related = ["organization"]


@admin.register(models.Broadcast)
class BroadcastAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "channel", "status", "recipients", "created_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["organization"]
    raw_id_fields = ["segment", "people_list", "job", "created_by"]


@admin.register(models.Message)
class MessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by the dispatcher and the webhooks only."""

    list_display = ["created_at", "organization", "channel", "direction", "status", "provider"]
    list_filter = ["channel", "direction", "status", "provider"]
    list_select_related = ["organization"]
    raw_id_fields = ["broadcast", "conversation", "person", "sent_by"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["received_at", "provider", "event_id"]
    list_filter = ["provider"]


@admin.register(models.ProviderThrottle)
class ProviderThrottleAdmin(admin.ModelAdmin):
    list_display = ["provider", "next_slot_at"]


@admin.register(models.TextingCampaign)
class TextingCampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["organization"]
    raw_id_fields = ["segment", "people_list", "created_by"]
    filter_horizontal = ["texters"]


@admin.register(models.Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "status", "texter", "last_message_at"]
    list_filter = ["status"]
    list_select_related = ["campaign", "texter"]
    raw_id_fields = ["campaign", "person", "texter"]


@admin.register(models.SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "campaign", "reveals_opinion"]
    raw_id_fields = ["campaign"]


@admin.register(models.SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "answer", "created_at"]
    raw_id_fields = ["question", "conversation", "answered_by"]


@admin.register(models.CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "position"]
    raw_id_fields = ["campaign", "tag", "question"]
