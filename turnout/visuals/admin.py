from django.contrib import admin

from . import models


@admin.register(models.VisualTemplate)
class VisualTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "version", "created_at"]
    search_fields = ["name"]
    raw_id_fields = ["organization", "created_by"]
    readonly_fields = ["version", "spec"]


@admin.register(models.BrandKit)
class BrandKitAdmin(admin.ModelAdmin):
    list_display = ["organization", "primary", "secondary", "text", "font", "updated_at"]
    raw_id_fields = ["organization"]
    readonly_fields = ["content_hash", "logo_kind"]


@admin.register(models.Render)
class RenderAdmin(admin.ModelAdmin):
    list_display = ["template", "template_version", "organization", "language", "format", "size"]
    list_filter = ["format", "language"]
    raw_id_fields = ["organization", "template"]
