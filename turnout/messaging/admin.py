from django.contrib import admin

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "subject", "sender"]
    list_filter = ["channel"]
    search_fields = ["subject", "body"]
