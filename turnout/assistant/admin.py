from django.contrib import admin

from . import models


@admin.register(models.Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "slug", "organization", "country", "kind", "date"]
    list_filter = ["country", "kind"]
    search_fields = ["slug"]
    raw_id_fields = ["organization", "campaign"]


@admin.register(models.Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = [
        "slug", "organization", "country", "language", "election", "status", "last_verified",
        "shipped_version",
    ]  # fmt: skip
    list_filter = ["country", "language", "status"]
    search_fields = ["slug", "question", "answer"]
    raw_id_fields = ["organization", "election", "owner"]


@admin.register(models.ChannelAccount)
class ChannelAccountAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "channel", "external_id", "country", "active"]
    list_filter = ["channel", "active"]
    raw_id_fields = ["organization", "election"]


class TurnInline(admin.TabularInline):
    model = models.Turn
    extra = 0
    raw_id_fields = ["organization", "entry"]


@admin.register(models.Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "channel", "language", "last_message_at"]
    list_filter = ["channel"]
    raw_id_fields = ["organization", "person", "election", "account"]
    inlines = [TurnInline]


@admin.register(models.Turn)
class TurnAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "outcome", "entry_slug", "confidence"]
    list_filter = ["outcome"]
    raw_id_fields = ["organization", "conversation", "entry"]


@admin.register(models.InboxQuestion)
class InboxQuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "status", "language", "created_at"]
    list_filter = ["status"]
    raw_id_fields = [
        "organization", "election", "turn", "conversation", "answered_by", "entry",
    ]  # fmt: skip
