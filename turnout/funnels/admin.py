from django.contrib import admin

from . import models


@admin.register(models.Ladder)
class LadderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "version", "recomputed_at"]
    raw_id_fields = ["organization", "recompute_job"]


@admin.register(models.Rung)
class RungAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "position"]
    list_filter = ["organization"]
    raw_id_fields = ["organization"]


@admin.register(models.PersonRung)
class PersonRungAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rung", "since", "organization"]
    raw_id_fields = ["organization", "person", "rung"]


@admin.register(models.RungReached)
class RungReachedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rung", "reached_at", "organization"]
    raw_id_fields = ["organization", "person", "rung"]
